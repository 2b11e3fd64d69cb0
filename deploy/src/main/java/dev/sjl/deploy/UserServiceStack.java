package dev.sjl.deploy;

import dev.sjl.functions.DynamoDbRefreshTokenOwners;
import dev.sjl.functions.FunctionCatalog;
import dev.sjl.functions.ServiceFunction;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.ApiKeys;
import dev.sjl.apigateway.UserApi;
import dev.sjl.avatars.ThumbnailHandler;
import dev.sjl.cognito.CognitoConfig;
import dev.sjl.cognito.PreSignUpHandler;
import dev.sjl.cognito.UserPoolDefinition;
import dev.sjl.documents.DocumentRule;
import dev.sjl.dynamodb.UsersTable;
import dev.sjl.notifications.Channel;
import dev.sjl.notifications.FanOut;
import dev.sjl.notifications.IdempotencyStore;
import dev.sjl.preferences.PreferencesApi;
import dev.sjl.preferences.PreferencesGrant;
import dev.sjl.preferences.PreferencesHandler;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.regioninfo.RegionInfo;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaResponseType;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOriginWithOACProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.CfnUserPoolGroup;
import software.amazon.awscdk.services.cognito.LambdaVersion;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.UserPoolOperation;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordPolicyType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RecoveryOptionNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user service on AWS, built from the definitions the labs test: lab 05's {@link ApiDefinition} and stage, lab
 * 04's {@link UserPoolDefinition}, lab 06's {@link UsersTable}, lab 07's {@link FanOut} and {@link DocumentRule}.
 * The RDS variant is lab 08's {@code UsersNetworkStack}, deployed as a second stack by {@link DeployApp}.
 *
 * <p>Every permission is a grant written here, function by function, with exactly the actions that function's code
 * calls; the IAM coverage test holds each grant to the bytecode, so a grant nobody needs or a call nobody granted
 * fails the build.
 */
public final class UserServiceStack extends Stack {

    /** Published versions run from a snapshot of the initialized JVM; everything calls this alias, never $LATEST. */
    public static final String LIVE_ALIAS = "live";
    public static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;
    /** Receives before a message moves to its DLQ: enough for a provider's short outage, then a human looks. */
    public static final int MAX_RECEIVES = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, software.amazon.awscdk.services.lambda.Alias> aliases = new LinkedHashMap<>();
    private final FunctionCode code;
    private final Topic alarms;
    private final SnsAction notify;
    private final ApiDefinition apiDefinition;

    public UserServiceStack(Construct scope, String id, StackProps props, FunctionCode code, ApiDefinition.Stage stage) {
        super(scope, id, props);
        this.code = code;

        // Alarms first: every resource below adds its own.
        alarms = Topic.Builder.create(this, "AlarmTopic").displayName("user service alarms")
                .masterKey(Alias.fromAliasName(this, "AlarmTopicKey", "alias/aws/sns")).enforceSsl(true).build();
        notify = new SnsAction(alarms);

        for (ServiceFunction function : FunctionCatalog.ALL) {
            function(function);
        }

        // tag::table[]
        Table users = table("UsersTable", UsersTable.definition(stage.variables().get(dev.sjl.apigateway.Stages.USERS_TABLE)),
                UsersTable.EXPIRES_AT, StreamViewType.NEW_IMAGE);
        Table idempotency = table("IdempotencyTable", IdempotencyStore.definition("notification-idempotency"),
                IdempotencyStore.EXPIRES_AT, null);
        // end::table[]

        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL).enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .removalPolicy(RemovalPolicy.RETAIN).build();
        Bucket web = privateBucket("WebClientBucket", accessLogs, "web/", List.of());
        Distribution cdn = Distribution.Builder.create(this, "WebClientDistribution")
                .defaultRootObject("index.html")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(web))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).build())
                .enableLogging(true).logBucket(accessLogs).logFilePrefix("cdn/")
                .build();
        String webOrigin = "https://" + cdn.getDistributionDomainName();
        List<String> origins = new ArrayList<>(stage.cors().allowOrigins());
        origins.add(webOrigin);

        // tag::bucket[]
        // The browser PUTs the avatar straight to S3 with the presigned URL: CORS for the web client's origins only.
        Bucket avatars = privateBucket("AvatarBucket", accessLogs, "avatars/", List.of(CorsRule.builder()
                .allowedOrigins(origins)
                .allowedMethods(List.of(HttpMethods.PUT, HttpMethods.GET))
                // The presigned PUT signs content-type and content-length; the browser sends exactly those.
                .allowedHeaders(List.of("content-type", "content-length"))
                .maxAge(3600).build()));
        // end::bucket[]
        // Thumbnails through a distribution of their own: on the web client's, the avatar bucket (whose CORS names
        // the web client's domain) and that distribution would each need the other first.
        Distribution.Builder.create(this, "AvatarDistribution")
                .defaultBehavior(BehaviorOptions.builder()
                        // Only thumbnails/: uploads (unchecked originals) and documents stay behind presigned URLs.
                        .origin(S3BucketOrigin.withOriginAccessControl(avatars, S3BucketOriginWithOACProps.builder()
                                .originPath("/" + ThumbnailHandler.THUMBNAILS.replace("/", "")).build()))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).build())
                .enableLogging(true).logBucket(accessLogs).logFilePrefix("avatar-cdn/")
                .build();

        UserPool pool = userPool(UserPoolDefinition.pool("users", null));
        UserPoolClient client = appClient(pool, UserPoolDefinition.appClient("unused", "web"));
        CfnUserPoolGroup.Builder.create(this, "AdminGroup").userPoolId(pool.getUserPoolId())
                .groupName(UserPoolDefinition.ADMIN_GROUP).description("May list every user").build();

        notifications(users, idempotency);
        documents(avatars);

        // Thumbnails: a new avatar under users/ (the upload's key prefix), never the handler's own thumbnails/ writes.
        avatars.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(alias(FunctionCatalog.THUMBNAILS)),
                NotificationKeyFilter.builder().prefix("users/").build());

        environment(pool, client, users, avatars, idempotency, stage);
        grants(pool, users, avatars, idempotency);

        apiDefinition = withAvatarRoutes(UserApi.definition(pool.getUserPoolProviderUrl(), client.getUserPoolClientId()));
        api(apiDefinition, stage, origins);

        // The HTTP API's invoke permissions name this API (SourceArn); they name the account too, as Control Tower's
        // CT.LAMBDA.PR.2 asks of a service principal (the confused-deputy guard). An aspect, so it sees every
        // permission the integrations and the authorizer add, whenever they add it.
        Aspects.of(this).add(new IAspect() {
            @Override
            public void visit(software.constructs.IConstruct node) {
                if (node instanceof CfnPermission permission
                        && "apigateway.amazonaws.com".equals(permission.getPrincipal())
                        && permission.getSourceAccount() == null) {
                    permission.setSourceAccount(getAccount());
                }
            }
        });
    }

    /**
     * Lab 05's routes, lab 06's avatar routes (from {@code AvatarApi.routeTable()}, behind the Cognito authorizer) and
     * lab 09's preferences routes ({@code PreferencesApi.routes()}).
     * The capstone's {@code SystemApi.definition} is meant to hold every route in one place; this stack takes it once
     * it exists.
     */
    static ApiDefinition withAvatarRoutes(ApiDefinition api) {
        List<ApiDefinition.Route> routes = new ArrayList<>(api.routes());
        for (dev.sjl.http.Router.RouteInfo route : dev.sjl.avatars.AvatarApi.routeTable()) {
            if (!"JWT".equals(route.access())) {
                throw new IllegalStateException("avatar route " + route + ": only JWT routes are deployed here");
            }
            routes.add(new ApiDefinition.Route(route.method() + " " + route.path(), FunctionCatalog.AVATARS,
                    UserApi.COGNITO, List.of(UserApi.USER_SCOPE)));
        }
        routes.addAll(PreferencesApi.routes());
        return new ApiDefinition(routes, api.jwt(), api.apiKey());
    }

    /** The API definition this stack deployed, with this pool's issuer and client. */
    public ApiDefinition apiDefinition() {
        return apiDefinition;
    }

    /** The functions by name (lab 05's constants), for the checks. */
    public Map<String, Function> functions() {
        return Map.copyOf(functions);
    }

    private void function(ServiceFunction spec) {
        LogGroup logs = LogGroup.Builder.create(this, spec.name() + "-logs").retention(LOG_RETENTION)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        // A role of its own, without AWS's managed AWSLambdaBasicExecutionRole (logs:* on every log group): the
        // function writes its own log group and nothing else it was not granted below.
        Role role = Role.Builder.create(this, spec.name() + "-role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("user service function " + spec.name()).build();
        logs.grantWrite(role);
        Function function = Function.Builder.create(this, spec.name())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handlerString())
                .code(code.code(spec))
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                // SnapStart (Java 11+ managed runtimes, arm64 included): init runs once per published version.
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(logs)
                .role(role)
                .description("user service: " + spec.name())
                .build();
        functions.put(spec.name(), function);
        aliases.put(spec.name(), software.amazon.awscdk.services.lambda.Alias.Builder.create(this, spec.name() + "-live")
                .aliasName(LIVE_ALIAS).version(function.getCurrentVersion()).build());
        alarm(spec.name() + "-errors", function.metricErrors(MetricOptions.builder().statistic("Sum")
                .period(Duration.minutes(5)).build()), 1);
        alarm(spec.name() + "-throttles", function.metricThrottles(MetricOptions.builder().statistic("Sum")
                .period(Duration.minutes(5)).build()), 1);
    }

    private IFunction alias(String name) {
        return aliases.get(name);
    }

    private Function fn(String name) {
        return functions.get(name);
    }

    // tag::grants[]
    /**
     * Exactly the actions each function's code calls, on exactly its resources. The IAM coverage test compares these
     * with the bytecode: add a call, add its grant here.
     */
    private void grants(UserPool pool, Table users, Bucket avatars, Table idempotency) {
        allow(UserApi.USERS_FUNCTION, List.of(pool.getUserPoolArn()), "cognito-idp:ListUsers");
        // Lab 04's handler still routes GET /users itself (the gateway sends that route to `users`): its code can list.
        // ... and ends every login of a user whose refresh token came back after rotation spent it.
        allow(UserApi.ACCOUNTS_FUNCTION, List.of(pool.getUserPoolArn()), "cognito-idp:ListUsers",
                "cognito-idp:AdminUserGlobalSignOut");
        // The owners of refresh tokens (DynamoDbRefreshTokenOwners): its own items only, never a profile.
        fn(UserApi.ACCOUNTS_FUNCTION).addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem", "dynamodb:GetItem")).resources(List.of(users.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                        List.of(DynamoDbRefreshTokenOwners.KEY_PREFIX + "*")))).build());
        allow(UserApi.API_KEY_AUTHORIZER_FUNCTION, List.of(apiKeysArn()), "ssm:GetParameter");
        allow(FunctionCatalog.AVATARS, List.of(avatars.arnForObjects("users/*"), avatars.arnForObjects(ThumbnailHandler.THUMBNAILS + "*")),
                "s3:PutObject", "s3:GetObject");
        allow(FunctionCatalog.AVATARS, List.of(users.getTableArn()), "dynamodb:GetItem");
        allow(FunctionCatalog.THUMBNAILS, List.of(avatars.arnForObjects("*")), "s3:GetObject", "s3:PutObject",
                "s3:DeleteObject");
        allow(FunctionCatalog.THUMBNAILS, List.of(users.getTableArn()), "dynamodb:UpdateItem");
        allow(FunctionCatalog.DOCUMENT_VALIDATOR, List.of(avatars.arnForObjects(DocumentRule.UPLOADS + "*")),
                "s3:GetObject", "s3:PutObjectTagging");
        // Lab 06's repository on the users table: the trigger writes the profile (two conditional puts in one
        // transaction) and reads it back on a retry; a machine client reads one profile.
        allow(FunctionCatalog.POST_CONFIRMATION, List.of(users.getTableArn()), "dynamodb:PutItem", "dynamodb:GetItem");
        allow(UserApi.INTERNAL_USERS_FUNCTION, List.of(users.getTableArn()), "dynamodb:GetItem");
        // Lab 09's grant, as the lab wrote it (PreferencesGrant): the same data its test checks.
        for (PreferencesGrant.Grant grant : PreferencesGrant.grants(users.getTableArn())) {
            allow(grant.function(), grant.resources(), grant.actions().toArray(String[]::new));
        }
        for (String worker : List.of(FunctionCatalog.EMAIL_WORKER, FunctionCatalog.SMS_WORKER)) {
            allow(worker, List.of(idempotency.getTableArn()), "dynamodb:GetItem", "dynamodb:PutItem",
                    "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        }
    }
    // end::grants[]

    /**
     * One parameter per key hash, under the folder. The partition from CDK's region facts, not the AWS::Partition
     * token: cdk-nag can only acknowledge the resulting wildcard on a literal ARN (see DeployApp.environment()).
     */
    private String apiKeysArn() {
        String partition = Token.isUnresolved(getRegion()) ? getPartition()
                : RegionInfo.get(getRegion()).getPartition();
        return "arn:" + partition + ":ssm:" + getRegion() + ":" + getAccount() + ":parameter" + apiKeysPath() + "/*";
    }

    /** The folder of the API key hashes (lab 05's ApiKeys). */
    public static String apiKeysPath() {
        return "/user-service/api-keys";
    }

    private void allow(String function, List<String> resources, String... actions) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(fn(function))
                .actions(List.of(actions)).resourceArns(resources).build());
    }

    private void environment(UserPool pool, UserPoolClient client, Table users, Bucket avatars, Table idempotency,
                             ApiDefinition.Stage stage) {
        fn(UserApi.ACCOUNTS_FUNCTION).addEnvironment(CognitoConfig.USER_POOL_ID.name(), pool.getUserPoolId());
        fn(UserApi.ACCOUNTS_FUNCTION).addEnvironment(CognitoConfig.USER_POOL_CLIENT_ID.name(), client.getUserPoolClientId());
        fn(UserApi.ACCOUNTS_FUNCTION).addEnvironment("USERS_TABLE", users.getTableName());
        fn(UserApi.USERS_FUNCTION).addEnvironment(CognitoConfig.USER_POOL_ID.name(), pool.getUserPoolId());
        fn(UserApi.API_KEY_AUTHORIZER_FUNCTION).addEnvironment(ApiKeys.API_KEYS_PATH.name(), apiKeysPath());
        fn(FunctionCatalog.AVATARS).addEnvironment("AVATAR_BUCKET", avatars.getBucketName());
        fn(FunctionCatalog.AVATARS).addEnvironment("USERS_TABLE", users.getTableName());
        fn(FunctionCatalog.THUMBNAILS).addEnvironment("USERS_TABLE", users.getTableName());
        fn(FunctionCatalog.POST_CONFIRMATION).addEnvironment("USERS_TABLE", users.getTableName());
        fn(UserApi.INTERNAL_USERS_FUNCTION).addEnvironment("USERS_TABLE", users.getTableName());
        fn(FunctionCatalog.PREFERENCES).addEnvironment(PreferencesHandler.USERS_TABLE.name(), users.getTableName());
        // Empty: every domain not known to be disposable may sign up.
        fn(FunctionCatalog.PRE_SIGN_UP).addEnvironment(PreSignUpHandler.ALLOWED_EMAIL_DOMAINS.name(), "");
        for (Channel channel : Channel.values()) {
            Function worker = fn(channel == Channel.EMAIL ? FunctionCatalog.EMAIL_WORKER : FunctionCatalog.SMS_WORKER);
            worker.addEnvironment("CHANNEL", channel.id());
            worker.addEnvironment("IDEMPOTENCY_TABLE", idempotency.getTableName());
        }
    }

    // tag::pool[]
    /** Lab 04's pool request, read field by field: the pool the tests create is the pool deployed. */
    private UserPool userPool(CreateUserPoolRequest definition) {
        PasswordPolicyType password = definition.policies().passwordPolicy();
        boolean emailSignIn = definition.usernameAttributes().contains(UsernameAttributeType.EMAIL);
        boolean emailRecoveryOnly = definition.accountRecoverySetting().recoveryMechanisms().stream()
                .allMatch(m -> m.name() == RecoveryOptionNameType.VERIFIED_EMAIL);
        UserPool pool = UserPool.Builder.create(this, "UserPool")
                .userPoolName(definition.poolName())
                .selfSignUpEnabled(true)
                // Essentials, said rather than defaulted: refresh-token rotation and the V2 PreTokenGeneration trigger
                // (claims in the access token) exist only from this plan up.
                .featurePlan(FeaturePlan.ESSENTIALS)
                .signInAliases(SignInAliases.builder().email(emailSignIn).username(!emailSignIn).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(password.minimumLength())
                        .requireLowercase(password.requireLowercase())
                        .requireUppercase(password.requireUppercase())
                        .requireDigits(password.requireNumbers())
                        .requireSymbols(password.requireSymbols())
                        .tempPasswordValidity(Duration.days(password.temporaryPasswordValidityDays())).build())
                .accountRecovery(emailRecoveryOnly ? AccountRecovery.EMAIL_ONLY : AccountRecovery.EMAIL_AND_PHONE_WITHOUT_MFA)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        pool.addTrigger(UserPoolOperation.PRE_SIGN_UP, alias(FunctionCatalog.PRE_SIGN_UP));
        pool.addTrigger(UserPoolOperation.POST_CONFIRMATION, alias(FunctionCatalog.POST_CONFIRMATION));
        pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, alias(FunctionCatalog.PRE_TOKEN_GENERATION),
                LambdaVersion.V2_0);
        return pool;
    }

    private UserPoolClient appClient(UserPool pool, CreateUserPoolClientRequest definition) {
        return UserPoolClient.Builder.create(this, "WebClient")
                .userPool(pool)
                .userPoolClientName(definition.clientName())
                .generateSecret(definition.generateSecret())
                .authFlows(AuthFlow.builder()
                        .userPassword(definition.explicitAuthFlows().contains(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH))
                        .userSrp(definition.explicitAuthFlows().contains(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH))
                        .build())
                .preventUserExistenceErrors(definition.preventUserExistenceErrors() == PreventUserExistenceErrorTypes.ENABLED)
                // The definition allows no OAuth flow (no hosted UI): left to its defaults, CDK would allow the
                // implicit and code grants to https://example.com.
                .disableOAuth(!Boolean.TRUE.equals(definition.allowedOAuthFlowsUserPoolClient()))
                .enableTokenRevocation(definition.enableTokenRevocation())
                .accessTokenValidity(Duration.minutes(UserPoolDefinition.ACCESS_TOKEN_VALIDITY.toMinutes()))
                .idTokenValidity(Duration.minutes(UserPoolDefinition.ID_TOKEN_VALIDITY.toMinutes()))
                .refreshTokenValidity(Duration.days(UserPoolDefinition.REFRESH_TOKEN_VALIDITY.toDays()))
                // Rotation on, with the definition's grace period: lab 04's CognitoAccounts refreshes only through
                // GetTokensFromRefreshToken and treats a reused token as a theft.
                .refreshTokenRotationGracePeriod(Duration.seconds(definition.refreshTokenRotation().retryGracePeriodSeconds()))
                .build();
    }
    // end::pool[]

    /** Lab 06's table request (or lab 07's), with what a production table adds: PITR, deletion protection, TTL. */
    private Table table(String id, CreateTableRequest definition, String ttlAttribute, StreamViewType stream) {
        Map<String, AttributeType> types = new LinkedHashMap<>();
        definition.attributeDefinitions().forEach(a -> types.put(a.attributeName(), AttributeType.valueOf(
                switch (a.attributeType()) {
                    case S -> "STRING";
                    case N -> "NUMBER";
                    case B -> "BINARY";
                    default -> throw new IllegalArgumentException("attribute type " + a.attributeType());
                })));
        Table.Builder builder = Table.Builder.create(this, id)
                .tableName(definition.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .partitionKey(key(definition.keySchema(), KeyType.HASH, types))
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .timeToLiveAttribute(ttlAttribute);
        Attribute sort = key(definition.keySchema(), KeyType.RANGE, types);
        if (sort != null) {
            builder.sortKey(sort);
        }
        if (stream != null) {
            builder.stream(stream);
        }
        Table table = builder.build();
        if (definition.hasGlobalSecondaryIndexes()) {
            definition.globalSecondaryIndexes().forEach(index -> table.addGlobalSecondaryIndex(
                    GlobalSecondaryIndexProps.builder().indexName(index.indexName())
                            .partitionKey(key(index.keySchema(), KeyType.HASH, types))
                            .sortKey(key(index.keySchema(), KeyType.RANGE, types))
                            .projectionType(ProjectionType.valueOf(index.projection().projectionTypeAsString()))
                            .build()));
        }
        return table;
    }

    private static Attribute key(List<KeySchemaElement> schema, KeyType type, Map<String, AttributeType> types) {
        return schema.stream().filter(k -> k.keyType() == type).findFirst()
                .map(k -> Attribute.builder().name(k.attributeName()).type(types.get(k.attributeName())).build())
                .orElse(null);
    }

    private Bucket privateBucket(String id, Bucket accessLogs, String logPrefix, List<CorsRule> cors) {
        return Bucket.Builder.create(this, id)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix(logPrefix)
                .cors(cors.isEmpty() ? null : cors)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    // tag::fan-out[]
    /** Lab 07's pipeline: the table's stream, the publisher, the topic, one queue (and DLQ) per channel. */
    private void notifications(Table users, Table idempotency) {
        Topic events = Topic.Builder.create(this, "UserEvents").displayName("user events")
                .masterKey(Alias.fromAliasName(this, "UserEventsKey", "alias/aws/sns")).enforceSsl(true).build();
        Function publisher = fn(FunctionCatalog.SIGNUP_PUBLISHER);
        publisher.addEnvironment("TOPIC_ARN", events.getTopicArn());
        events.grantPublish(publisher);
        Queue publisherFailures = queue("SignUpPublisherFailures", FanOut.deadLetterQueueAttributes(), null);
        aliases.get(FunctionCatalog.SIGNUP_PUBLISHER).addEventSource(DynamoEventSource.Builder.create(users)
                .startingPosition(StartingPosition.LATEST)
                .batchSize(100)
                .reportBatchItemFailures(true)
                .bisectBatchOnError(true)
                .retryAttempts(MAX_RECEIVES)
                .onFailure(new SqsDlq(publisherFailures))
                .build());
        for (Channel channel : Channel.values()) {
            String name = channel == Channel.EMAIL ? FunctionCatalog.EMAIL_WORKER : FunctionCatalog.SMS_WORKER;
            ServiceFunction worker = FunctionCatalog.named(name);
            Queue dlq = queue(channel.id() + "-dlq", FanOut.deadLetterQueueAttributes(), null);
            Map<QueueAttributeName, String> attributes = FanOut.queueAttributes(dlq.getQueueArn(),
                    java.time.Duration.ofSeconds(worker.timeoutSeconds()), MAX_RECEIVES);
            Queue queue = queue(channel.id(), attributes, dlq);
            Map<String, String> subscription = FanOut.subscriptionAttributes(channel);
            events.addSubscription(SqsSubscription.Builder.create(queue)
                    .rawMessageDelivery(Boolean.parseBoolean(subscription.get("RawMessageDelivery"))).build());
            filterPolicy(queue, subscription.get("FilterPolicy"));
            providerSettings(channel, fn(name));
            aliases.get(name).addEventSource(SqsEventSource.Builder.create(queue).batchSize(10)
                    .reportBatchItemFailures(true).build());
        }
    }
    // end::fan-out[]

    /**
     * The provider's address and credentials. The worker reads its credentials from the environment (lab 07); they
     * come from a Secrets Manager secret by a dynamic reference, so no value is in this code or the template, but the
     * resolved value is visible in the function's configuration: reading the secret at init would be better.
     */
    private void providerSettings(Channel channel, Function worker) {
        Secret secret = Secret.Builder.create(this, channel.id() + "-provider-secret")
                .description("credentials of the " + channel.id() + " provider: replace the generated value")
                .build();
        worker.addEnvironment("SENDER", channel == Channel.EMAIL ? "welcome@example.com" : "+15005550006");
        if (channel == Channel.EMAIL) {
            worker.addEnvironment("PROVIDER_URL", "https://api.sendgrid.com");
            worker.addEnvironment("SENDGRID_API_KEY", secret.getSecretValue().unsafeUnwrap());
        } else {
            worker.addEnvironment("PROVIDER_URL", "https://api.twilio.com");
            worker.addEnvironment("TWILIO_ACCOUNT_SID", secret.secretValueFromJson("accountSid").unsafeUnwrap());
            worker.addEnvironment("TWILIO_AUTH_TOKEN", secret.secretValueFromJson("authToken").unsafeUnwrap());
        }
    }

    /** The subscription's filter, as lab 07 wrote it (JSON), set on the subscription the CDK created. */
    private void filterPolicy(Queue queue, String filterPolicy) {
        for (software.constructs.IConstruct child : queue.getNode().findAll()) {
            if (child instanceof CfnSubscription subscription) {
                subscription.addPropertyOverride("FilterPolicy", parse(filterPolicy));
                return;
            }
        }
        throw new IllegalStateException("no subscription found for queue " + queue.getNode().getPath());
    }

    private Queue queue(String id, Map<QueueAttributeName, String> attributes, Queue deadLetters) {
        Queue.Builder builder = Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.seconds(Long.parseLong(attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD))));
        if (attributes.containsKey(QueueAttributeName.VISIBILITY_TIMEOUT)) {
            builder.visibilityTimeout(Duration.seconds(Long.parseLong(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))));
        }
        if (deadLetters != null) {
            int maxReceives = JSON.valueToTree(parse(attributes.get(QueueAttributeName.REDRIVE_POLICY)))
                    .path("maxReceiveCount").asInt();
            builder.deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(maxReceives).build());
        }
        Queue queue = builder.build();
        if (deadLetters == null) {
            // A message in a dead-letter queue is a notification that was not sent: someone should look today.
            alarm(id + "-not-empty", queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                    .statistic("Maximum").period(Duration.minutes(5)).build()), 1);
        }
        return queue;
    }

    // tag::rule[]
    /** Lab 07's rule: S3's Object Created events for uploads/ go to the validator. */
    private void documents(Bucket bucket) {
        // The bucket sends its events to EventBridge (the CDK turns that on with the notification resource).
        bucket.enableEventBridgeNotification();
        String placeholder = "BUCKET-NAME";
        Map<String, Object> pattern = parse(DocumentRule.eventPattern(placeholder));
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) pattern.get("detail");
        @SuppressWarnings("unchecked")
        Map<String, Object> bucketField = (Map<String, Object>) detail.get("bucket");
        bucketField.put("name", List.of(bucket.getBucketName()));
        Rule rule = Rule.Builder.create(this, "DocumentUploaded")
                .eventPattern(EventPattern.builder().source(List.of("aws.s3")).build())
                .targets(List.of(new LambdaFunction(alias(FunctionCatalog.DOCUMENT_VALIDATOR))))
                .build();
        ((CfnRule) rule.getNode().getDefaultChild()).addPropertyOverride("EventPattern", pattern);
    }
    // end::rule[]

    // tag::api[]
    /** Lab 05's API definition and stage, as an HTTP API with its JWT and Lambda authorizers. */
    private void api(ApiDefinition definition, ApiDefinition.Stage stage, List<String> origins) {
        ApiDefinition.Cors cors = stage.cors();
        HttpApi api = HttpApi.Builder.create(this, "UserApi")
                .apiName("user-service")
                .createDefaultStage(false)
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(origins)
                        .allowMethods(cors.allowMethods().stream().map(CorsHttpMethod::valueOf).toList())
                        .allowHeaders(cors.allowHeaders())
                        .allowCredentials(cors.allowCredentials())
                        .maxAge(Duration.seconds(cors.maxAge().toSeconds())).build())
                .build();

        ApiDefinition.JwtAuthorizerSpec jwt = definition.jwt();
        HttpJwtAuthorizer cognito = HttpJwtAuthorizer.Builder.create(jwt.name(), jwt.issuer())
                .authorizerName(jwt.name())
                .jwtAudience(jwt.audience())
                .identitySource(List.of(jwt.identitySource()))
                .build();
        ApiDefinition.LambdaAuthorizerSpec key = definition.apiKey();
        HttpLambdaAuthorizer apiKey = HttpLambdaAuthorizer.Builder.create(key.name(), alias(key.function()))
                .authorizerName(key.name())
                .identitySource(key.identitySources())
                .responseTypes(List.of(HttpLambdaResponseType.SIMPLE))
                .resultsCacheTtl(Duration.seconds(key.resultTtl().toSeconds()))
                .build();

        Map<String, HttpLambdaIntegration> integrations = new LinkedHashMap<>();
        for (ApiDefinition.Route route : definition.routes()) {
            String[] methodAndPath = route.routeKey().split(" ", 2);
            IHttpRouteAuthorizer authorizer = switch (route.authorizer()) {
                case ApiDefinition.PUBLIC -> new HttpNoneAuthorizer();
                case UserApi.COGNITO -> cognito;
                case UserApi.API_KEY -> apiKey;
                default -> throw new IllegalArgumentException("route " + route.routeKey() + ": unknown authorizer "
                        + route.authorizer());
            };
            HttpLambdaIntegration integration = integrations.computeIfAbsent(route.function(), name ->
                    new HttpLambdaIntegration(name + "-integration", alias(name)));
            api.addRoutes(AddRoutesOptions.builder()
                    .path(methodAndPath[1])
                    .methods(List.of(HttpMethod.valueOf(methodAndPath[0])))
                    .integration(integration)
                    .authorizer(authorizer)
                    .authorizationScopes(route.scopes().isEmpty() ? null : route.scopes())
                    .build());
        }

        LogGroup accessLog = LogGroup.Builder.create(this, "ApiAccessLog").retention(LOG_RETENTION)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        HttpStage httpStage = HttpStage.Builder.create(this, "Stage")
                .httpApi(api)
                .stageName(stage.name())
                .autoDeploy(true)
                .stageVariables(stage.variables())
                .throttle(ThrottleSettings.builder().rateLimit(stage.defaultThrottle().rate())
                        .burstLimit(stage.defaultThrottle().burst()).build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLog);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(stage.accessLogFormat());
                    }
                })
                .build();
        Map<String, Object> routeSettings = new LinkedHashMap<>();
        stage.routeThrottles().forEach((routeKey, throttle) -> routeSettings.put(routeKey, Map.of(
                "ThrottlingRateLimit", throttle.rate(), "ThrottlingBurstLimit", throttle.burst())));
        ((CfnStage) httpStage.getNode().getDefaultChild()).addPropertyOverride("RouteSettings", routeSettings);
        alarm("api-5xx", api.metricServerError(MetricOptions.builder().statistic("Sum")
                .period(Duration.minutes(5)).build()), 5);
    }
    // end::api[]

    private void alarm(String id, IMetric metric, double threshold) {
        Alarm alarm = Alarm.Builder.create(this, id + "-alarm").metric(metric).threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1).treatMissingData(TreatMissingData.NOT_BREACHING).build();
        alarm.addAlarmAction(notify);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

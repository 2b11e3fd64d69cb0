package dev.sjl.system;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.ApiKeyAuthorizer;
import dev.sjl.apigateway.ApiKeys;
import dev.sjl.apigateway.InternalUsersHandler;
import dev.sjl.apigateway.MeHandler;
import dev.sjl.apigateway.UserApi;
import dev.sjl.apigateway.UsersHandler;
import dev.sjl.avatars.AvatarApi;
import dev.sjl.avatars.AvatarProfiles;
import dev.sjl.avatars.AvatarUploads;
import dev.sjl.avatars.ThumbnailHandler;
import dev.sjl.cognito.CognitoAuthHandler;
import dev.sjl.cognito.CognitoConfig;
import dev.sjl.cognito.PoolKeys;
import dev.sjl.cognito.PostConfirmationHandler;
import dev.sjl.cognito.PreSignUpHandler;
import dev.sjl.cognito.PreTokenGenerationHandler;
import dev.sjl.cognito.UserPoolDefinition;
import dev.sjl.dynamodb.DynamoDbUserRepository;
import dev.sjl.dynamodb.UsersTable;
import dev.sjl.functions.DynamoDbRefreshTokenOwners;
import dev.sjl.lambda.Env;
import dev.sjl.localcloud.EventSourceMapping;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.context.LocalLambdaContext;
import dev.sjl.localcloud.gateway.AccessLog;
import dev.sjl.localcloud.gateway.Authorization;
import dev.sjl.localcloud.gateway.CorsConfiguration;
import dev.sjl.localcloud.gateway.Integration;
import dev.sjl.localcloud.gateway.JwtAuthorizer;
import dev.sjl.localcloud.gateway.LambdaAuthorizer;
import dev.sjl.localcloud.gateway.LocalHttpApi;
import dev.sjl.localcloud.gateway.Throttle;
import dev.sjl.localcloud.providers.FakeProviders;
import dev.sjl.notifications.Channel;
import dev.sjl.notifications.FanOut;
import dev.sjl.notifications.IdempotencyStore;
import dev.sjl.notifications.NotificationProvider;
import dev.sjl.notifications.NotificationWorker;
import dev.sjl.notifications.SendGridEmailProvider;
import dev.sjl.notifications.SignUpPublisher;
import dev.sjl.notifications.TwilioSmsProvider;
import dev.sjl.preferences.PreferencesApi;
import dev.sjl.preferences.PreferencesHandler;
import dev.sjl.preferences.PreferencesStore;
import dev.sjl.users.UserRepository;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreTokenGenerationLambdaVersionType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole user service on the local cloud, started in one call: what {@code ./kit run} runs and what the capstone's
 * smoke test starts. It creates, in order, what a deployment creates:
 * <ol>
 *   <li>the DynamoDB users table (lab 06) with its stream (lab 07), and the notifications' idempotency table;</li>
 *   <li>the Cognito pool and web app client (lab 04) with its PreSignUp, PostConfirmation and PreTokenGeneration
 *       triggers, PostConfirmation writing the profile to the users table;</li>
 *   <li>the private avatars bucket with CORS for the web client's origin, its object-created notification calling the
 *       thumbnail function (lab 06);</li>
 *   <li>the notification pipeline (lab 07): stream → {@code signup-publisher} → SNS topic → one SQS queue and DLQ per
 *       channel → {@code email-worker}/{@code sms-worker} → the fake SendGrid/Twilio providers;</li>
 *   <li>every function registered once, in the local cloud's {@link FunctionRegistry} (so Cognito, S3, the event
 *       source mappings and the gateway all reach the same code), and {@link SystemApi#definition} served by the local
 *       gateway with the JWT authorizer on the pool and CORS for the web client's origin only;</li>
 *   <li>the {@link LocalConsole} (web client and local-only inboxes) on a port of its own;</li>
 *   <li>an administrator, whose random password is returned once by {@link #adminPassword()}.</li>
 * </ol>
 */
public final class LocalUserService implements AutoCloseable {

    public static final String USERS_TABLE = "users";
    public static final String SENT_TABLE = "notifications-sent";
    public static final String AVATARS_BUCKET = "avatars";
    public static final String TOPIC = "user-events";
    public static final String POOL_NAME = "user-service";
    public static final String API_KEYS_PATH = "/user-service/local/api-keys";
    public static final String ADMIN_EMAIL = "admin@sjl.example";

    /**
     * The fixed loopback ports {@code kit run} uses, next to the local cloud's 14560-14566 and, like them, below every
     * system's ephemeral port range, so no outgoing connection can be holding one.
     */
    public static final int GATEWAY_PORT = 14570;
    public static final int CONSOLE_PORT = 14571;

    /** The workers' timeout, as lab 07's pipeline: a retried message comes back within seconds. */
    static final Duration WORKER_TIMEOUT = Duration.ofSeconds(10);
    static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(3);
    /** How often {@code outbox-relay} runs under {@code --db postgres}: a welcome follows a sign-up within a second. */
    static final Duration OUTBOX_INTERVAL = Duration.ofMillis(500);
    public static final String OUTBOX_RELAY_FUNCTION = "outbox-relay";
    /**
     * The timeout of the functions that use PostgreSQL. Lambda's default (3 s) is lab 08's connection timeout itself,
     * so a function waiting for a database that is down would be killed before it could answer its own 503; lab 08's
     * store waits 3 s, retries a lost connection once, and answers well inside this.
     */
    static final Duration DATABASE_FUNCTION_TIMEOUT = Duration.ofSeconds(8);
    /**
     * The timeout of {@code accounts} on PostgreSQL: its confirmation waits for Cognito, which waits for the
     * PostConfirmation trigger on the database, so it must outlast the trigger to answer with the trigger's outcome.
     */
    static final Duration ACCOUNTS_ON_DATABASE_TIMEOUT = Duration.ofSeconds(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * How to start. {@code fixedPorts}: the local cloud on its documented ports and the gateway and console on
     * {@link #GATEWAY_PORT}/{@link #CONSOLE_PORT} (kit run); otherwise free ports (tests).
     */
    public record Options(boolean fixedPorts, Path logDirectory, Consumer<String> accessLog,
                          ApiDefinition.Throttle throttle, Duration integrationTimeout, Duration workerTimeout,
                          Database database, Duration outboxInterval) {
        public Options {
            accessLog = accessLog == null ? line -> { } : accessLog;
            database = database == null ? Database.DYNAMODB : database;
            outboxInterval = outboxInterval == null ? OUTBOX_INTERVAL : outboxInterval;
        }

        /** The local stage's throttle and API Gateway's 30 s integration timeout, as {@code kit run} serves. */
        public Options(boolean fixedPorts, Path logDirectory, Consumer<String> accessLog) {
            this(fixedPorts, logDirectory, accessLog, null, null, null, null, null);
        }

        public static Options forTests() {
            return new Options(false, null, null);
        }

        /**
         * Every route throttled at {@code throttle} instead of the stage's limits: a race or a load test needs its
         * requests to reach the functions, not the local stage's 10 requests/s.
         */
        public Options withThrottle(ApiDefinition.Throttle throttle) {
            return new Options(fixedPorts, logDirectory, accessLog, throttle, integrationTimeout, workerTimeout, database,
                    outboxInterval);
        }

        /** The gateway gives up on a function after this (API Gateway's limit is 30 s, which a test should not wait). */
        public Options withIntegrationTimeout(Duration timeout) {
            return new Options(fixedPorts, logDirectory, accessLog, throttle, timeout, workerTimeout, database,
                    outboxInterval);
        }

        /**
         * The notification workers' timeout ({@link #WORKER_TIMEOUT} otherwise): their queues' visibility is six times
         * it, so a fault test sees a retried message, or a poison one reach its DLQ, in seconds rather than minutes.
         */
        public Options withWorkerTimeout(Duration timeout) {
            return new Options(fixedPorts, logDirectory, accessLog, throttle, integrationTimeout, timeout, database,
                    outboxInterval);
        }

        /** Where the accounts live: {@link Database#DYNAMODB} (the default) or lab 08's PostgreSQL. */
        public Options withDatabase(Database store) {
            return new Options(fixedPorts, logDirectory, accessLog, throttle, integrationTimeout, workerTimeout, store,
                    outboxInterval);
        }

        /** How often the PostgreSQL outbox is relayed ({@link #OUTBOX_INTERVAL} otherwise). */
        public Options withOutboxInterval(Duration interval) {
            return new Options(fixedPorts, logDirectory, accessLog, throttle, integrationTimeout, workerTimeout, database,
                    interval);
        }
    }

    /** The user store {@code kit run --db} chooses. */
    public enum Database {
        /** Lab 06's users table; sign-up events from its stream through {@code signup-publisher}. */
        DYNAMODB("dynamodb"),
        /** Lab 08's PostgreSQL repository; sign-up events from its outbox through {@code outbox-relay}. */
        POSTGRES("postgres");

        private final String id;

        Database(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The store named {@code id} ({@code dynamodb} or {@code postgres}), if it is one. */
        public static java.util.Optional<Database> of(String id) {
            for (Database database : values()) {
                if (database.id.equals(id)) {
                    return java.util.Optional.of(database);
                }
            }
            return java.util.Optional.empty();
        }
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private LocalCloud cloud;
    private FakeProviders providers;
    private LocalConsole console;
    private LocalHttpApi api;
    private String poolId;
    private String clientId;
    /** cognito-local's endpoint and a slash: the pool's issuer without the pool's id. */
    private String cognitoBase;
    private String adminPassword;
    private String timings = "";
    private volatile long s3Millis;
    private Database database = Database.DYNAMODB;
    private PostgresUserStore postgres;

    private LocalUserService() {
    }

    public static LocalUserService start(Options options) {
        LocalUserService service = new LocalUserService();
        try {
            service.startAll(Objects.requireNonNull(options, "options"));
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private void startAll(Options options) {
        // Everything but S3 first: S3 (S3Proxy on jclouds) is among the slowest to start, so the
        // tables, the pool and the pipeline are made while it starts (below).
        database = options.database();
        List<Service> services = new ArrayList<>(List.of(Service.DYNAMODB, Service.SQS, Service.SNS, Service.COGNITO,
                Service.SSM, Service.LAMBDA));
        if (database == Database.POSTGRES) {
            services.addAll(List.of(Service.POSTGRES, Service.SECRETS_MANAGER));
        }
        LocalCloud.Builder builder = LocalCloud.builder().services(services).fixedPorts(options.fixedPorts());
        if (options.logDirectory() != null) {
            builder.logDirectory(options.logDirectory());
        }
        long started = System.nanoTime();
        cloud = builder.start();
        resources.add(cloud);
        long cloudReady = System.nanoTime();
        providers = FakeProviders.start();
        resources.add(providers);
        // The console first: its origin is the one the gateway's CORS and the web client need.
        console = LocalConsole.start(options.fixedPorts() ? CONSOLE_PORT : 0, this);
        resources.add(console);

        DynamoDbClient dynamo = cloud.clients().dynamoDb();
        FunctionRegistry functions = cloud.functions();
        // While S3 starts, the cloud holds its lock: whatever asks it for an endpoint waits. So every other endpoint
        // is read, and every client made, before.
        cognitoBase = cloud.endpoint(Service.COGNITO) + "/";
        for (Class<?> client : List.of(DynamoDbClient.class, DynamoDbStreamsClient.class, CognitoIdentityProviderClient.class,
                SnsClient.class, SqsClient.class, SsmClient.class, SecretsManagerClient.class)) {
            cloud.clients().client(client);
        }
        // The list cursors' sealing key: random per start, as a deployment keeps it in a secret, never in code.
        byte[] cursorKey = new byte[32];
        RANDOM.nextBytes(cursorKey);
        DynamoDbUserRepository profiles = new DynamoDbUserRepository(dynamo, USERS_TABLE, cursorKey);
        UserRepository users = profiles;
        if (database == Database.POSTGRES) {
            // The profile item for the avatars and preferences is made in the users table below, before any sign-up.
            postgres = PostgresUserStore.start(cloud, profiles);
            resources.add(postgres);
            users = postgres;
        }
        UserRepository store = users;

        // Three independent stacks of resources, created side by side while S3 starts: most of each is waiting on an
        // emulator. The avatars need S3, so theirs waits for it.
        ExecutorService creators = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-user-service-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> s3 = creators.submit(() -> {
                long s3Started = System.nanoTime();
                cloud.ensureStarted(List.of(Service.S3));
                s3Millis = millis(s3Started, System.nanoTime());
            });
            List<Future<?>> created = List.of(
                    creators.submit(() -> {
                        UsersTable.create(dynamo, USERS_TABLE);
                        // DynamoDB: the table's stream is the outbox. PostgreSQL: lab 08's user_events is, and the
                        // table's stream stays off, or every profile item would announce its user a second time.
                        createNotifications(functions, dynamo,
                                database == Database.DYNAMODB ? SignUpPublisher.enableStream(dynamo, USERS_TABLE) : null,
                                options.workerTimeout() == null ? WORKER_TIMEOUT : options.workerTimeout(),
                                options.outboxInterval());
                        // Lab 09's slice: the caller's notification preferences, an item in the same table.
                        functions.register(PreferencesApi.FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class,
                                new PreferencesHandler(new PreferencesStore(dynamo, USERS_TABLE))));
                    }),
                    creators.submit(() -> {
                        createPool(functions, store);
                        registerUserApi(functions, store);
                    }),
                    creators.submit(() -> {
                        await(s3);
                        createAvatars(functions, dynamo, console.origin());
                    }));
            for (Future<?> future : created) {
                await(future);
            }
        } finally {
            creators.shutdownNow();
        }
        ApiDefinition.Stage stage = SystemApi.localStage(console.origin());
        if (options.throttle() != null) {
            stage = new ApiDefinition.Stage(stage.name(), stage.variables(), options.throttle(), Map.of(), stage.cors(),
                    stage.accessLogFormat());
        }
        api = serve(functions, SystemApi.definition(issuer(), clientId), stage,
                options.fixedPorts() ? GATEWAY_PORT : 0, options.accessLog(), options.integrationTimeout());
        resources.add(api);
        long wired = System.nanoTime();
        adminPassword = seedAdmin();
        timings = "local cloud " + millis(started, cloudReady) + " ms, resources and functions " + millis(cloudReady, wired)
                + " ms with S3 starting for " + s3Millis + " ms of them, admin " + millis(wired, System.nanoTime()) + " ms";
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the user service", e);
        }
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    /** Where the start's time went, for {@code kit run}'s ready line. */
    public String timings() {
        return timings;
    }

    // tag::pool[]
    private void createPool(FunctionRegistry functions, UserRepository users) {
        functions.register(SystemApi.PRE_SIGN_UP_FUNCTION, Functions.handler(CognitoUserPoolPreSignUpEvent.class,
                new PreSignUpHandler(Set.of(), PreSignUpHandler.DISPOSABLE_DOMAINS)));
        functions.register(SystemApi.POST_CONFIRMATION_FUNCTION, Functions.handler(CognitoUserPoolPostConfirmationEvent.class,
                new PostConfirmationHandler(users, Clock.systemUTC())), storeTimeout(), 512);
        functions.register(SystemApi.PRE_TOKEN_FUNCTION, Functions.handler(CognitoUserPoolPreTokenGenerationEventV2.class,
                new PreTokenGenerationHandler()));
        LambdaConfigType triggers = LambdaConfigType.builder()
                .preSignUp(functions.arn(SystemApi.PRE_SIGN_UP_FUNCTION))
                .postConfirmation(functions.arn(SystemApi.POST_CONFIRMATION_FUNCTION))
                .preTokenGenerationConfig(p -> p.lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0)
                        .lambdaArn(functions.arn(SystemApi.PRE_TOKEN_FUNCTION)))
                .build();
        CognitoIdentityProviderClient cognito = cloud.clients().cognito();
        poolId = cognito.createUserPool(UserPoolDefinition.pool(POOL_NAME, triggers)).userPool().id();
        clientId = cognito.createUserPoolClient(UserPoolDefinition.appClient(poolId, "web")).userPoolClient().clientId();
        cognito.createGroup(UserPoolDefinition.adminGroup(poolId));
    }
    // end::pool[]

    /** Lambda's default timeout for the functions on the users store; {@link #DATABASE_FUNCTION_TIMEOUT} on PostgreSQL. */
    private Duration storeTimeout() {
        return database == Database.POSTGRES ? DATABASE_FUNCTION_TIMEOUT : LocalLambdaContext.DEFAULT_TIMEOUT;
    }

    private void registerUserApi(FunctionRegistry functions, UserRepository users) {
        CognitoIdentityProviderClient cognito = cloud.clients().cognito();
        CognitoConfig config = CognitoConfig.from(new Env(Map.of("USER_POOL_ID", poolId, "USER_POOL_CLIENT_ID", clientId,
                "AWS_REGION", "us-east-1", "COGNITO_ISSUER", issuer())));
        functions.register(UserApi.ACCOUNTS_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class,
                new CognitoAuthHandler(config, cognito, PoolKeys.fromUrl(config.jwksUri(), Clock.systemUTC()),
                        Clock.systemUTC(), new DynamoDbRefreshTokenOwners(cloud.clients().dynamoDb(), USERS_TABLE,
                        UserPoolDefinition.REFRESH_TOKEN_VALIDITY, Clock.systemUTC()))), database == Database.POSTGRES ? ACCOUNTS_ON_DATABASE_TIMEOUT
                : LocalLambdaContext.DEFAULT_TIMEOUT, 512);
        functions.register(UserApi.ME_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class, new MeHandler()));
        functions.register(UserApi.USERS_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class,
                new UsersHandler(cognito, poolId)));
        functions.register(UserApi.INTERNAL_USERS_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class,
                new InternalUsersHandler(users)), storeTimeout(), 512);
        functions.register(UserApi.API_KEY_AUTHORIZER_FUNCTION, Functions.handler(APIGatewayV2CustomAuthorizerEvent.class,
                new ApiKeyAuthorizer(new ApiKeys(cloud.clients().ssm(), API_KEYS_PATH))));
    }

    // tag::avatars[]
    private void createAvatars(FunctionRegistry functions, DynamoDbClient dynamo, String webOrigin) {
        cloud.clients().s3().createBucket(b -> b.bucket(AVATARS_BUCKET));
        // The browser PUTs the avatar straight to the bucket: its origin, the PUT and the signed Content-Type only.
        cloud.clients().s3().putBucketCors(b -> b.bucket(AVATARS_BUCKET).corsConfiguration(c -> c.corsRules(CORSRule.builder()
                .allowedOrigins(webOrigin).allowedMethods("PUT", "GET").allowedHeaders("content-type")
                .maxAgeSeconds(3600).build())));
        AvatarProfiles profiles = new AvatarProfiles(dynamo, USERS_TABLE);
        functions.register(SystemApi.AVATARS_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class, new AvatarApi(
                new AvatarUploads(cloud.clients().s3Presigner(), AVATARS_BUCKET), profiles, cloud.clients().s3Presigner(),
                AVATARS_BUCKET)));
        functions.register(SystemApi.THUMBNAILS_FUNCTION, Functions.handler(new ThumbnailHandler(cloud.clients().s3(), profiles)));
        // Uploads only: the thumbnails the function writes under thumbnails/ must not call it again.
        cloud.clients().s3().putBucketNotificationConfiguration(b -> b.bucket(AVATARS_BUCKET).notificationConfiguration(n -> n
                .lambdaFunctionConfigurations(c -> c.lambdaFunctionArn(functions.arn(SystemApi.THUMBNAILS_FUNCTION))
                        .events(Event.S3_OBJECT_CREATED)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name(FilterRuleName.PREFIX).value("users/")))))));
    }
    // end::avatars[]

    // tag::notifications[]
    private void createNotifications(FunctionRegistry functions, DynamoDbClient dynamo, String usersStream,
                                     Duration workerTimeout, Duration outboxInterval) {
        SnsClient sns = cloud.clients().sns();
        SqsClient sqs = cloud.clients().sqs();
        String topicArn = sns.createTopic(b -> b.name(TOPIC)).topicArn();
        if (usersStream != null) {
            functions.register(SystemApi.SIGNUP_PUBLISHER_FUNCTION, Functions.handler(new SignUpPublisher(sns, topicArn)),
                    workerTimeout, 512);
            cloud.eventSourceMappings().create(EventSourceMapping.of(usersStream, SystemApi.SIGNUP_PUBLISHER_FUNCTION)
                    .withStartingPosition("TRIM_HORIZON").withBatchSize(100).withReportBatchItemFailures(true));
        } else {
            functions.register(OUTBOX_RELAY_FUNCTION, Functions.handler(ScheduledEvent.class,
                    new OutboxRelay(postgres.dataSource(), new SignUpPublisher(sns, topicArn))), DATABASE_FUNCTION_TIMEOUT, 512);
            OutboxSchedule schedule = OutboxSchedule.start(functions, OUTBOX_RELAY_FUNCTION, outboxInterval);
            synchronized (resources) { // this runs on a start thread, beside the others
                resources.add(schedule);
            }
        }

        IdempotencyStore.create(dynamo, SENT_TABLE);
        IdempotencyStore sent = new IdempotencyStore(dynamo, SENT_TABLE, Clock.systemUTC(), workerTimeout, Duration.ofDays(15));
        // The provider call must end well within the worker's run, or a slow provider times the whole batch out.
        Duration providerTimeout = PROVIDER_TIMEOUT.compareTo(workerTimeout.dividedBy(2)) < 0 ? PROVIDER_TIMEOUT
                : workerTimeout.dividedBy(2);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Map<Channel, NotificationProvider> providerOf = Map.of(
                Channel.EMAIL, new SendGridEmailProvider(http, providers.endpoint(), providers.sendGridApiKey(),
                        "hello@sjl.example", providerTimeout),
                Channel.SMS, new TwilioSmsProvider(http, providers.endpoint(), providers.twilioAccountSid(),
                        providers.twilioAuthToken(), "+15005550006", providerTimeout));
        Map<Channel, String> workerOf = Map.of(Channel.EMAIL, SystemApi.EMAIL_WORKER_FUNCTION,
                Channel.SMS, SystemApi.SMS_WORKER_FUNCTION);
        for (Channel channel : Channel.values()) {
            String deadLetters = queueArn(sqs, channel.id() + "-dlq", FanOut.deadLetterQueueAttributes());
            String queue = queueArn(sqs, channel.id(), FanOut.queueAttributes(deadLetters, workerTimeout, 3));
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queue)
                    .attributes(FanOut.subscriptionAttributes(channel)));
            String worker = workerOf.get(channel);
            // The workers' log lines (no address, no token) go where the function logs would: the console's stdout.
            functions.register(worker, Functions.handler(new NotificationWorker(channel, providerOf.get(channel), sent,
                    line -> { })), workerTimeout, 512);
            cloud.eventSourceMappings().create(EventSourceMapping.of(queue, worker).withBatchSize(5)
                    .withReportBatchItemFailures(true));
        }
    }
    // end::notifications[]

    private static String queueArn(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    // tag::serve[]
    /** The definition on the local gateway: one route, authorizer and stage setting for each in it. */
    private static LocalHttpApi serve(FunctionRegistry functions, ApiDefinition definition, ApiDefinition.Stage stage,
                                      int port, Consumer<String> accessLog, Duration integrationTimeout) {
        ApiDefinition.JwtAuthorizerSpec jwtSpec = definition.jwt();
        JwtAuthorizer jwt = JwtAuthorizer.builder().issuer(jwtSpec.issuer())
                .audience(jwtSpec.audience().toArray(String[]::new))
                .identitySource(jwtSpec.identitySource()).build();
        ApiDefinition.LambdaAuthorizerSpec keySpec = definition.apiKey();
        LambdaAuthorizer apiKey = LambdaAuthorizer.builder().registered(functions, keySpec.function())
                .identitySource(keySpec.identitySources().toArray(String[]::new))
                .resultTtl(keySpec.resultTtl()).build();
        LocalHttpApi.Builder builder = LocalHttpApi.builder().port(port);
        if (integrationTimeout != null) {
            builder.integrationTimeout(integrationTimeout);
        }
        for (ApiDefinition.Route route : definition.routes()) {
            Authorization authorization = switch (route.authorizer()) {
                case ApiDefinition.PUBLIC -> Authorization.none();
                case UserApi.COGNITO -> Authorization.jwt(jwt, route.scopes().toArray(String[]::new));
                case UserApi.API_KEY -> Authorization.lambda(apiKey);
                default -> throw new IllegalArgumentException("Route " + route.routeKey()
                        + " names an authorizer the API does not define: " + route.authorizer());
            };
            builder.route(route.routeKey(), Integration.registered(functions, route.function()), authorization);
        }
        builder.stage(stage.name());
        stage.variables().forEach(builder::stageVariable);
        builder.throttle(Throttle.of(stage.defaultThrottle().rate(), stage.defaultThrottle().burst()));
        stage.routeThrottles().forEach((route, limit) -> builder.routeThrottle(route, Throttle.of(limit.rate(), limit.burst())));
        ApiDefinition.Cors cors = stage.cors();
        builder.cors(CorsConfiguration.builder()
                .allowOrigins(cors.allowOrigins().toArray(String[]::new))
                .allowMethods(cors.allowMethods().toArray(String[]::new))
                .allowHeaders(cors.allowHeaders().toArray(String[]::new))
                .allowCredentials(cors.allowCredentials())
                .maxAge(cors.maxAge()).build());
        builder.accessLog(AccessLog.of(stage.accessLogFormat(), accessLog));
        return builder.build().start();
    }
    // end::serve[]

    /**
     * The administrator, signed up and confirmed through the pool like anyone (so the triggers make the profile), then
     * put in the admin group. The password is random for every start and never stored by the kit.
     */
    private String seedAdmin() {
        String password = randomPassword();
        CognitoIdentityProviderClient cognito = cloud.clients().cognito();
        cognito.signUp(b -> b.clientId(clientId).username(ADMIN_EMAIL).password(password)
                .userAttributes(AttributeType.builder().name("email").value(ADMIN_EMAIL).build()));
        cognito.confirmSignUp(b -> b.clientId(clientId).username(ADMIN_EMAIL)
                .confirmationCode(cloud.cognitoConfirmationCode(poolId, ADMIN_EMAIL)));
        cognito.adminAddUserToGroup(b -> b.userPoolId(poolId).username(ADMIN_EMAIL).groupName(UserPoolDefinition.ADMIN_GROUP));
        return password;
    }

    /** 24 random URL-safe characters, then one of each class the pool's policy requires. */
    static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "Aa7";
    }

    /** The gateway's invoke URL, ending in {@code /}. */
    public URI apiBase() {
        return api.baseUri();
    }

    /** The web client's URL (the console), ending in {@code /}. */
    public URI webBase() {
        return URI.create(console.origin() + "/");
    }

    public String issuer() {
        return cognitoBase + poolId;
    }

    public String poolId() {
        return poolId;
    }

    public String clientId() {
        return clientId;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public LocalCloud cloud() {
        return cloud;
    }

    public FakeProviders providers() {
        return providers;
    }

    /** Where the accounts live in this run. */
    public Database database() {
        return database;
    }

    @Override
    public void close() {
        // Last started, first stopped: the gateway before the functions it calls, the cloud last.
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // keep stopping the rest: a leftover process is worse than a lost close error
            }
        }
        resources.clear();
    }
}

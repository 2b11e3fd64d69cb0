package dev.sjl.deploy;

import dev.sjl.functions.FunctionCatalog;
import dev.sjl.functions.ServiceFunction;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.Stages;
import dev.sjl.apigateway.UserApi;
import dev.sjl.cognito.UserPoolDefinition;
import dev.sjl.documents.DocumentRule;
import dev.sjl.dynamodb.UsersTable;
import dev.sjl.notifications.Channel;
import dev.sjl.notifications.FanOut;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthesized template says what the labs' definitions say: Template.fromStack assertions, one concern a test.
 */
@DisplayName("The user service template: built from the labs' definitions, with production settings")
class UserServiceTemplateTest {

    private static Synthesized app;
    private static Template service;
    private static Template network;

    @BeforeAll
    static void synthesize() {
        app = Synthesized.app();
        service = Template.fromStack(app.built.service());
        network = Template.fromStack(app.built.network());
    }

    @Test
    @DisplayName("Runs every function on Java 21, arm64, with SnapStart, behind a 'live' alias, with 30-day logs")
    void functions() {
        int count = FunctionCatalog.ALL.size();
        // Besides the service's functions, only the CDK's own handler that writes the bucket's notification settings.
        assertThat(service.findResources("AWS::Lambda::Function", Map.of("Properties",
                Match.objectLike(Map.of("Runtime", Match.not("java21")))))).as("functions that are not the service's")
                .hasSize(1).allSatisfy((id, r) -> assertThat(id).startsWith("BucketNotificationsHandler"));
        service.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Runtime", "java21",
                "Architectures", List.of("arm64"), "SnapStart", Map.of("ApplyOn", "PublishedVersions")), count);
        for (ServiceFunction function : FunctionCatalog.ALL) {
            service.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", function.handlerString(),
                    "MemorySize", function.memoryMb(), "Timeout", function.timeoutSeconds()));
        }
        service.resourcePropertiesCountIs("AWS::Lambda::Alias", Map.of("Name", UserServiceStack.LIVE_ALIAS), count);
        // One log group per function and the API's access log.
        service.resourcePropertiesCountIs("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30), count + 1);
        service.allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    @DisplayName("Creates lab 06's table with PITR, deletion protection, its stream and TTL on expiresAt")
    void usersTable() {
        service.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain", "Properties", Match.objectLike(Map.of(
                "TableName", Stages.prod().variables().get(Stages.USERS_TABLE),
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(Map.of("AttributeName", UsersTable.PK, "KeyType", "HASH"),
                        Map.of("AttributeName", UsersTable.SK, "KeyType", "RANGE")),
                "GlobalSecondaryIndexes", Match.arrayWith(List.of(Match.objectLike(Map.of("IndexName", UsersTable.BY_CREATION)))),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "DeletionProtectionEnabled", true,
                "StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE"),
                "TimeToLiveSpecification", Map.of("AttributeName", UsersTable.EXPIRES_AT, "Enabled", true)))));
    }

    @Test
    @DisplayName("Keeps every bucket private and TLS-only, with CORS on the avatar bucket for the web client")
    void buckets() {
        service.allResourcesProperties("AWS::S3::Bucket", Map.of("PublicAccessBlockConfiguration", Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        int buckets = service.findResources("AWS::S3::Bucket").size();
        service.resourcePropertiesCountIs("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))), buckets);
        service.hasResourceProperties("AWS::S3::Bucket", Map.of("CorsConfiguration", Map.of("CorsRules", List.of(
                Match.objectLike(Map.of("AllowedMethods", List.of("PUT", "GET"),
                        "AllowedOrigins", Match.arrayWith(List.of(Stages.PROD_ORIGIN))))))));
    }

    @Test
    @DisplayName("Serves the web client and thumbnails through CloudFront with origin access control")
    void cloudFront() {
        service.resourceCountIs("AWS::CloudFront::Distribution", 2);
        service.resourceCountIs("AWS::CloudFront::OriginAccessControl", 2);
        service.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "DefaultRootObject", "index.html",
                "DefaultCacheBehavior", Match.objectLike(Map.of("ViewerProtocolPolicy", "redirect-to-https"))))));
        service.allResourcesProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "Origins", List.of(Match.objectLike(Map.of("OriginAccessControlId", Match.anyValue(),
                        "S3OriginConfig", Map.of("OriginAccessIdentity", "")))),
                "Logging", Match.objectLike(Map.of("Bucket", Match.anyValue()))))));
        service.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "Origins", List.of(Match.objectLike(Map.of("OriginPath", "/thumbnails")))))));
    }

    @Test
    @DisplayName("Creates lab 04's pool, app client, triggers and admin group")
    void cognito() {
        service.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "UsernameAttributes", List.of("email"),
                "AutoVerifiedAttributes", List.of("email"),
                "Policies", Map.of("PasswordPolicy", Match.objectLike(Map.of(
                        "MinimumLength", UserPoolDefinition.MIN_PASSWORD_LENGTH, "RequireSymbols", false))),
                "LambdaConfig", Match.objectLike(Map.of("PreSignUp", Match.anyValue(),
                        "PostConfirmation", Match.anyValue(),
                        "PreTokenGenerationConfig", Match.objectLike(Map.of("LambdaVersion", "V2_0")))),
                "DeletionProtection", "ACTIVE",
                "UserPoolTier", "ESSENTIALS"));
        service.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "GenerateSecret", false,
                "ExplicitAuthFlows", List.of("ALLOW_USER_PASSWORD_AUTH"),
                // No hosted UI and no OAuth grants: the API signs users in (CDK would allow the implicit grant).
                "AllowedOAuthFlowsUserPoolClient", false,
                "AllowedOAuthFlows", Match.absent(),
                "PreventUserExistenceErrors", "ENABLED",
                "EnableTokenRevocation", true,
                "AccessTokenValidity", (int) UserPoolDefinition.ACCESS_TOKEN_VALIDITY.toMinutes(),
                "RefreshTokenRotation", Map.of("Feature", "ENABLED",
                        "RetryGracePeriodSeconds", UserPoolDefinition.REFRESH_RETRY_GRACE_SECONDS)));
        service.hasResourceProperties("AWS::Cognito::UserPoolGroup", Map.of("GroupName", UserPoolDefinition.ADMIN_GROUP));
    }

    @Test
    @DisplayName("Deploys lab 05's routes, each behind the authorizer and scopes its definition names")
    void api() {
        ApiDefinition definition = app.built.service().apiDefinition();
        service.resourceCountIs("AWS::ApiGatewayV2::Route", definition.routes().size());
        for (ApiDefinition.Route route : definition.routes()) {
            String type = switch (route.authorizer()) {
                case ApiDefinition.PUBLIC -> "NONE";
                case UserApi.COGNITO -> "JWT";
                default -> "CUSTOM";
            };
            service.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route.routeKey(),
                    "AuthorizationType", type,
                    "AuthorizationScopes", route.scopes().isEmpty() ? Match.absent() : route.scopes()));
        }
        service.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("AuthorizerType", "JWT",
                "Name", UserApi.COGNITO, "IdentitySource", List.of("$request.header.Authorization"),
                "JwtConfiguration", Map.of("Audience", List.of(Match.anyValue()), "Issuer", Match.anyValue())));
        service.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("AuthorizerType", "REQUEST",
                "Name", UserApi.API_KEY, "IdentitySource", List.of("$request.header." + UserApi.API_KEY_HEADER),
                "AuthorizerResultTtlInSeconds", 300, "EnableSimpleResponses", true));
    }

    @Test
    @DisplayName("Applies lab 05's prod stage: throttles, login's own limit, stage variables and the access log")
    void stage() {
        ApiDefinition.Stage prod = Stages.prod();
        service.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", prod.name(),
                "StageVariables", prod.variables(),
                "DefaultRouteSettings", Match.objectLike(Map.of("ThrottlingRateLimit", prod.defaultThrottle().rate(),
                        "ThrottlingBurstLimit", prod.defaultThrottle().burst())),
                "RouteSettings", Map.of(UserApi.LOGIN, Map.of("ThrottlingRateLimit", Stages.LOGIN_THROTTLE.rate(),
                        "ThrottlingBurstLimit", Stages.LOGIN_THROTTLE.burst())),
                "AccessLogSettings", Match.objectLike(Map.of("Format", Stages.ACCESS_LOG_FORMAT))));
    }

    @Test
    @DisplayName("Builds lab 07's fan-out: encrypted topic and queues, a DLQ per channel, the channels' filters")
    void fanOut() throws Exception {
        service.allResourcesProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
        service.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of("RedrivePolicy", Map.of(
                "deadLetterTargetArn", Match.anyValue(), "maxReceiveCount", UserServiceStack.MAX_RECEIVES)), 2);
        service.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of("MessageRetentionPeriod",
                (int) FanOut.DEAD_LETTER_RETENTION.toSeconds()), 3);
        service.allResourcesProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        for (Channel channel : Channel.values()) {
            Map<String, Object> filter = new ObjectMapper().readValue(
                    FanOut.subscriptionAttributes(channel).get("FilterPolicy"), new TypeReference<>() { });
            service.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "sqs",
                    "RawMessageDelivery", true, "FilterPolicy", filter));
        }
        service.resourcePropertiesCountIs("AWS::Lambda::EventSourceMapping",
                Map.of("FunctionResponseTypes", List.of("ReportBatchItemFailures")), 3);
        service.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("StartingPosition", "LATEST",
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Match.anyValue()))));
    }

    @Test
    @DisplayName("Sends lab 07's document uploads to the validator with its EventBridge pattern")
    void documentRule() {
        service.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Match.objectLike(Map.of(
                "source", List.of("aws.s3"), "detail-type", List.of("Object Created"),
                "detail", Match.objectLike(Map.of("object", Map.of("key", List.of(Map.of("prefix", DocumentRule.UPLOADS))))))),
                "Targets", List.of(Match.objectLike(Map.of("Arn", Match.anyValue())))));
    }

    @Test
    @DisplayName("Sends every alarm (errors, throttles, dead letters, API 5xx) to the alarm topic")
    void alarms() {
        int expected = 2 * FunctionCatalog.ALL.size() + 3 + 1;
        service.resourceCountIs("AWS::CloudWatch::Alarm", expected);
        String topic = service.getResourceId("AWS::SNS::Topic", Map.of("Properties", Match.objectLike(
                Map.of("DisplayName", "user service alarms"))));
        service.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(Map.of("Ref", topic))));
    }

    @Test
    @DisplayName("Deploys lab 08's network stack as the RDS variant: private encrypted PostgreSQL, no managed policy")
    void rdsVariant() {
        network.hasResourceProperties("AWS::RDS::DBInstance", Map.of("StorageEncrypted", true, "PubliclyAccessible", false));
        network.resourceCountIs("AWS::Lambda::Function", 1);
        network.allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
        assertThat(app.built.network().getTemplateFile()).isEqualTo(DeployApp.NETWORK_STACK + ".template.json");
    }
}

package dev.sjl.deploy;

import dev.sjl.apigateway.ApiDefinition;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.List;

/**
 * Every cdk-nag (AwsSolutions) finding this deployment accepts, each with its reason, on the construct it concerns.
 * Anything not acknowledged here fails synthesis. Findings that are gaps rather than choices say so.
 */
public final class NagAcknowledgments {

    private static final String PACK = "AwsSolutions::";
    /** The CDK's singleton that writes S3 notification settings at deployment. */
    static final String BUCKET_NOTIFICATIONS = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834";

    private final List<String> acknowledged = new ArrayList<>();

    /** The acknowledgments made, {@code id @ path}, for the checks to count and print. */
    public List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    private void ack(IConstruct construct, String id, String reason) {
        Validations.of(construct).acknowledge(Acknowledgment.builder().id(id).reason(reason).build());
        acknowledged.add(id + " @ " + construct.getNode().getPath());
    }

    private static IConstruct child(IConstruct parent, String... path) {
        IConstruct node = parent;
        for (String id : path) {
            node = node.getNode().findChild(id);
        }
        return node;
    }

    private static String ref(Stack stack, IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return stack.resolve(((CfnElement) element).getLogicalId()).toString();
    }

    /** The user service's acknowledgments. */
    public void service(UserServiceStack stack, ApiDefinition api) {
        for (String name : stack.functions().keySet()) {
            IConstruct function = child(stack, name);
            ack(function, PACK + "AwsSolutions-L1", "Java 21 is the runtime the kit targets (issue #19) and SnapStart "
                    + "supports; the functions move to a newer Java runtime with the labs, not ahead of them.");
            // The log group's streams: the only wildcard is the stream name inside the function's own group.
            ack(child(stack, name + "-role", "DefaultPolicy", "Resource"), "AwsSolutions-IAM5[Resource::<"
                    + ref(stack, child(stack, name + "-logs")) + ".Arn>:*]", "Lambda names a log stream per "
                    + "execution environment: the function may write any stream of its own log group, no other group.");
        }
        String bucket = ref(stack, child(stack, "AvatarBucket"));
        ack(policy(stack, ServiceFunction.AVATARS), "AwsSolutions-IAM5[Resource::<" + bucket + ".Arn>/users/*]",
                "Presigned uploads go to users/<sub>/avatar/<uuid>: the key is chosen per request under users/.");
        ack(policy(stack, ServiceFunction.AVATARS), "AwsSolutions-IAM5[Resource::<" + bucket + ".Arn>/thumbnails/*]",
                "Presigned downloads of thumbnails/<key>.png: the key is the profile's, chosen at run time.");
        ack(policy(stack, ServiceFunction.THUMBNAILS), "AwsSolutions-IAM5[Resource::<" + bucket + ".Arn>/*]",
                "Reads an upload under users/ and writes its thumbnail under thumbnails/ or moves it to quarantine/.");
        ack(policy(stack, ServiceFunction.DOCUMENT_VALIDATOR), "AwsSolutions-IAM5[Resource::<" + bucket
                + ".Arn>/uploads/*]", "Validates and tags any document under uploads/, the rule's prefix.");
        ack(policy(stack, dev.sjl.apigateway.UserApi.API_KEY_AUTHORIZER_FUNCTION), "AwsSolutions-IAM5[Resource::arn:"
                        + software.amazon.awscdk.regioninfo.RegionInfo.get(stack.getRegion()).getPartition() + ":ssm:"
                        + stack.getRegion() + ":" + stack.getAccount() + ":parameter" + UserServiceStack.apiKeysPath() + "/*]",
                "The authorizer reads the parameter named after the presented key's hash: one per client, under its folder.");
        ack(policy(stack, ServiceFunction.SIGNUP_PUBLISHER), "AwsSolutions-IAM5[Resource::*]",
                "dynamodb:ListStreams has no resource-level permission: the stream event source needs it on '*'.");

        for (ApiDefinition.Route route : api.routes()) {
            if (ApiDefinition.PUBLIC.equals(route.authorizer())) {
                String[] methodAndPath = route.routeKey().split(" ", 2);
                String id = methodAndPath[0] + methodAndPath[1].replace("/", "--");
                ack(child(stack, "UserApi", id), PACK + "AwsSolutions-APIG4", route.routeKey() + " is how a caller "
                        + "without a token gets one (sign-up, confirmation, login, refresh, logout): it cannot require one.");
            }
        }

        IConstruct pool = child(stack, "UserPool");
        ack(pool, PACK + "AwsSolutions-COG1", "Lab 04's policy: length first (12) with lower, upper and digit; symbols "
                + "are not required (NIST SP 800-63B: composition rules add little over length).");
        ack(pool, PACK + "AwsSolutions-COG2", "MFA is optional in this service's design (lab 04); a pool that needs it "
                + "turns on MFA and the SMS or TOTP flow in the web client.");
        ack(pool, PACK + "AwsSolutions-COG8", "The Plus feature plan (threat protection) is a per-user cost the labs "
                + "do not assume; the Essentials plan keeps the pool's behaviour the labs test.");

        for (String distribution : List.of("WebClientDistribution", "AvatarDistribution")) {
            IConstruct cdn = child(stack, distribution);
            ack(cdn, PACK + "AwsSolutions-CFR1", "A public web client and its users' thumbnails: no country is excluded.");
            ack(cdn, PACK + "AwsSolutions-CFR2", "Static files only; the API has its own throttles. WAF is a "
                    + "per-request cost to add when the service has traffic worth filtering.");
            ack(cdn, PACK + "AwsSolutions-CFR4", "The default *.cloudfront.net certificate cannot set a minimum TLS "
                    + "version; with a custom domain and an ACM certificate set TLSv1.2_2021.");
        }

        ack(child(stack, "SignUpPublisherFailures"), PACK + "AwsSolutions-SQS3", "This queue is the stream event "
                + "source's on-failure destination: it is a dead-letter queue, which SQS3 cannot see.");
        for (String secret : List.of("email-provider-secret", "sms-provider-secret")) {
            ack(child(stack, secret), PACK + "AwsSolutions-SMG4", "A third-party provider's API key: it is rotated "
                    + "at the provider, then written here; no rotation function can do that.");
        }
        IConstruct notifications = stack.getNode().tryFindChild(BUCKET_NOTIFICATIONS);
        if (notifications != null) {
            ack(child(notifications, "Role", "DefaultPolicy", "Resource"), "AwsSolutions-IAM5[Resource::*]",
                    "The CDK's own handler that sets the buckets' notifications at deployment (not a service "
                    + "function): s3:PutBucketNotification on the buckets it is given, logs for itself.");
        }
    }

    private static IConstruct policy(UserServiceStack stack, String function) {
        return child(stack, function + "-role", "DefaultPolicy", "Resource");
    }

    /** Lab 08's stack, reused as it is: what it accepts, and the gaps it has, named. */
    public void network(Stack network) {
        IConstruct database = child(network, "Database");
        ack(database, PACK + "AwsSolutions-RDS3", "One AZ for a teaching deployment (db.t4g.micro); Multi-AZ doubles "
                + "the cost. A production database turns it on.");
        ack(database, PACK + "AwsSolutions-RDS10", "Gap in lab 08's stack: removal policy SNAPSHOT, no deletion "
                + "protection. Kept as lab 08 teaches it; turn deletionProtection on before real data.");
        ack(database, PACK + "AwsSolutions-RDS11", "The default port: a non-default one hides nothing from a scan, "
                + "and the security group admits the function's group only.");
        ack(child(database, "Secret"), PACK + "AwsSolutions-SMG4", "Gap in lab 08's stack: the function rereads the "
                + "secret on rotation (lab 08, task 2) but the stack schedules no rotation yet.");
        ack(child(network, "Vpc"), PACK + "AwsSolutions-VPC7", "Gap in lab 08's stack: no VPC flow log (its reachability "
                + "check stands in for it in tests); add one before real traffic.");
        ack(child(network, "AlarmTopic"), PACK + "AwsSolutions-SNS3", "Gap in lab 08's stack: the alarm topic does "
                + "not refuse non-TLS publishers; CloudWatch publishes over TLS.");
        IConstruct function = child(network, "UsersFunction");
        ack(function, PACK + "AwsSolutions-L1", "Lab 08's function runs Java 17, the labs' language level.");
        ack(child(function, "ServiceRole", "DefaultPolicy", "Resource"), "AwsSolutions-IAM5[Resource::*]",
                "EC2's network-interface actions (what AWSLambdaVPCAccessExecutionRole held) have no resource-level "
                + "scope for Lambda's VPC attachment.");
        ack(child(function, "ServiceRole", "DefaultPolicy", "Resource"), "AwsSolutions-IAM5[Resource::<"
                + ref(network, child(network, "UsersFunctionLogs")) + ".Arn>:*]",
                "The function writes any stream of its own log group, no other group.");
    }
}

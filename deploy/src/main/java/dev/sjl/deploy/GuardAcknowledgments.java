package dev.sjl.deploy;

import dev.sjl.apigateway.ApiDefinition;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnSubnet;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every AWS Control Tower guard rule finding (cfn-guard, run by {@code CfnGuardTest}) this deployment accepts, each
 * with its reason, written into the template as the resource's {@code Metadata.guard}: {@code SuppressedRules} (the
 * rule names, as cfn-guard reports them; the convention of AWS's guard rules registry) and {@code Reasons} (rule name
 * to reason). A finding not acknowledged here, an acknowledgment without a reason, or one that no longer matches a
 * finding fails the check. Findings that are gaps rather than choices say so.
 */
public final class GuardAcknowledgments {

    /** The template's metadata key. */
    public static final String METADATA = "guard";
    public static final String SUPPRESSED_RULES = "SuppressedRules";
    public static final String REASONS = "Reasons";

    private static final String DEFAULT_CERTIFICATE = "The default *.cloudfront.net certificate: no custom "
            + "certificate, SNI or security policy can be set on it. With a custom domain and an ACM certificate, set "
            + "SNI and TLSv1.2_2021.";
    private static final String LOG_KMS = "CloudWatch Logs encrypts every log group at rest with its own key; a "
            + "customer managed key adds a key policy and a cost per request the labs do not assume. Nothing secret "
            + "is logged (SECURITY.md).";
    private static final String LOG_RETENTION = "30 days (UserServiceStack.LOG_RETENTION) is the service's choice: "
            + "the logs are for operating it; a year of application logs keeps users' request data longer than needed.";

    /** Per resource (by construct path), the rules acknowledged and their reasons, in the order made. */
    private final Map<String, Map<String, String>> byResource = new LinkedHashMap<>();
    private final List<String> acknowledged = new ArrayList<>();

    /** The acknowledgments made, {@code rule @ path}, for the check to count and print. */
    public List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /**
     * Acknowledges {@code rule} on the resource {@code construct} is (or whose default child it is), with a reason.
     * Refuses a blank reason: an acknowledgment says why.
     */
    public void acknowledge(IConstruct construct, String rule, String reason) {
        CfnResource resource = resource(construct);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("guard rule " + rule + " on " + resource.getNode().getPath()
                    + ": an acknowledgment needs its reason");
        }
        Map<String, String> rules = byResource.computeIfAbsent(resource.getNode().getPath(), path -> new LinkedHashMap<>());
        rules.put(rule, reason);
        // addMetadata replaces the key: the whole entry is written each time, in the order made (Map.of's order
        // changes from one JVM to the next, and so would the template).
        Map<String, Object> guard = new LinkedHashMap<>();
        guard.put(SUPPRESSED_RULES, List.copyOf(rules.keySet()));
        guard.put(REASONS, new LinkedHashMap<>(rules));
        resource.addMetadata(METADATA, guard);
        acknowledged.add(rule + " @ " + resource.getNode().getPath());
    }

    private void ack(IConstruct construct, String rule, String reason) {
        acknowledge(construct, rule, reason);
    }

    /** Every resource of a CloudFormation type in the stack: for reasons that hold for each of them. */
    private void ackEvery(Stack stack, String type, String rule, String reason) {
        ackEvery(stack, type, r -> true, rule, reason);
    }

    private void ackEvery(Stack stack, String type, Predicate<CfnResource> which, String rule, String reason) {
        List<CfnResource> resources = stack.getNode().findAll().stream()
                .filter(c -> c instanceof CfnResource r && type.equals(r.getCfnResourceType()) && which.test(r))
                .map(CfnResource.class::cast).toList();
        if (resources.isEmpty()) {
            throw new IllegalStateException("no " + type + " in " + stack.getStackName() + " to acknowledge " + rule + " on");
        }
        resources.forEach(r -> ack(r, rule, reason));
    }

    private static CfnResource resource(IConstruct construct) {
        if (construct instanceof CfnResource resource) {
            return resource;
        }
        IConstruct child = construct.getNode().getDefaultChild();
        if (child instanceof CfnResource resource) {
            return resource;
        }
        throw new IllegalArgumentException(construct.getNode().getPath() + " is not a CloudFormation resource");
    }

    private static IConstruct child(IConstruct parent, String... path) {
        IConstruct node = parent;
        for (String id : path) {
            node = node.getNode().findChild(id);
        }
        return node;
    }

    /** The user service's acknowledgments. */
    public void service(UserServiceStack stack, ApiDefinition api) {
        for (ApiDefinition.Route route : api.routes()) {
            if (ApiDefinition.PUBLIC.equals(route.authorizer())) {
                String[] methodAndPath = route.routeKey().split(" ", 2);
                ack(child(stack, "UserApi", methodAndPath[0] + methodAndPath[1].replace("/", "--")),
                        "api_gw_v2_authorization_type_configured_check", route.routeKey() + " is how a caller without "
                                + "a token gets one (sign-up, confirmation, login, refresh, logout): it cannot require one.");
            }
        }

        for (String distribution : List.of("WebClientDistribution", "AvatarDistribution")) {
            IConstruct cdn = child(stack, distribution);
            ack(cdn, "cloudfront_custom_ssl_certificate_check", DEFAULT_CERTIFICATE);
            ack(cdn, "cloudfront_sni_enabled_check", DEFAULT_CERTIFICATE);
            ack(cdn, "cloudfront_security_policy_check", DEFAULT_CERTIFICATE);
            ack(cdn, "cloudfront_origin_failover_enabled_check", "One origin bucket in one region: failover needs a "
                    + "replicated bucket in a second region, a cost this teaching deployment does not take on.");
        }
        ack(child(stack, "AvatarDistribution"), "cloudfront_default_root_object_configured_check", "Serves "
                + "thumbnails/<key>.png only; there is no page at '/', and the bucket answers 403 for any key it lacks.");

        ackEvery(stack, "AWS::Logs::LogGroup", "cloudwatch_log_group_retention_period_check", LOG_RETENTION);
        ackEvery(stack, "AWS::Logs::LogGroup", "cloudwatch_log_group_encrypted_check", LOG_KMS);
        for (String table : List.of("UsersTable", "IdempotencyTable")) {
            ack(child(stack, table), "dynamodb_table_encrypted_kms_check", "Encrypted at rest with the AWS owned key "
                    + "(DynamoDB's default); a KMS key adds a cost per request and a key policy to keep, for no "
                    + "reader the table's IAM grants do not already exclude.");
        }
        ackEvery(stack, "AWS::Lambda::Function", "lambda_inside_vpc_check", "These functions reach only AWS APIs "
                + "(DynamoDB, S3, SNS, SQS, SSM, Cognito) with IAM; a VPC would add NAT or endpoints and cold-start "
                + "time for no private resource. The RDS variant's function is in its VPC (UsersNetwork).");

        for (String bucket : List.of("AccessLogBucket", "AvatarBucket", "WebClientBucket")) {
            IConstruct b = child(stack, bucket);
            ack(b, "s3_bucket_default_encryption_kms_check", "SSE-S3. S3 server access logs cannot be delivered "
                    + "to an SSE-KMS bucket; for the others, CloudFront's origin access control and every presigned "
                    + "URL would need the key's policy and a KMS request per object. All are private and TLS only.");
            ack(b, "s3_bucket_object_lock_enabled_check", "Object lock would forbid deleting a user's avatar and "
                    + "uploads when the user is deleted; nothing here is a record that must be kept unchanged.");
            ack(b, "s3_lifecycle_policy_check", "Gap: no lifecycle rule yet. Avatars live as long as their user, the "
                    + "web client is replaced by each deployment; access logs should expire (add one before real traffic).");
        }
        ack(child(stack, "AvatarBucket"), "s3_bucket_versioning_enabled_check", "A deleted user's avatar must be gone, "
                + "not kept as a noncurrent version; the thumbnail is regenerated from each new upload.");
        ack(child(stack, "WebClientBucket"), "s3_bucket_versioning_enabled_check", "The web client is rebuilt and "
                + "redeployed from the repository: the previous version is in git, not in the bucket.");
        ack(child(stack, "AccessLogBucket"), "s3_bucket_versioning_enabled_check", "Log files are written once, "
                + "never overwritten: versions would keep nothing more.");
        ack(child(stack, "AccessLogBucket"), "s3_bucket_logging_enabled_check", "It is the access-log bucket: logging "
                + "it into itself would log its own log deliveries without end.");
        ack(child(stack, "AccessLogBucket"), "s3_bucket_acl_prohibited_check", "CloudFront's standard logs are "
                + "delivered through the bucket's ACL (log-delivery-write); the other buckets have ACLs disabled.");
        ack(child(stack, "AvatarBucket"), "s3_event_notifications_enabled_check", "Its notifications (uploads to the "
                + "thumbnail function, EventBridge for the document rule) are set at deployment by CDK's "
                + "BucketNotifications custom resource, which the rule cannot see in the template.");
        for (String bucket : List.of("AccessLogBucket", "WebClientBucket")) {
            ack(child(stack, bucket), "s3_event_notifications_enabled_check", "Nothing reacts to its objects: "
                    + "they are written by S3, CloudFront or a deployment, not by users.");
        }
        for (String queue : List.of("SignUpPublisherFailures", "email-dlq", "sms-dlq")) {
            ack(child(stack, queue), "sqs_dlq_check", "It is a dead-letter queue (a stream's on-failure destination "
                    + "or a channel's DLQ): it has no dead-letter queue of its own.");
        }
    }

    /** Lab 08's stack, reused as it is: what it accepts, and the gaps it has, named. */
    public void network(Stack network) {
        ackEvery(network, "AWS::Logs::LogGroup", "cloudwatch_log_group_retention_period_check", LOG_RETENTION);
        ackEvery(network, "AWS::Logs::LogGroup", "cloudwatch_log_group_encrypted_check", LOG_KMS);
        ackEvery(network, "AWS::EC2::Subnet", s -> Boolean.TRUE.equals(((CfnSubnet) s).getMapPublicIpOnLaunch()),
                "subnet_auto_assign_public_ip_disabled_check", "The VPC's public subnets, there for the NAT gateway "
                        + "alone; the function and the database are in the private and isolated subnets, which assign "
                        + "no public address.");
        IConstruct database = child(network, "Database");
        ack(database, "rds_instance_multi_az_support_check", "One AZ for a teaching deployment (db.t4g.micro); "
                + "Multi-AZ doubles the cost. A production database turns it on.");
        ack(database, "rds_instance_deletion_protection_enabled_check", "Gap in lab 08's stack: removal policy "
                + "SNAPSHOT, no deletion protection. Kept as lab 08 teaches it; turn deletionProtection on before real data.");
        ack(database, "rds_instance_no_default_ports_check", "The default port: a non-default one hides nothing from "
                + "a scan, and the security group admits the function's group only.");
        ack(database, "rds_instance_logging_enabled_check", "Gap in lab 08's stack: no PostgreSQL log export to "
                + "CloudWatch yet; add 'postgresql' to cloudwatchLogsExports before real traffic.");
        ack(database, "rds_instance_enhanced_monitoring_enabled_check", "Gap in lab 08's stack: basic CloudWatch "
                + "metrics only; enhanced monitoring adds a role and a cost per instance.");
        ack(database, "rds_storage_encrypted_kms_key_check", "Storage is encrypted with the AWS managed RDS key; a "
                + "customer managed key adds a key policy to keep for no extra reader excluded.");
        ack(database, "rds_instance_iam_authentication_enabled_check", "The function signs in with the Secrets "
                + "Manager secret it rereads on rotation (lab 08, task 2); IAM database authentication is not taught.");
        ack(database, "rds_instance_backup_enabled_check", "Gap in lab 08's stack: the default one-day backup "
                + "retention (no BackupRetentionPeriod set); set a longer one before real data.");
    }
}

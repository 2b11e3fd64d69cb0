package dev.sjl.rds.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.rds.EmfMetrics;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.CfnDBInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The same network as {@code users-network.template.json}, as AWS CDK (Java) code, which is what lab 09 deploys:
 * public, private-with-egress and isolated subnets in two AZs; PostgreSQL in the isolated ones; the function in the
 * private ones; security groups that name each other; gateway endpoints for S3 and DynamoDB; an interface endpoint
 * for Secrets Manager; one NAT gateway; and the alarms of the function's metrics. Synthesizing it needs no AWS account
 * and no network: the CDK's Java classes drive the construct library in a local Node.js process (jsii), and the
 * resulting CloudFormation template is checked by the same {@link Reachability} as the hand-written one.
 *
 * <p>Two logical ids are fixed ({@value #FUNCTION}, {@value #DATABASE}) so checks, alarms and lab 09 can name them;
 * the CDK chooses the others.
 */
public final class UsersNetworkStack extends Stack {

    public static final String FUNCTION = "UsersFunction";
    public static final String DATABASE = "Database";
    public static final int POSTGRES = 5432;

    // tag::cdk-network[]
    public UsersNetworkStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        CfnParameter codeBucket = CfnParameter.Builder.create(this, "CodeBucket").type("String").build();
        CfnParameter codeKey = CfnParameter.Builder.create(this, "CodeKey").type("String").build();

        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.0.0.0/16"))
                .maxAzs(2)
                // One NAT gateway (about 33 USD a month) for what has no endpoint; two would survive an AZ outage.
                .natGateways(1)
                .subnetConfiguration(List.of(
                        subnets("Public", SubnetType.PUBLIC),
                        subnets("Private", SubnetType.PRIVATE_WITH_EGRESS),
                        subnets("Isolated", SubnetType.PRIVATE_ISOLATED)))
                // The default group is unused; locking it down needs a custom resource (a function of its own).
                .restrictDefaultSecurityGroup(false)
                .build();
        SubnetSelection privateSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();

        SecurityGroup functionGroup = group(vpc, "FunctionSecurityGroup",
                "users function: out to PostgreSQL and the endpoints only");
        SecurityGroup databaseGroup = group(vpc, "DatabaseSecurityGroup", "users database: 5432 from the function only");
        SecurityGroup endpointGroup = group(vpc, "EndpointSecurityGroup", "Secrets Manager endpoint: 443 from the function");
        functionGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS APIs: the endpoints, or the NAT gateway");

        // Free, and on the private route tables: S3 and DynamoDB traffic never reaches the NAT gateway.
        vpc.addGatewayEndpoint("S3Endpoint", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3).subnets(List.of(privateSubnets)).build());
        vpc.addGatewayEndpoint("DynamoDbEndpoint", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB).subnets(List.of(privateSubnets)).build());
        // About 7.30 USD a month per AZ; private DNS makes the SDK's usual host name resolve to it.
        InterfaceVpcEndpoint secretsManager = vpc.addInterfaceEndpoint("SecretsManagerEndpoint",
                InterfaceVpcEndpointOptions.builder().service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                        .privateDnsEnabled(true).subnets(privateSubnets).securityGroups(List.of(endpointGroup))
                        // Not open to the whole VPC's CIDR: only the function's group, below.
                        .open(false).build());

        DatabaseInstance database = DatabaseInstance.Builder.create(this, DATABASE)
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_17).build()))
                .instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.MICRO))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .securityGroups(List.of(databaseGroup))
                .port(POSTGRES)
                .publiclyAccessible(false)
                .storageEncrypted(true)
                .allocatedStorage(20)
                // RDS's secret JSON (username, password, host, port, dbname), rotated without a deployment.
                .credentials(Credentials.fromGeneratedSecret("users_admin"))
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();
        ((CfnDBInstance) database.getNode().getDefaultChild()).overrideLogicalId(DATABASE);

        LogGroup logs = LogGroup.Builder.create(this, "UsersFunctionLogs").retention(RetentionDays.ONE_MONTH).build();
        Function function = Function.Builder.create(this, FUNCTION)
                .runtime(Runtime.JAVA_17)
                .handler("dev.sjl.rds.UsersHandler::handleRequest")
                .memorySize(1024)
                .timeout(Duration.seconds(10))
                .code(Code.fromBucket(Bucket.fromBucketName(this, "CodeBucketRef", codeBucket.getValueAsString()),
                        codeKey.getValueAsString()))
                .vpc(vpc)
                .vpcSubnets(privateSubnets)
                .securityGroups(List.of(functionGroup))
                .logGroup(logs)
                // Only the secret's id: the password is read from Secrets Manager at init, never put here.
                .environment(Map.of("DB_SECRET_ID", database.getSecret().getSecretArn(), "DB_SSL_MODE", "verify-full"))
                .build();
        ((CfnFunction) function.getNode().getDefaultChild()).overrideLogicalId(FUNCTION);
        database.getSecret().grantRead(function);
        // Each adds the ingress rule on the target's group and the egress rule on the function's, by group id.
        database.getConnections().allowFrom(function, Port.tcp(POSTGRES), "PostgreSQL from the users function");
        secretsManager.getConnections().allowFrom(function, Port.tcp(443), "HTTPS from the users function");

        alarms(function);
    }
    // end::cdk-network[]

    // tag::cdk-alarms[]
    /** The alarms of {@code users-network.template.json}, on the metrics {@link EmfMetrics} writes and Lambda's own. */
    private void alarms(Function function) {
        SnsAction notify = new SnsAction(Topic.Builder.create(this, "AlarmTopic").displayName("users service alarms").build());
        Map<String, String> service = Map.of(EmfMetrics.SERVICE_DIMENSION, EmfMetrics.SERVICE);
        alarm("ConnectionExhaustionAlarm", Metric.Builder.create().namespace(EmfMetrics.NAMESPACE)
                        .metricName(EmfMetrics.CONNECTION_TIMEOUTS).dimensionsMap(service).statistic("Sum")
                        .period(Duration.minutes(1)).build(),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, 1, notify);
        alarm("PoolWaitAlarm", Metric.Builder.create().namespace(EmfMetrics.NAMESPACE).metricName(EmfMetrics.POOL_WAIT)
                        .dimensionsMap(service).statistic("p99").period(Duration.minutes(1)).build(),
                500, ComparisonOperator.GREATER_THAN_THRESHOLD, 5, 3, notify);
        alarm("FunctionErrorsAlarm", function.metricErrors(MetricOptions.builder().statistic("Sum")
                .period(Duration.minutes(1)).build()), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 3, 2, notify);
        alarm("FunctionDurationP99Alarm", function.metricDuration(MetricOptions.builder().statistic("p99")
                .period(Duration.minutes(1)).build()), 3000, ComparisonOperator.GREATER_THAN_THRESHOLD, 5, 3, notify);
    }
    // end::cdk-alarms[]

    private void alarm(String id, IMetric metric, double threshold, ComparisonOperator comparison, int periods,
                       int datapoints, SnsAction notify) {
        Alarm.Builder.create(this, id).metric(metric).threshold(threshold).comparisonOperator(comparison)
                .evaluationPeriods(periods).datapointsToAlarm(datapoints)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build().addAlarmAction(notify);
    }

    private SecurityGroup group(Vpc vpc, String id, String description) {
        return SecurityGroup.Builder.create(this, id).vpc(vpc).description(description).allowAllOutbound(false).build();
    }

    private static SubnetConfiguration subnets(String name, SubnetType type) {
        return SubnetConfiguration.builder().name(name).subnetType(type).cidrMask(24).build();
    }

    /**
     * The stack's CloudFormation template, synthesized into {@code outdir} (a cloud assembly, as {@code cdk synth}
     * writes it).
     */
    public static JsonNode synthesize(Path outdir) {
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        UsersNetworkStack stack = new UsersNetworkStack(app, "UsersNetwork", StackProps.builder().build());
        Path template = Path.of(app.synth().getDirectory(), stack.getTemplateFile());
        try {
            return new ObjectMapper().readTree(template.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code cdk synth} runs this (its {@code app} command); lab 09 deploys what it writes to {@code cdk.out}. */
    public static void main(String[] args) {
        App app = new App();
        new UsersNetworkStack(app, "UsersNetwork", StackProps.builder().build());
        app.synth();
    }
}

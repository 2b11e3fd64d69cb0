package dev.sjl.deploy;

import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.Stages;
import dev.sjl.rds.network.UsersNetworkStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.IConstruct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CDK app: the user service, and lab 08's RDS variant (its VPC, database and function) as a second stack.
 * {@code cdk synth} runs {@link #main}; {@code ./mvnw package -pl deploy} runs it too and writes the cloud assembly to
 * {@code deploy/target/cdk.out}. cdk-nag's AwsSolutions pack runs at every synthesis: an unacknowledged finding fails
 * it.
 */
public final class DeployApp {

    public static final String SERVICE_STACK = "UserService";
    public static final String NETWORK_STACK = "UsersNetwork";

    /** The built app and its stacks, before synthesis. */
    public record Built(App app, UserServiceStack service, UsersNetworkStack network, NagAcknowledgments nag,
                        GuardAcknowledgments guard) {
    }

    private DeployApp() {
    }

    /**
     * The account and region: the CDK CLI's ({@code CDK_DEFAULT_ACCOUNT}, {@code CDK_DEFAULT_REGION}) when it runs the
     * app, else a fixed offline pair. Concrete values keep ARNs literal, which cdk-nag 3.0.2 needs to acknowledge a
     * finding on one ('<AWS::Partition>' in a finding id is refused by CDK's acknowledge()).
     */
    public static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        return Environment.builder()
                .account(account != null && !account.isBlank() ? account : OFFLINE_ACCOUNT)
                .region(region != null && !region.isBlank() ? region : OFFLINE_REGION).build();
    }

    /** AWS's documentation account id: a template synthesized offline can never be deployed by mistake. */
    public static final String OFFLINE_ACCOUNT = "123456789012";
    public static final String OFFLINE_REGION = "eu-west-1";

    public static Built build(AppProps props, FunctionCode code, ApiDefinition.Stage stage) {
        App app = new App(props);
        UserServiceStack service = new UserServiceStack(app, SERVICE_STACK, StackProps.builder().env(environment())
                .description("Serverless Java Labs: the user service (stage " + stage.name() + ")").build(), code, stage);
        UsersNetworkStack network = new UsersNetworkStack(app, NETWORK_STACK, StackProps.builder().env(environment())
                .description("Serverless Java Labs: the users function on PostgreSQL in its VPC (lab 08)").build());
        // cdk-nag 3.0.2 reports an AWS managed policy under an id with '<AWS::Partition>' in it, which CDK's
        // acknowledge() refuses ("'::' is reserved"): the two roles that had one get inline grants instead.
        IConstruct notifications = service.getNode().tryFindChild(NagAcknowledgments.BUCKET_NOTIFICATIONS);
        if (notifications != null) {
            inlineInsteadOfManaged((Role) notifications.getNode().findChild("Role"), List.of(
                    PolicyStatement.Builder.create().actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream",
                            "logs:PutLogEvents")).resources(List.of("*")).build()));
        }
        Function networkFunction = (Function) network.getNode().findChild(UsersNetworkStack.FUNCTION);
        LogGroup networkLogs = (LogGroup) network.getNode().findChild("UsersFunctionLogs");
        Role networkRole = (Role) networkFunction.getRole();
        inlineInsteadOfManaged(networkRole, List.of(PolicyStatement.Builder.create()
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                        "ec2:UnassignPrivateIpAddresses")).resources(List.of("*")).build()));
        networkLogs.grantWrite(networkRole);
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
        NagAcknowledgments nag = new NagAcknowledgments();
        nag.service(service, service.apiDefinition());
        nag.network(network);
        GuardAcknowledgments guard = new GuardAcknowledgments();
        guard.service(service, service.apiDefinition());
        guard.network(network);
        return new Built(app, service, network, nag, guard);
    }

    /** The role's AWS managed policies removed, the given statements (what the role needs of them) inline. */
    private static void inlineInsteadOfManaged(Role role, List<PolicyStatement> statements) {
        ((CfnRole) role.getNode().getDefaultChild()).setManagedPolicyArns(null);
        statements.forEach(role::addToPrincipalPolicy);
    }

    /**
     * Code from {@code SJL_FUNCTION_PACKAGES} (the folder functions/ writes, {@code <function>.zip} each) when that
     * folder exists, else the placeholder (a build of deploy/ alone, without functions/'s packages); the stage from
     * {@code SJL_STAGE} ({@code dev} or {@code prod}, default {@code prod}).
     */
    public static void main(String[] args) {
        String packages = System.getenv("SJL_FUNCTION_PACKAGES");
        String outdir = System.getenv("CDK_OUTDIR");
        Path placeholder = Path.of(outdir != null ? outdir : "cdk.out").toAbsolutePath().getParent()
                .resolve("placeholder-function-code");
        FunctionCode code = packages != null && !packages.isBlank() && Files.isDirectory(Path.of(packages))
                ? FunctionCode.fromPackages(Path.of(packages))
                : FunctionCode.placeholderForSynthOnly(placeholder);
        ApiDefinition.Stage stage = "dev".equals(System.getenv("SJL_STAGE")) ? Stages.dev() : Stages.prod();
        AppProps.Builder props = AppProps.builder();
        if (outdir != null) {
            props.outdir(outdir);
        }
        CloudAssembly assembly = build(props.build(), code, stage).app().synth();
        System.out.println("cloud assembly: " + assembly.getDirectory()
                + (code.deployable() ? " (function code: " + packages + ")"
                : " (placeholder function code: for checking, not deploying)"));
    }
}

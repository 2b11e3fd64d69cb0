package dev.sjl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sjl.apigateway.UserApi;
import dev.sjl.deploy.iam.IamCoverage;
import dev.sjl.deploy.iam.SdkCallScanner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gap an emulator leaves (it accepts every call): each function's role allows exactly what its code calls.
 */
@DisplayName("IAM coverage: each function's policy allows exactly the SDK operations its code calls")
class IamCoverageTest {

    private static Synthesized app;
    private static final Map<String, Set<String>> CODE_ACTIONS = new LinkedHashMap<>();

    @BeforeAll
    static void synthesizeAndScan() {
        app = Synthesized.app();
        for (ServiceFunction function : ServiceFunction.ALL) {
            CODE_ACTIONS.put(function.name(), IamCoverage.actionsFor(SdkCallScanner.operations(function.handler())));
        }
        CODE_ACTIONS.forEach((name, actions) -> System.out.println("iam-coverage " + name + " code needs " + actions));
    }

    private static List<IamCoverage.Violation> check(JsonNode template) {
        List<IamCoverage.Violation> violations = new ArrayList<>();
        app.built.service().functions().forEach((name, function) -> violations.addAll(
                IamCoverage.check(template, name, app.logicalId(function), CODE_ACTIONS.get(name))));
        return violations;
    }

    @Test
    @DisplayName("Finds no wildcard, no unused and no missing action in any function's policy")
    void everyPolicyMatchesItsCode() {
        assertThat(app.built.service().functions()).as("every function of the catalogue is in the stack")
                .hasSameSizeAs(ServiceFunction.ALL);
        assertThat(check(app.template(DeployApp.SERVICE_STACK)))
                .as("grant in UserServiceStack.grants() exactly what each function's code calls").isEmpty();
    }

    @Test
    @DisplayName("Holds lab 08's function (the RDS variant) to the same check, and names the one gap its stack has")
    void rdsVariantFunction() {
        JsonNode template = app.template(DeployApp.NETWORK_STACK);
        Set<String> code = IamCoverage.actionsFor(SdkCallScanner.operations(dev.sjl.rds.UsersHandler.class));
        System.out.println("iam-coverage users (RDS variant) code needs " + code);
        // Lambda's VPC attachment, granted inline in DeployApp in place of AWSLambdaVPCAccessExecutionRole.
        Set<String> vpc = Set.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");
        Set<String> expected = new java.util.TreeSet<>(code);
        expected.addAll(vpc);

        List<IamCoverage.Violation> violations = IamCoverage.check(template, "users-rds",
                dev.sjl.rds.network.UsersNetworkStack.FUNCTION, expected);

        assertThat(code).as("the RDS handler reads its database secret").contains("secretsmanager:GetSecretValue");
        assertThat(violations).as("lab 08's stack grants the secret with grantRead(), which adds DescribeSecret that "
                + "the code never calls: the one known gap, kept as lab 08 wrote it").containsExactly(
                new IamCoverage.Violation("users-rds", IamCoverage.Kind.UNUSED, "secretsmanager:DescribeSecret"));
    }

    @Test
    @DisplayName("Reads the SDK calls of a function from its bytecode, within its own package's modules")
    void scannerFindsKnownCalls() {
        assertThat(CODE_ACTIONS.get(ServiceFunction.SIGNUP_PUBLISHER)).as("SignUpPublisher publishes to SNS")
                .contains("sns:Publish");
        assertThat(CODE_ACTIONS.get(UserApi.USERS_FUNCTION)).as("lab 05's users route lists the pool's users")
                .contains("cognito-idp:ListUsers");
        assertThat(CODE_ACTIONS.get(UserApi.ACCOUNTS_FUNCTION))
                .as("sign-up, login and logout are Cognito operations IAM does not authorize: nothing to grant")
                .noneMatch(a -> a.equals("cognito-idp:SignUp") || a.equals("cognito-idp:InitiateAuth"));
        assertThat(SdkCallScanner.scopeOf(dev.sjl.cognito.PostConfirmationHandler.class))
                .as("lab 04's function is scanned with lab 04's modules only, not lab 06's or 08's repositories")
                .noneMatch(p -> p.toString().contains("06-dynamodb-s3") || p.toString().contains("08-vpc-rds"));
    }

    @Test
    @DisplayName("Reports a MISSING action when a grant is removed from the template")
    void removedGrantIsMissing() {
        JsonNode template = app.template(DeployApp.SERVICE_STACK);
        String removed = "sns:Publish";
        assertThat(CODE_ACTIONS.get(ServiceFunction.SIGNUP_PUBLISHER)).contains(removed);
        removeAction(template, removed);

        assertThat(check(template)).as("the publisher's code publishes: its role must allow sns:Publish")
                .containsExactly(new IamCoverage.Violation(ServiceFunction.SIGNUP_PUBLISHER, IamCoverage.Kind.MISSING,
                        removed));
    }

    @Test
    @DisplayName("Reports a WILDCARD when a statement allows '*', and an UNUSED action nobody calls")
    void wildcardAndUnusedAreReported() {
        JsonNode template = app.template(DeployApp.SERVICE_STACK);
        ArrayNode statements = firstPolicyOf(template, app.logicalId(app.built.service().functions().get(UserApi.ME_FUNCTION)));
        ObjectNode star = statements.addObject().put("Effect", "Allow").put("Resource", "*");
        star.put("Action", "*");
        ObjectNode scan = statements.addObject().put("Effect", "Allow").put("Resource", "*");
        scan.putArray("Action").add("dynamodb:Scan").add("s3:*");

        assertThat(check(template)).as("'*', 's3:*' and an action the code never calls, on the me function")
                .containsExactlyInAnyOrder(
                        new IamCoverage.Violation(UserApi.ME_FUNCTION, IamCoverage.Kind.WILDCARD, "*"),
                        new IamCoverage.Violation(UserApi.ME_FUNCTION, IamCoverage.Kind.WILDCARD, "s3:*"),
                        new IamCoverage.Violation(UserApi.ME_FUNCTION, IamCoverage.Kind.UNUSED, "dynamodb:Scan"));
    }

    private static void removeAction(JsonNode template, String action) {
        template.path("Resources").forEach(r -> {
            if ("AWS::IAM::Policy".equals(r.path("Type").asText())) {
                for (JsonNode statement : r.path("Properties").path("PolicyDocument").path("Statement")) {
                    JsonNode actions = statement.path("Action");
                    if (actions.isTextual() && actions.asText().equals(action)) {
                        ((ObjectNode) statement).putArray("Action");
                    } else if (actions.isArray()) {
                        for (int i = actions.size() - 1; i >= 0; i--) {
                            if (actions.get(i).asText().equals(action)) {
                                ((ArrayNode) actions).remove(i);
                            }
                        }
                    }
                }
            }
        });
    }

    private static ArrayNode firstPolicyOf(JsonNode template, String functionLogicalId) {
        String role = template.path("Resources").path(functionLogicalId).path("Properties").path("Role")
                .path("Fn::GetAtt").path(0).asText();
        for (JsonNode r : template.path("Resources")) {
            if ("AWS::IAM::Policy".equals(r.path("Type").asText())) {
                for (JsonNode attached : r.path("Properties").path("Roles")) {
                    if (role.equals(attached.path("Ref").asText())) {
                        return (ArrayNode) r.path("Properties").path("PolicyDocument").path("Statement");
                    }
                }
            }
        }
        throw new AssertionError("no policy attached to the role of " + functionLogicalId);
    }
}

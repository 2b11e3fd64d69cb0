package dev.sjl.deploy.iam;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Each function's policy against its code: the IAM actions its role allows must be exactly the actions its SDK calls
 * need ({@link SdkCallScanner}) plus what its event sources need Lambda to do with its role. No {@code *} in an
 * action, no action the code never uses, no call without its action.
 */
public final class IamCoverage {

    public enum Kind { WILDCARD, UNUSED, MISSING, MANAGED_POLICY }

    public record Violation(String function, Kind kind, String action) {
        @Override
        public String toString() {
            return function + ": " + kind + " " + action;
        }
    }

    /** SDK package name to IAM service prefix, where they differ. */
    private static final Map<String, String> PREFIX = Map.of(
            "cognitoidentityprovider", "cognito-idp",
            "eventbridge", "events",
            "sesv2", "ses");

    /** Operations whose IAM action has another name, or that need more than one action. */
    private static final Map<String, List<String>> ACTIONS = Map.ofEntries(
            Map.entry("s3:HeadObject", List.of("s3:GetObject")),
            Map.entry("s3:ListObjectsV2", List.of("s3:ListBucket")),
            Map.entry("s3:ListObjects", List.of("s3:ListBucket")),
            Map.entry("s3:HeadBucket", List.of("s3:ListBucket")),
            Map.entry("s3:CopyObject", List.of("s3:GetObject", "s3:PutObject")),
            Map.entry("s3:DeleteObjects", List.of("s3:DeleteObject")),
            Map.entry("sqs:SendMessageBatch", List.of("sqs:SendMessage")),
            Map.entry("sqs:DeleteMessageBatch", List.of("sqs:DeleteMessage")),
            Map.entry("sns:PublishBatch", List.of("sns:Publish")),
            Map.entry("dynamodb:TransactGetItems", List.of("dynamodb:GetItem")));

    /**
     * Cognito's operations that IAM does not authorize: they are public, or authorized by the user's own token
     * (Cognito's "unauthenticated" and "token-authorized" API operations). Granting them would be an unused action.
     */
    private static final Set<String> NO_IAM = Set.of("cognito-idp:SignUp", "cognito-idp:ConfirmSignUp",
            "cognito-idp:InitiateAuth", "cognito-idp:RespondToAuthChallenge", "cognito-idp:RevokeToken",
            "cognito-idp:GlobalSignOut", "cognito-idp:GetUser", "cognito-idp:ForgotPassword",
            "cognito-idp:ConfirmForgotPassword", "cognito-idp:ChangePassword", "cognito-idp:ResendConfirmationCode",
            "cognito-idp:UpdateUserAttributes", "cognito-idp:DeleteUser", "cognito-idp:GetTokensFromRefreshToken");

    /** What Lambda does with the function's role for an SQS event source (the CDK's grantConsumeMessages). */
    static final Set<String> SQS_SOURCE = Set.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility",
            "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
    /** ... for a DynamoDB stream. */
    static final Set<String> STREAM_SOURCE = Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
            "dynamodb:GetShardIterator", "dynamodb:ListStreams");
    /** ... for an SQS on-failure destination of a stream. */
    static final Set<String> SQS_DESTINATION = Set.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
    /** ... for its own log group (the role has no managed policy). */
    static final Set<String> LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");

    private IamCoverage() {
    }

    /** The IAM actions the operations need. */
    public static Set<String> actionsFor(Collection<SdkCallScanner.Operation> operations) {
        Set<String> actions = new TreeSet<>();
        for (SdkCallScanner.Operation operation : operations) {
            String action = PREFIX.getOrDefault(operation.service(), operation.service()) + ":" + operation.operation();
            if (!NO_IAM.contains(action)) {
                actions.addAll(ACTIONS.getOrDefault(action, List.of(action)));
            }
        }
        return actions;
    }

    /** What the function's event sources and log group need, from the template. */
    public static Set<String> infrastructureActions(JsonNode template, String functionLogicalId) {
        Set<String> actions = new TreeSet<>(LOGS);
        JsonNode resources = template.path("Resources");
        Set<String> targets = new TreeSet<>(List.of(functionLogicalId));
        resources.fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            if ("AWS::Lambda::Alias".equals(r.path("Type").asText())
                    && functionLogicalId.equals(r.path("Properties").path("FunctionName").path("Ref").asText())) {
                targets.add(e.getKey());
            }
        });
        resources.forEach(r -> {
            // The CDK names an alias's function as a Join over the alias ARN's parts: any Ref inside counts.
            if (!"AWS::Lambda::EventSourceMapping".equals(r.path("Type").asText())
                    || r.path("Properties").path("FunctionName").findValuesAsText("Ref").stream()
                    .noneMatch(targets::contains)) {
                return;
            }
            JsonNode arn = r.path("Properties").path("EventSourceArn").path("Fn::GetAtt");
            String sourceType = resources.path(arn.path(0).asText()).path("Type").asText();
            switch (sourceType) {
                case "AWS::SQS::Queue" -> actions.addAll(SQS_SOURCE);
                case "AWS::DynamoDB::Table" -> actions.addAll(STREAM_SOURCE);
                default -> throw new IllegalStateException("event source of type " + sourceType + " on "
                        + functionLogicalId + ": add what it needs to IamCoverage");
            }
            if (!r.path("Properties").path("DestinationConfig").path("OnFailure").isMissingNode()) {
                actions.addAll(SQS_DESTINATION);
            }
        });
        return actions;
    }

    /** The actions the function's role allows: its inline policies and every policy attached to it. */
    public static Set<String> allowedActions(JsonNode template, String functionLogicalId, List<Violation> violations,
                                             String function) {
        JsonNode resources = template.path("Resources");
        String role = resources.path(functionLogicalId).path("Properties").path("Role").path("Fn::GetAtt").path(0).asText();
        if (role.isEmpty()) {
            throw new IllegalStateException(functionLogicalId + " has no role of this template");
        }
        Set<String> actions = new TreeSet<>();
        JsonNode roleProperties = resources.path(role).path("Properties");
        roleProperties.path("ManagedPolicyArns").forEach(arn ->
                violations.add(new Violation(function, Kind.MANAGED_POLICY, arn.toString())));
        roleProperties.path("Policies").forEach(p -> collect(p.path("PolicyDocument"), actions));
        resources.forEach(r -> {
            if ("AWS::IAM::Policy".equals(r.path("Type").asText())) {
                for (JsonNode attached : r.path("Properties").path("Roles")) {
                    if (role.equals(attached.path("Ref").asText())) {
                        collect(r.path("Properties").path("PolicyDocument"), actions);
                    }
                }
            }
        });
        return actions;
    }

    private static void collect(JsonNode document, Set<String> actions) {
        for (JsonNode statement : document.path("Statement")) {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            JsonNode action = statement.path("Action");
            if (action.isTextual()) {
                actions.add(action.asText());
            } else {
                action.forEach(a -> actions.add(a.asText()));
            }
        }
    }

    /** The violations of one function: its expected actions (code plus infrastructure) against its role's. */
    public static List<Violation> check(JsonNode template, String function, String functionLogicalId,
                                        Set<String> codeActions) {
        List<Violation> violations = new ArrayList<>();
        Set<String> allowed = allowedActions(template, functionLogicalId, violations, function);
        Set<String> expected = new TreeSet<>(codeActions);
        expected.addAll(infrastructureActions(template, functionLogicalId));
        for (String action : allowed) {
            if (action.contains("*")) {
                violations.add(new Violation(function, Kind.WILDCARD, action));
            } else if (!expected.contains(action)) {
                violations.add(new Violation(function, Kind.UNUSED, action));
            }
        }
        for (String action : expected) {
            if (!allowed.contains(action)) {
                violations.add(new Violation(function, Kind.MISSING, action));
            }
        }
        return violations;
    }
}

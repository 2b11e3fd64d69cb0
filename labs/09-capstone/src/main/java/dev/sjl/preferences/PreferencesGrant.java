package dev.sjl.preferences;

import java.util.List;

/**
 * What the {@code preferences} function's role may do, as data: the capstone's stack turns each grant into one IAM
 * statement, and its IAM check compares them with the SDK operations the code calls. A grant the code does not use
 * is a door left open; an operation the code calls without a grant is an {@code AccessDeniedException} that only
 * shows up on AWS, never on the local cloud (which checks no permissions).
 */
public final class PreferencesGrant {

    /** One statement: these actions, allowed on exactly these resources, to this function's role. */
    public record Grant(String function, List<String> actions, List<String> resources) {
        public Grant {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }
    }

    private PreferencesGrant() {
    }

    /** The ARN of a table: what an IAM statement names ({@code arn:aws:dynamodb:<region>:<account>:table/<name>}). */
    public static String tableArn(String region, String account, String table) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
    }

    // tag::grants[]
    /** The function's grants on the users table whose ARN is given. */
    public static List<Grant> grants(String usersTableArn) {
        // TODO: one Grant for PreferencesApi.FUNCTION: exactly the DynamoDB actions PreferencesStore calls (read it),
        //  each named in full ("dynamodb:<Operation>"), on usersTableArn alone. No "*" anywhere, no action "in case".
        throw new UnsupportedOperationException("Task 5: grant the function exactly what its code calls");
    }
    // end::grants[]
}

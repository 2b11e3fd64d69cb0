package dev.sjl.apigateway;

/**
 * The API's two stages. They differ in what they must: the web client's origin, the limits, and the stage
 * variables that point the functions at each stage's resources. Everything else is the same definition.
 */
public final class Stages {

    /** The web client of lab 09 in development (Vite's default port) and in production. */
    public static final String DEV_ORIGIN = "http://localhost:5173";
    public static final String PROD_ORIGIN = "https://app.example.com";

    /** The stage variable naming the users table (lab 06 reads it); each stage its own table. */
    public static final String USERS_TABLE = "usersTable";

    /** Login throttled on its own: each attempt costs a Cognito call, and a burst of them is usually a script. */
    public static final ApiDefinition.Throttle LOGIN_THROTTLE = new ApiDefinition.Throttle(5, 10);

    // tag::access-log[]
    /**
     * One JSON line per request, from {@code $context} variables only: who (source IP, the verified {@code sub}),
     * what (route, status, length, latency), and why the gateway refused. No header, token or body can appear.
     */
    public static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"time\":\"$context.requestTime\",\"ip\":\"$context.identity.sourceIp\","
            + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
            + "\"length\":\"$context.responseLength\",\"latency\":\"$context.responseLatency\","
            + "\"sub\":\"$context.authorizer.claims.sub\",\"error\":\"$context.error.message\","
            + "\"authorizerError\":\"$context.authorizer.error\"}";
    // end::access-log[]

    private Stages() {
    }

    // tag::stages[]
    public static ApiDefinition.Stage dev() {
        // TODO: stage "dev" for the web client at DEV_ORIGIN, 10 requests/s with bursts of 20 per route. Like prod:
        //  its own USERS_TABLE value, LOGIN_THROTTLE on UserApi.LOGIN, CORS for that one origin (GET and POST, the
        //  authorization and content-type headers, credentials allowed, so never "*"), and ACCESS_LOG_FORMAT.
        throw new UnsupportedOperationException("Task 5: define the dev stage");
    }

    public static ApiDefinition.Stage prod() {
        // TODO: stage "prod" for the web client at PROD_ORIGIN, 100 requests/s with bursts of 200 per route, and the
        //  rest as for dev (a private helper building both keeps them from drifting apart).
        throw new UnsupportedOperationException("Task 5: define the prod stage");
    }

    // end::stages[]
}

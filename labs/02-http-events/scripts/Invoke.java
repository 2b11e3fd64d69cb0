///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.amazonaws:aws-lambda-java-core:1.4.0
//DEPS com.amazonaws:aws-lambda-java-events:3.16.1
//DEPS com.amazonaws:aws-lambda-java-tests:1.1.2
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0
//SOURCES ../src/main/java/dev/sjl/http/*.java
//SOURCES ../src/main/java/dev/sjl/http/users/*.java
//SOURCES ../../../solutions/01-plain-lambda/src/main/java/dev/sjl/lambda/*.java

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.sjl.http.users.UserDirectory;
import dev.sjl.http.users.UsersApiHandler;
import dev.sjl.lambda.Env;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Lab 02 by hand: your UsersApiHandler (labs/02-http-events/src/main, as it is now) given API Gateway HTTP API events,
 * read from JSON files as the lab's tests read them (aws-lambda-java-tests' EventLoader). One handler and one user
 * directory for all the files, so a POST then a GET shows the user created:
 *
 *   jbang labs/02-http-events/scripts/Invoke.java labs/02-http-events/src/test/resources/events/create-user.json \
 *       labs/02-http-events/src/test/resources/events/list-users.json
 *
 * Environment: CORS_ALLOWED_ORIGINS from yours (none set: no origin allowed). Lab 01's Env is the reference's, as the
 * lab's POM has it.
 */
public class Invoke {

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Invoke.java <event.json>...");
            System.exit(2);
        }
        Map<String, String> env = new TreeMap<>();
        if (System.getenv("CORS_ALLOWED_ORIGINS") != null) {
            env.put("CORS_ALLOWED_ORIGINS", System.getenv("CORS_ALLOWED_ORIGINS"));
        }
        UsersApiHandler handler;
        try {
            handler = new UsersApiHandler(new Env(env), new UserDirectory());
        } catch (UnsupportedOperationException todo) {
            System.out.println("todo: " + todo.getMessage());
            System.exit(1);
            return;
        }
        for (String file : args) {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(file);
            System.out.println("> " + event.getRequestContext().getHttp().getMethod() + " " + event.getRawPath()
                    + "   (" + file + ")");
            try {
                APIGatewayV2HTTPResponse response = handler.handleRequest(event, new ScriptContext());
                System.out.println("< " + response.getStatusCode() + " " + new TreeMap<>(response.getHeaders() == null
                        ? Map.of() : response.getHeaders()));
                if (response.getBody() != null) {
                    System.out.println("< " + response.getBody());
                }
            } catch (UnsupportedOperationException todo) {
                System.out.println("todo: " + todo.getMessage());
            }
            System.out.println();
        }
    }

    /** What the runtime hands the handler, with made-up values. */
    static final class ScriptContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        public String getAwsRequestId() { return requestId; }
        public String getLogGroupName() { return "/aws/lambda/users-api"; }
        public String getLogStreamName() { return "script"; }
        public String getFunctionName() { return "users-api"; }
        public String getFunctionVersion() { return "$LATEST"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:users-api"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 3000; }
        public int getMemoryLimitInMB() { return 512; }
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                public void log(String message) { System.out.println("log: " + message); }
                public void log(byte[] message) { log(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}

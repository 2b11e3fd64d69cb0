///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.amazonaws:aws-lambda-java-core:1.4.0
//DEPS com.amazonaws:aws-lambda-java-serialization:1.4.1
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0
//SOURCES ../src/main/java/dev/sjl/lambda/*.java

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sjl.lambda.JsonLog;
import dev.sjl.lambda.SignupCheckConfig;
import dev.sjl.lambda.SignupCheckHandler;
import dev.sjl.lambda.SignupCheckResult;
import dev.sjl.lambda.SignupRequest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Lab 01 by hand: your SignupCheckHandler (labs/01-plain-lambda/src/main, as it is now) called once with a payload,
 * the way the Java runtime calls it: the JSON turned into a SignupRequest by the runtime's own serializer, then
 * handleRequest. Prints each log line the handler writes, then its answer.
 *
 *   jbang labs/01-plain-lambda/scripts/Invoke.java labs/01-plain-lambda/src/test/resources/events/signup-valid.json
 *   jbang labs/01-plain-lambda/scripts/Invoke.java '{"email":"ada@example.com","password":"short"}'
 *
 * The configuration is the test's (example.com allowed, 12 characters at least, 16 KiB), not your environment.
 */
public class Invoke {

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Invoke.java <payload.json | '{\"email\": ...}'>");
            System.exit(2);
        }
        String payload = Files.isRegularFile(Path.of(args[0])) ? Files.readString(Path.of(args[0])) : args[0];
        SignupRequest request = JacksonFactory.getInstance().getSerializer(SignupRequest.class)
                .fromJson(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)));
        SignupCheckHandler handler;
        SignupCheckResult result;
        try {
            handler = new SignupCheckHandler(new SignupCheckConfig(Set.of("example.com"), 12, 16384),
                    new JsonLog("signup-check", Clock.systemUTC(), line -> System.out.println("log:    " + line)));
            result = handler.handleRequest(request, new ScriptContext());
        } catch (UnsupportedOperationException todo) {
            System.out.println("todo:   " + todo.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("answer: " + new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result));
    }

    /** What the runtime hands the handler, with made-up values: only the request id matters to this handler. */
    static final class ScriptContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        public String getAwsRequestId() { return requestId; }
        public String getLogGroupName() { return "/aws/lambda/signup-check"; }
        public String getLogStreamName() { return "script"; }
        public String getFunctionName() { return "signup-check"; }
        public String getFunctionVersion() { return "$LATEST"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:signup-check"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 3000; }
        public int getMemoryLimitInMB() { return 512; }
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                public void log(String message) { System.out.println("log:    " + message); }
                public void log(byte[] message) { log(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}

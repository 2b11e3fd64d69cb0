package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.junit.CloudTarget;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The JUnit extension itself, driven through the JUnit Platform test kit on small sample classes below. */
@Tag("extension")
class LocalCloudExtensionTest {

    @Test
    @DisplayName("Fails a test that asks for a client of a service its class did not declare, saying which to add")
    void undeclaredServiceIsAClearError() {
        Events events = testEventsOf(AsksForUndeclaredSqs.class);

        events.assertThatEvents().haveExactly(1, event(test("sqs"),
                finishedWithFailure(message(m -> m.contains("SqsClient needs Service.SQS in @LocalCloudTest")))));
    }

    @Test
    @DisplayName("Gives each test its own resource prefix and deletes what the test created when it ends")
    void isolatesAndCleansUp() {
        Events events = testEventsOf(WritesParameters.class);

        events.assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(WritesParameters.PREFIXES).as("two tests, two prefixes").hasSize(2);
        assertThat(WritesParameters.SEEN_BY_SECOND).as("the second test must not see the first test's parameters").isZero();
    }

    @Test
    @DisplayName("Deletes only its own queues and rules, not those of a test whose prefix begins with its own (-3, -30)")
    void cleanUpLeavesLongerPrefixes() {
        Events events = testEventsOf(Bystanders.class);

        events.assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(Bystanders.LEFT).as("what the first test's clean-up left of the names that start with its prefix: "
                + "the other test's queue and rule, none of its own").containsExactlyInAnyOrder(
                "queue " + Bystanders.OTHER, "rule " + Bystanders.OTHER);
    }

    @Test
    @DisplayName("Skips the classes with one line naming the reason when -Dcloud=localstack cannot run here")
    void unavailableTargetSkips() {
        assumeThat(System.getenv("LOCALSTACK_AUTH_TOKEN")).as("this machine has no LocalStack token").isNull();
        Events events = EngineTestKit.engine("junit-jupiter").configurationParameter("cloud", "localstack")
                .selectors(selectClass(WritesParameters.class)).execute().containerEvents();

        events.assertThatEvents().haveExactly(1, event(org.junit.platform.testkit.engine.EventConditions.skippedWithReason(
                r -> r.equals("-Dcloud=localstack unavailable: LOCALSTACK_AUTH_TOKEN is not set (LocalStack's image requires one)"))));
    }

    @Test
    @DisplayName("On another target, skips only the tests that need an emulator-only hook, naming it")
    void localOnlyHooksSkipElsewhere() {
        // The AWS target is available as soon as the default chains resolve; nothing is called on the account here.
        Map<String, String> aws = Map.of("aws.accessKeyId", "test", "aws.secretAccessKey", "test", "aws.region", "us-east-1");
        aws.keySet().forEach(key -> assumeThat(System.getProperty(key)).as("%s is not set by the build", key).isNull());
        aws.forEach(System::setProperty);
        try {
            Events events = EngineTestKit.engine("junit-jupiter").configurationParameter("cloud", "aws")
                    .selectors(selectClass(UsesFunctionRegistry.class)).execute().testEvents();

            events.assertThatEvents().haveExactly(1, event(test("events"), org.junit.platform.testkit.engine.EventConditions.skippedWithReason(
                    r -> r.equals("FunctionRegistry exists only on the local cloud, not on -Dcloud=aws"))));
            events.assertStatistics(stats -> stats.skipped(1).succeeded(1));
        } finally {
            aws.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    @DisplayName("With -Dlocalcloud.session=jvm, hands the next run the same cloud with nothing the last run left in it")
    void jvmScopedSessionIsReusedAndReset() {
        runTwiceInOneJvmSession(LeavesThingsBehind.class);

        assertThat(LeavesThingsBehind.ENDPOINTS).as("two runs, one emulator").hasSize(2).containsOnly(LeavesThingsBehind.ENDPOINTS.get(0));
        assertThat(LeavesThingsBehind.SEEN).as("what each run found: the second must not see the first run's parameter "
                + "or function").containsExactly("0 parameters, 0 functions", "0 parameters, 0 functions");
    }

    @Test
    @DisplayName("With -Dlocalcloud.session=jvm, a pool trigger registered in the second run is called (the reset keeps the cloud's dispatchers)")
    void jvmScopedSessionKeepsCognitoTriggers() {
        runTwiceInOneJvmSession(UsesAPoolTrigger.class);
        assertThat(UsesAPoolTrigger.CONFIRMED).as("each run's PreSignUp trigger auto-confirmed its user").containsExactly(true, true);
    }

    /** Runs the sample class's tests on the local target, as a build would, and returns what its tests did. */
    private static Events testEventsOf(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().testEvents();
    }

    /** Runs {@code sample} (one test, which must pass) twice with {@code -Dlocalcloud.session=jvm}. */
    private static void runTwiceInOneJvmSession(Class<?> sample) {
        assumeThat(System.getProperty("localcloud.session")).as("localcloud.session is not set by the build").isNull();
        System.setProperty("localcloud.session", "jvm");
        try {
            for (int run = 0; run < 2; run++) {
                testEventsOf(sample).assertStatistics(stats -> stats.succeeded(1).failed(0));
            }
        } finally {
            System.clearProperty("localcloud.session");
        }
    }

    @LocalCloudTest(services = Service.COGNITO)
    static class UsesAPoolTrigger {
        static final java.util.List<Boolean> CONFIRMED = new java.util.concurrent.CopyOnWriteArrayList<>();
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        @Test
        void signUp(CognitoIdentityProviderClient cognito, CognitoTriggers triggers) throws Exception {
            String pool = cognito.createUserPool(b -> b.poolName("triggered")).userPool().id();
            String client = cognito.createUserPoolClient(b -> b.userPoolId(pool).clientName("app")).userPoolClient().clientId();
            // Left registered on purpose, as a test that forgets to close it would.
            triggers.register(pool, CognitoTriggers.Trigger.PRE_SIGN_UP, (payload, context) -> {
                var event = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(payload);
                event.putObject("response").put("autoConfirmUser", true);
                return event.toString();
            });
            CONFIRMED.add(cognito.signUp(b -> b.clientId(client).username("ada").password("Correct-Horse-9")
                    .userAttributes(a -> a.name("email").value("ada@example.com"))).userConfirmed());
        }
    }

    @LocalCloudTest(services = Service.SSM)
    static class LeavesThingsBehind {
        static final java.util.List<java.net.URI> ENDPOINTS = new java.util.concurrent.CopyOnWriteArrayList<>();
        static final java.util.List<String> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Test
        void leaves(LocalCloud cloud, SsmClient ssm) {
            ENDPOINTS.add(cloud.endpoint(Service.SSM));
            int parameters = ssm.getParametersByPathPaginator(r -> r.path("/").recursive(true)).stream()
                    .mapToInt(page -> page.parameters().size()).sum();
            SEEN.add(parameters + " parameters, " + cloud.functions().list().size() + " functions");
            // Left behind on purpose: no TestResources, and the registration is never closed.
            ssm.putParameter(b -> b.name("/left/behind").value("on").type(ParameterType.STRING));
            cloud.functions().register("left-behind", (payload, context) -> payload);
        }
    }

    @LocalCloudTest(services = Service.S3)
    static class UsesFunctionRegistry {
        @Test
        void events(FunctionRegistry functions) {
            functions.register("any", (payload, context) -> payload).close();
        }

        @Test
        void target(CloudTarget target) {
            assertThat(target).isEqualTo(CloudTarget.AWS);
        }
    }

    @LocalCloudTest(services = Service.SSM)
    static class AsksForUndeclaredSqs {
        @Test
        void sqs(SqsClient sqs) {
            sqs.listQueues();
        }
    }

    /** The first test leaves a queue and a rule named as a test numbered ten times its own would name them. */
    @LocalCloudTest(services = {Service.SQS, Service.EVENTBRIDGE})
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class Bystanders {
        static final List<String> LEFT = new java.util.concurrent.CopyOnWriteArrayList<>();
        static volatile String PREFIX;
        static volatile String OTHER;

        @Test
        void a(SqsClient sqs, EventBridgeClient eventBridge, TestResources resources) {
            LEFT.clear();
            PREFIX = resources.prefix();
            OTHER = resources.prefix() + "0-orders"; // sjl-…-3 → sjl-…-30-orders
            for (String name : List.of(OTHER, resources.name("orders"))) {
                sqs.createQueue(b -> b.queueName(name));
                eventBridge.putRule(b -> b.name(name).eventPattern("{\"source\":[\"sjl.test\"]}"));
            }
        }

        @Test
        void b(SqsClient sqs, EventBridgeClient eventBridge) {
            sqs.listQueues(b -> b.queueNamePrefix(PREFIX)).queueUrls().forEach(url -> {
                LEFT.add("queue " + url.substring(url.lastIndexOf('/') + 1));
                sqs.deleteQueue(b -> b.queueUrl(url));
            });
            eventBridge.listRules(b -> b.namePrefix(PREFIX)).rules().forEach(rule -> {
                LEFT.add("rule " + rule.name());
                eventBridge.deleteRule(b -> b.name(rule.name()));
            });
        }
    }

    @LocalCloudTest(services = Service.SSM)
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class WritesParameters {
        static final Set<String> PREFIXES = java.util.concurrent.ConcurrentHashMap.newKeySet();
        static volatile int SEEN_BY_SECOND = -1;

        @Test
        void a(SsmClient ssm, TestResources resources) {
            PREFIXES.add(resources.prefix());
            // More than two pages of GetParametersByPath (10 a page), so clean-up must not lose names between pages.
            for (int i = 0; i < 25; i++) {
                String name = resources.parameter("flags/f" + i);
                ssm.putParameter(b -> b.name(name).value("on").type(ParameterType.STRING));
            }
        }

        @Test
        void b(SsmClient ssm, TestResources resources) {
            PREFIXES.add(resources.prefix());
            // Everything under the sample's parameters, whichever test wrote it: the first test's must be gone.
            SEEN_BY_SECOND = ssm.getParametersByPathPaginator(r -> r.path("/").recursive(true)).stream().mapToInt(page -> page.parameters().size()).sum();
        }
    }
}

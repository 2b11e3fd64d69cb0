package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** EventBridge rules with event patterns and targets, driven through the real EventBridge, SQS and Lambda clients. */
@SuppressWarnings({"try", "unchecked"}) // try: resources that only scope a registration; unchecked: the SDK's varargs builders
@Tag("event-sources")
@LocalCloudTest(services = {Service.EVENTBRIDGE, Service.SQS, Service.LAMBDA})
class EventBridgeRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = """
            {"id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"UserSignedUp","source":"dev.sjl.users",
             "account":"000000000000","time":"2026-12-03T05:00:00Z","region":"us-east-1","resources":[],
             "detail":{"plan":"pro","age":34,"email":"ada@example.com","tags":["beta","eu"],"address":{"country":"FR"}}}""";

    @Nested
    @DisplayName("Event patterns (TestEventPattern, per the AWS content-filtering rules)")
    class Patterns {
        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource(delimiter = '|', textBlock = """
                {"source":["dev.sjl.users"]}                                       | true
                {"source":["dev.sjl.orders"]}                                      | false
                {"detail":{"plan":["pro","team"]}}                                 | true
                {"detail":{"age":[34]}}                                            | true
                {"detail":{"age":["34"]}}                                          | false
                {"detail":{"email":[{"prefix":"ada@"}]}}                           | true
                {"detail":{"email":[{"prefix":"bob@"}]}}                           | false
                {"detail":{"email":[{"suffix":"@EXAMPLE.com"}]}}                   | false
                {"detail":{"email":[{"suffix":{"equals-ignore-case":"@EXAMPLE.com"}}]}} | true
                {"detail":{"plan":[{"anything-but":"free"}]}}                      | true
                {"detail":{"plan":[{"anything-but":["pro","team"]}]}}              | false
                {"detail":{"plan":[{"anything-but":{"prefix":"pr"}}]}}             | false
                {"detail":{"missing":[{"anything-but":"x"}]}}                      | false
                {"detail":{"age":[{"numeric":[">=",18,"<",65]}]}}                  | true
                {"detail":{"age":[{"numeric":[">",34]}]}}                          | false
                {"detail":{"plan":[{"numeric":[">",0]}]}}                          | false
                {"detail":{"email":[{"exists":true}]}}                             | true
                {"detail":{"referrer":[{"exists":false}]}}                         | true
                {"detail":{"email":[{"exists":false}]}}                            | false
                {"detail":{"address":[{"exists":true}]}}                           | false
                {"detail":{"address":{"country":["FR"]}}}                          | true
                {"detail":{"tags":["eu"]}}                                         | true
                {"detail":{"tags":["us"]}}                                         | false
                {"detail":{"plan":[{"equals-ignore-case":"PRO"}]}}                 | true
                {"detail":{"email":[{"wildcard":"*@example.*"}]}}                  | true
                {"source":["dev.sjl.users"],"detail":{"plan":["free"]}}            | false
                {"$or":[{"detail":{"plan":["free"]}},{"detail":{"age":[34]}}]}     | true
                """)
        void matches(String pattern, boolean expected, EventBridgeClient events) {
            assertThat(events.testEventPattern(b -> b.eventPattern(pattern).event(EVENT)).result())
                    .as("pattern %s", pattern).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                {"source":"dev.sjl.users"}                      | must be an object or an array
                {"source":[]}                                   | Empty arrays are not allowed
                {"detail":{"age":[{"numeric":["!",1]}]}}        | numeric
                {"detail":{"x":[{"exists":"yes"}]}}             | exists match pattern must be either true or false
                {"detail":{"x":[{"regex":"a.*"}]}}              | Unrecognized match type regex
                not json                                        | not valid JSON
                """)
        void refusesInvalidPatterns(String pattern, String reason, EventBridgeClient events) {
            assertThatThrownBy(() -> events.testEventPattern(b -> b.eventPattern(pattern).event(EVENT)))
                    .isInstanceOf(InvalidEventPatternException.class).hasMessageContaining(reason);
        }
    }

    @Test
    @DisplayName("PutEvents delivers a matching event to a function (as a ScheduledEvent) and to a queue; others are filtered out")
    void deliversToTargets(EventBridgeClient events, SqsClient sqs, FunctionRegistry functions, LocalCloud cloud,
                           TestResources resources) throws Exception {
        String rule = resources.name("signed-up");
        String function = resources.name("welcome");
        String queueUrl = sqs.createQueue(b -> b.queueName(resources.name("audit"))).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        List<ScheduledEvent> received = new CopyOnWriteArrayList<>();
        try (var registration = functions.register(function, Functions.handler(ScheduledEvent.class, (event, context) -> {
            received.add(event);
            return null;
        }))) {
            String ruleArn = events.putRule(b -> b.name(rule).eventPattern("""
                    {"source":["dev.sjl.users"],"detail-type":["UserSignedUp"],
                     "detail":{"plan":[{"anything-but":"free"}],"email":[{"suffix":"@example.com"}]}}""")).ruleArn();
            assertThat(ruleArn).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/" + rule);
            assertThat(events.putTargets(b -> b.rule(rule).targets(t -> t.id("fn").arn(functions.arn(function)),
                    t -> t.id("queue").arn(queueArn))).failedEntryCount()).isZero();

            PutEventsResponse put = events.putEvents(b -> b.entries(
                    e -> e.source("dev.sjl.users").detailType("UserSignedUp").detail("{\"userId\":\"u1\",\"plan\":\"pro\",\"email\":\"ada@example.com\"}")
                            .resources("arn:aws:cognito-idp:us-east-1:000000000000:userpool/p1"),
                    e -> e.source("dev.sjl.users").detailType("UserSignedUp").detail("{\"userId\":\"u2\",\"plan\":\"free\",\"email\":\"bob@example.com\"}"),
                    e -> e.source("dev.sjl.orders").detailType("UserSignedUp").detail("{\"userId\":\"u3\",\"plan\":\"pro\",\"email\":\"cy@example.com\"}")));
            assertThat(put.failedEntryCount()).isZero();

            List<Invocation> invocations = functions.awaitInvocations(function, 1, Duration.ofSeconds(10));
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5).maxNumberOfMessages(10)).messages();
            Thread.sleep(300); // a wrongly routed event would arrive by now
            assertThat(functions.invocations(function)).as("only u1 matches the rule").hasSize(1);
            assertThat(invocations).hasSize(1);

            ScheduledEvent event = received.get(0);
            assertThat(event.getId()).isEqualTo(put.entries().get(0).eventId());
            assertThat(event.getSource()).isEqualTo("dev.sjl.users");
            assertThat(event.getDetailType()).isEqualTo("UserSignedUp");
            assertThat(event.getAccount()).isEqualTo("000000000000");
            assertThat(event.getRegion()).isEqualTo("us-east-1");
            assertThat(event.getTime()).isNotNull();
            assertThat(event.getResources()).containsExactly("arn:aws:cognito-idp:us-east-1:000000000000:userpool/p1");
            assertThat(event.getDetail()).containsEntry("userId", "u1");

            assertThat(messages).as("the queue target got the same event, as JSON").singleElement().satisfies(m -> {
                JsonNode body = JSON.readTree(m.body());
                assertThat(body.path("id").asText()).isEqualTo(put.entries().get(0).eventId());
                assertThat(body.path("detail").path("userId").asText()).isEqualTo("u1");
                assertThat(body.path("version").asText()).isEqualTo("0");
            });
        }
    }

    @Test
    @DisplayName("A target's failing function is invoked again with the same event (Lambda's asynchronous retries): consumers must be idempotent")
    void failedDeliveryIsRetried(EventBridgeClient events, FunctionRegistry functions, TestResources resources) throws Exception {
        String rule = resources.name("retry");
        String function = resources.name("flaky");
        AtomicInteger calls = new AtomicInteger();
        functions.asyncRetryDelay(Duration.ofMillis(50));
        try (var registration = functions.register(function, Functions.handler(ScheduledEvent.class, (event, context) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("mail provider down");
            }
            return null;
        }))) {
            events.putRule(b -> b.name(rule).eventPattern("{\"source\":[\"dev.sjl.retry\"]}"));
            events.putTargets(b -> b.rule(rule).targets(t -> t.id("fn").arn(functions.arn(function))));
            String id = events.putEvents(b -> b.entries(e -> e.source("dev.sjl.retry").detailType("Ping").detail("{}")))
                    .entries().get(0).eventId();

            List<Invocation> invocations = functions.awaitInvocations(function, 2, Duration.ofSeconds(10));
            assertThat(invocations).hasSize(2);
            assertThat(invocations.get(0).succeeded()).isFalse();
            assertThat(invocations.get(1).succeeded()).isTrue();
            assertThat(invocations).allSatisfy(i -> assertThat(JSON.readTree(i.payload()).path("id").asText())
                    .as("the retry carries the same event id").isEqualTo(id));
        } finally {
            functions.asyncRetryDelay(Duration.ofMillis(500));
        }
    }

    @Test
    @DisplayName("Manages rules and targets: ListRules, DescribeRule, ListTargetsByRule, DisableRule, RemoveTargets, DeleteRule")
    void managesRules(EventBridgeClient events, TestResources resources) {
        String rule = resources.name("rule");
        events.putRule(b -> b.name(rule).eventPattern("{\"source\":[\"a\"]}").description("test rule"));
        events.putTargets(b -> b.rule(rule).targets(t -> t.id("q").arn("arn:aws:sqs:us-east-1:000000000000:q"),
                t -> t.id("s3").arn("arn:aws:s3:::bucket")));

        assertThat(events.listRules(b -> b.namePrefix(rule)).rules()).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(RuleState.ENABLED));
        assertThat(events.listTargetsByRule(b -> b.rule(rule)).targets()).as("an unsupported target is a failed entry, not kept")
                .extracting(t -> t.id()).containsExactly("q");
        events.disableRule(b -> b.name(rule));
        assertThat(events.describeRule(b -> b.name(rule)).state()).isEqualTo(RuleState.DISABLED);
        assertThat(events.describeRule(b -> b.name(rule)).description()).isEqualTo("test rule");
        assertThatThrownBy(() -> events.deleteRule(b -> b.name(rule))).isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Rule can't be deleted since it has targets.");
        events.removeTargets(b -> b.rule(rule).ids("q"));
        events.deleteRule(b -> b.name(rule));
        assertThatThrownBy(() -> events.describeRule(b -> b.name(rule))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.putRule(b -> b.name(rule).scheduleExpression("rate(5 minutes)")))
                .isInstanceOf(EventBridgeException.class).hasMessageContaining("not emulated");
    }
}

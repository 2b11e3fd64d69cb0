package dev.sjl.resilience;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.providers.Delivery;
import dev.sjl.localcloud.providers.Provider;
import dev.sjl.notifications.UserSignedUp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 20, item 4: bad luck met by the running service. A service of its own (this class breaks things): the gateway
 * gives up on a function after 2 s, and the notification workers' timeout is 2 s, so their queues' visibility is 12 s
 * and a message's third failed receive (maxReceiveCount 3) sends it to the DLQ after about 24 s.
 * <p>
 * "PostgreSQL restarted mid-run" is {@link PostgresVariantTest#databaseRestart} (a service with {@code --db postgres}).
 */
@DisplayName("Faults met by the running service")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsTest {

    static final int SIGNUPS = Integer.getInteger("resilience.faults.signups", 100);
    /** Shorter than the 24 s after which a message failed at the outage's start would reach the DLQ. */
    static final Duration MAX_OUTAGE = Duration.ofSeconds(15);

    private static RunningService running;
    private static String poisonBody;
    /** When this class's service started: its emulators are the processes started then (another service may run). */
    private static Instant startedFrom;
    private static Instant startedUntil;

    @BeforeAll
    static void start() {
        startedFrom = Instant.now();
        running = RunningService.start(RunningService.OPTIONS.withIntegrationTimeout(Duration.ofSeconds(2)));
        startedUntil = Instant.now();
        // Sent first, so its three receives and its move to the DLQ happen while the other cases run.
        poisonBody = "{\"poison\":\"" + UUID.randomUUID() + "\"}";
        sqs().sendMessage(b -> b.queueUrl(queueUrl("email")).messageBody(poisonBody));
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("E-mail provider down during 100 sign-ups: after it recovers, 100 welcome e-mails, none twice, none dead")
    void emailOutageDuringSignUps() throws Exception {
        Provider email = running.service.providers().email();
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> addresses = java.util.stream.IntStream.range(0, SIGNUPS)
                .mapToObj(i -> "outage-" + run + "-" + i + "@example.com").toList();

        email.fail();
        Instant outage = Instant.now();
        int failedDuringOutage;
        Duration outageLasted;
        try {
            // Eight at a time: what the pool and the 2 s integration timeout take on a shared 2-core machine.
            java.util.concurrent.ExecutorService signUps = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (String address : addresses) {
                    done.add(signUps.submit(() -> {
                        running.confirmedUser(address);
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> future : done) {
                    future.get();
                }
            } finally {
                signUps.shutdownNow();
            }
            Duration left = MAX_OUTAGE.minus(Duration.between(outage, Instant.now()));
            failedDuringOutage = RunningService.eventually(left.isNegative() ? Duration.ZERO : left,
                    email::attempts, attempts -> attempts >= SIGNUPS);
        } finally {
            email.recover();
        }
        outageLasted = Duration.between(outage, Instant.now());
        assertThat(failedDuringOutage).as("send attempts the outage refused (it must have met the pipeline)").isPositive();

        Function<List<Delivery>, List<Delivery>> ours = inbox -> inbox.stream()
                .filter(d -> addresses.contains(d.to())).toList();
        List<Delivery> delivered = RunningService.eventually(Duration.ofSeconds(60), () -> ours.apply(email.inbox()),
                inbox -> inbox.size() >= SIGNUPS);
        Thread.sleep(3_000); // room for a duplicate to show up, if the pipeline sent any
        delivered = ours.apply(email.inbox());
        Map<String, Long> perAddress = delivered.stream().collect(Collectors.groupingBy(Delivery::to, Collectors.counting()));
        System.out.println("[faults] outage of " + outageLasted.toMillis() + " ms during " + SIGNUPS + " sign-ups: "
                + failedDuringOutage + " send attempts refused; after recovery " + delivered.size() + " e-mails to "
                + perAddress.size() + " addresses, provider attempts in all " + email.attempts()
                + ", e-mail DLQ depth " + depth("email-dlq"));
        assertThat(perAddress.keySet()).as("every sign-up got its welcome").containsExactlyInAnyOrderElementsOf(addresses);
        assertThat(perAddress.values()).as("no address got it twice").allMatch(n -> n == 1);
    }

    @Test
    @Order(2)
    @DisplayName("The same event delivered twice by SQS: one e-mail")
    void duplicatedDelivery() throws Exception {
        Provider email = running.service.providers().email();
        String address = "dup-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String event = UserSignedUp.of(UUID.randomUUID().toString(), address, null, Instant.now()).toJson();
        String queue = queueUrl("email");
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody(event));
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody(event));

        RunningService.eventually(Duration.ofSeconds(30), () -> count(email, address), n -> n >= 1);
        Thread.sleep(3_000);
        long sent = count(email, address);
        System.out.println("[faults] one event sent twice to the e-mail queue: e-mails " + sent);
        assertThat(sent).as("e-mails for one event delivered twice").isEqualTo(1);
    }

    /**
     * The deployment's alarm on each DLQ watches ApproximateNumberOfMessagesVisible (deploy's UserServiceStack,
     * "-not-empty"): the same attribute read here.
     */
    @Test
    @Order(3)
    @DisplayName("A poison message: retried three times, then kept by the DLQ, whose depth (the alarm's metric) is 1 or more")
    void poisonMessage() throws Exception {
        String dlq = queueUrl("email-dlq");
        int depth = RunningService.eventually(Duration.ofSeconds(60), () -> depth("email-dlq"), n -> n >= 1);
        List<Message> dead = sqs().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)).messages();
        System.out.println("[faults] poison message: in the e-mail DLQ " + dead.stream().anyMatch(m -> m.body().equals(poisonBody))
                + ", DLQ ApproximateNumberOfMessagesVisible " + depth + ", source queue depth " + depth("email"));
        assertThat(dead).as("the poison message in the e-mail DLQ").anyMatch(m -> m.body().equals(poisonBody));
        assertThat(depth).as("the DLQ's depth, which the deployment's alarm fires on at 1").isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(4)
    @EnabledOnOs({OS.LINUX, OS.MAC}) // SIGSTOP freezes the emulator: there is no such signal on Windows
    @DisplayName("A function whose dependency hangs: 503 from the gateway at its timeout; the next call after it recovers succeeds")
    void hungDependencyIs503() throws Exception {
        ProcessHandle cognito = emulator("cognito-launcher");
        signal("STOP", cognito);
        HttpResponse<String> hung;
        long took;
        try {
            long started = System.nanoTime();
            hung = running.post("login", Map.of("email", "nobody@example.com", "password", RunningService.PASSWORD), null);
            took = (System.nanoTime() - started) / 1_000_000;
        } finally {
            signal("CONT", cognito);
        }
        System.out.println("[faults] POST /login with Cognito frozen: " + hung.statusCode() + " " + hung.body()
                + " after " + took + " ms (integration timeout 2 s)");
        assertThat(hung.statusCode()).as("API Gateway's answer to an integration past its timeout").isEqualTo(503);
        assertThat(RunningService.json(hung).path("message").asText()).isEqualTo("Service Unavailable");

        // Back once the emulator has worked off what queued while it was frozen.
        RunningService.eventually(Duration.ofSeconds(30), () -> {
            long started = System.nanoTime();
            running.service.cloud().clients().cognito().describeUserPool(b -> b.userPoolId(running.service.poolId()));
            return (System.nanoTime() - started) / 1_000_000;
        }, millis -> millis < 500);
        String email = "after-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        running.confirmedUser(email);
        assertThat(running.login(email, RunningService.PASSWORD).path("accessToken").asText())
                .as("the next login, Cognito back").isNotBlank();
    }

    @Test
    @Order(5)
    @DisplayName("An emulator killed: an answer without a hang, and the local cloud names the dead emulator")
    void killedEmulator() throws Exception {
        ProcessHandle cognito = emulator("cognito-launcher");
        cognito.destroyForcibly();
        cognito.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);

        long started = System.nanoTime();
        HttpResponse<String> answer = running.post("login", Map.of("email", "nobody@example.com",
                "password", RunningService.PASSWORD), null);
        long took = (System.nanoTime() - started) / 1_000_000;
        System.out.println("[faults] POST /login with Cognito killed: " + answer.statusCode() + " " + answer.body()
                + " after " + took + " ms");
        assertThat(answer.statusCode()).as("an outage answer, not a hang: %s", answer.body()).isBetween(500, 599);
        assertThat(answer.body()).as("nothing internal in it").doesNotContain("Exception").doesNotContain("dev.sjl")
                .doesNotContain("software.amazon").doesNotContain("127.0.0.1");
        assertThat(running.service.cloud().isRunning(Service.COGNITO)).as("the local cloud knows").isFalse();
        assertThatThrownBy(() -> running.service.cloud().endpoint(Service.COGNITO))
                .as("asking for it names the dead emulator").hasMessageContaining("cognito").hasMessageContaining("exited");
    }

    private static long count(Provider provider, String address) {
        return provider.inbox().stream().filter(d -> d.to().equals(address)).count();
    }

    private static SqsClient sqs() {
        return running.service.cloud().clients().sqs();
    }

    private static String queueUrl(String name) {
        return sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    private static int depth(String queue) {
        return Integer.parseInt(sqs().getQueueAttributes(b -> b.queueUrl(queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static ProcessHandle emulator(String launcher) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream().anyMatch(a -> a.contains(launcher)))
                .filter(p -> p.info().startInstant().map(at -> !at.isBefore(startedFrom.minusSeconds(1))
                        && !at.isAfter(startedUntil)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no process of this class's service runs " + launcher));
    }

    private static void signal(String signal, ProcessHandle process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, process.pid()).isZero();
    }

}

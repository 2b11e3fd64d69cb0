package dev.sjl.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A benchmark, not a test: what task 4's per-user order costs in throughput. The same welcome steps (users ×
 * "welcome", "verify-email", "complete-profile") are drained by the same consumers from three queues: a standard queue;
 * task 4's FIFO queue ({@link WelcomeSequence}: a message group per user, content-based deduplication); and a FIFO
 * queue with one message group for everyone. A consumer receives up to ten messages, "sends" each with a fixed
 * provider latency, then deletes them, as a worker's batch does. It prints messages per second for each queue, and
 * checks each user's order: on the FIFO queues it must hold (the run stops otherwise), on the standard queue the
 * users seen out of order are counted.
 *
 * <p>It measures the consumer side: a FIFO queue hands out a group's next message only after the one in flight is
 * deleted, so a queue drains no faster than its groups with work allow. The local SQS gives at most one message per
 * group per receive (AWS may give up to ten of one group), so the one-group figure is a worst case. SQS's API quota
 * for FIFO (300 sends a second per action, 3,000 batched, more in high-throughput mode) is AWS's and is not
 * reproduced locally. Run it on a quiet machine and compare runs; never assert on the numbers.
 *
 * <pre>
 * ./mvnw -q -pl solutions/07-sns-sqs test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.sjl.notifications.FifoThroughput -Dexec.args="--users 100 --consumers 8 --latency-ms 20"
 * </pre>
 */
public final class FifoThroughput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STEPS = List.of("welcome", "verify-email", "complete-profile");
    /** Longer than any run: no message comes back for a second receive, so every count is one send per message. */
    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(30);

    private FifoThroughput() {
    }

    /** One drain: how long it took, and how many users' steps were handled out of the order sent. */
    private record Drained(int messages, long nanos, int usersOutOfOrder) {
        double perSecond() {
            return messages / (nanos / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int users = option(args, "--users", 100);
        int consumers = option(args, "--consumers", 8);
        int latencyMs = option(args, "--latency-ms", 20);
        String run = "bench-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        try (LocalCloud cloud = LocalCloud.start(Service.SQS)) {
            SqsClient sqs = cloud.clients().sqs();
            // Warm-up: the JIT, the SDK's connections and the emulator's first queue, on a small standard drain.
            drain(sqs, standard(sqs, run + "-warmup", Math.max(10, users / 10)), Math.max(10, users / 10) * STEPS.size(),
                    consumers, latencyMs);

            Drained standard = drain(sqs, standard(sqs, run + "-standard", users), users * STEPS.size(), consumers, latencyMs);
            Drained perUser = drain(sqs, fifo(sqs, run + "-per-user", users, (url, user) -> new WelcomeSequence(sqs, url).send(user, STEPS)),
                    users * STEPS.size(), consumers, latencyMs);
            Drained oneGroup = drain(sqs, fifo(sqs, run + "-one-group", users, (url, user) -> oneGroup(sqs, url, user)),
                    users * STEPS.size(), consumers, latencyMs);
            if (perUser.usersOutOfOrder() > 0 || oneGroup.usersOutOfOrder() > 0) {
                throw new IllegalStateException("a FIFO queue delivered a user's steps out of order: the numbers would lie");
            }

            System.out.printf(Locale.ROOT, "%d messages (%d users × %d steps), %d consumers, batches of ≤ 10, %d ms per send, "
                    + "%d cores%n", users * STEPS.size(), users, STEPS.size(), consumers, latencyMs,
                    Runtime.getRuntime().availableProcessors());
            print("standard queue", standard, standard, standard.usersOutOfOrder() + " users' steps out of order");
            print("FIFO, a group per user (task 4)", perUser, standard, "every user's steps in order");
            print("FIFO, one group for everyone", oneGroup, standard, "every user's steps in order");
        }
    }

    private static String standard(SqsClient sqs, String name, int users) {
        String url = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
                Long.toString(WORKER_TIMEOUT.toSeconds() * FanOut.VISIBILITY_PER_FUNCTION_TIMEOUT)))).queueUrl();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < STEPS.size(); i++) {
                String body = body("user-" + u, STEPS.get(i), i + 1);
                sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
            }
        }
        return url;
    }

    /** A FIFO queue made by task 4's {@link WelcomeSequence#queueAttributes}, filled user by user by {@code send}. */
    private static String fifo(SqsClient sqs, String name, int users, BiConsumer<String, String> send) {
        String url = sqs.createQueue(b -> b.queueName(name + ".fifo")
                .attributes(WelcomeSequence.queueAttributes(WORKER_TIMEOUT))).queueUrl();
        for (int u = 0; u < users; u++) {
            send.accept(url, "user-" + u);
        }
        return url;
    }

    /** Task 4's shortcut "one group for everyone", with bodies that still name the user (nothing is deduplicated). */
    private static void oneGroup(SqsClient sqs, String url, String user) {
        for (int i = 0; i < STEPS.size(); i++) {
            String body = body(user, STEPS.get(i), i + 1);
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId("everyone"));
        }
    }

    /** The body task 4's {@link WelcomeSequence#send} writes, for the queues it does not fill itself. */
    private static String body(String user, String step, int position) {
        return JSON.createObjectNode().put("userId", user).put("step", step).put("position", position).toString();
    }

    /** Drains {@code total} messages with {@code consumers} threads; the clock stops at the last delete. */
    private static Drained drain(SqsClient sqs, String url, int total, int consumers, int latencyMs) throws Exception {
        CountDownLatch left = new CountDownLatch(total);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(consumers);
        long started = System.nanoTime();
        for (int c = 0; c < consumers; c++) {
            threads.submit(() -> {
                while (!stop.get()) {
                    List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                            .messages();
                    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
                    for (Message message : batch) {
                        Thread.sleep(latencyMs); // the provider call: what a worker spends per message
                        JsonNode body = JSON.readTree(message.body());
                        String user = body.path("userId").asText();
                        int position = body.path("position").asInt();
                        seen.computeIfAbsent(user, u -> Collections.synchronizedList(new ArrayList<>())).add(position);
                        done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                                .receiptHandle(message.receiptHandle()).build());
                    }
                    if (!done.isEmpty()) {
                        sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done));
                        done.forEach(d -> left.countDown());
                    }
                }
                return null;
            });
        }
        if (!left.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(left.getCount() + " messages never drained: the numbers would lie");
        }
        long nanos = System.nanoTime() - started;
        stop.set(true);
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        int outOfOrder = 0;
        for (List<Integer> positions : seen.values()) {
            if (!positions.equals(List.of(1, 2, 3))) {
                outOfOrder++;
            }
        }
        return new Drained(total, nanos, outOfOrder);
    }

    private static void print(String queue, Drained drained, Drained standard, String order) {
        System.out.printf(Locale.ROOT, "  %-34s %6.0f messages/s (%3.0f%% of standard), %.2f s; %s%n", queue + ":",
                drained.perSecond(), 100 * drained.perSecond() / standard.perSecond(), drained.nanos() / 1e9, order);
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}

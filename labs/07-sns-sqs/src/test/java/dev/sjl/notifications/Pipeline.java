package dev.sjl.notifications;

import dev.sjl.dynamodb.DynamoDbUserRepository;
import dev.sjl.dynamodb.UsersTable;
import dev.sjl.localcloud.EventSourceMapping;
import dev.sjl.localcloud.EventSourceMappings;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.QueueMessage;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.localcloud.providers.FakeProviders;
import dev.sjl.users.User;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The notification pipeline deployed into the local cloud for one test, piece by piece, from the lab's own settings:
 * what a CDK stack would create, in the order a test needs it. Everything it makes carries the test's prefix (deleted
 * after the test); its mappings and functions are removed on {@link #close()}.
 */
final class Pipeline implements AutoCloseable {

    /** The workers' timeout: short, so a retried message comes back within seconds (visibility is six times it). */
    static final Duration WORKER_TIMEOUT = Duration.ofSeconds(2);
    /** The provider clients give up well before the function does. */
    static final Duration PROVIDER_TIMEOUT = Duration.ofMillis(1500);
    static final String PUBLISHER = "publisher";

    record Queue(String url, String arn, String name) {
    }

    /** A channel's queue and its dead-letter queue. */
    record ChannelQueues(Queue queue, Queue deadLetters) {
    }

    final LocalCloud cloud;
    final DynamoDbClient dynamo;
    final SnsClient sns;
    /** SNS as the publishers get it: {@link #sns}, with an outage a test can switch on. */
    final SnsOutage snsOutage;
    final SqsClient sqs;
    final FunctionRegistry functions;
    final EventSourceMappings mappings;
    final TestResources resources;
    final String usersTable;
    final String topicArn;
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final Map<Channel, ChannelQueues> channels = new EnumMap<>(Channel.class);
    private final List<AutoCloseable> undo = new ArrayList<>();
    private final List<String> watched = new ArrayList<>();
    private DynamoDbUserRepository users;
    private String streamArn;

    Pipeline(LocalCloud cloud, TestResources resources) {
        this.cloud = cloud;
        this.resources = resources;
        this.dynamo = cloud.clients().dynamoDb();
        this.sns = cloud.clients().sns();
        this.snsOutage = new SnsOutage(sns);
        this.sqs = cloud.clients().sqs();
        this.functions = cloud.functions();
        this.mappings = cloud.eventSourceMappings();
        this.usersTable = resources.name("users");
        this.topicArn = "arn:aws:sns:us-east-1:000000000000:" + resources.name("user-events");
    }

    /** Lab 06's users table, with its stream turned on by task 1. */
    Pipeline usersTable() {
        UsersTable.create(dynamo, usersTable);
        streamArn = SignUpPublisher.enableStream(dynamo, usersTable);
        users = new DynamoDbUserRepository(dynamo, usersTable, new byte[32]);
        return this;
    }

    Pipeline topic() {
        String created = sns.createTopic(b -> b.name(resources.name("user-events"))).topicArn();
        if (!created.equals(topicArn)) {
            throw new IllegalStateException("unexpected topic ARN " + created);
        }
        return this;
    }

    /** The publisher function on the users table's stream. */
    Pipeline publisher() {
        register(PUBLISHER, Functions.handler(new SignUpPublisher(snsOutage, topicArn)), Duration.ofSeconds(10));
        map(EventSourceMapping.of(streamArn, resources.name(PUBLISHER)).withStartingPosition("TRIM_HORIZON")
                .withBatchSize(100).withReportBatchItemFailures(true));
        return this;
    }

    SignUps signUps() {
        return new SignUps(users, new SignUpPublisher(snsOutage, topicArn));
    }

    DynamoDbUserRepository users() {
        return users;
    }

    /** A queue subscribed to the topic with raw delivery and no filter: sees every event as published. */
    Queue probe() {
        Queue probe = queue("probe", Map.of());
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(probe.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));
        return probe;
    }

    /** Task 2: each channel's queue and DLQ from {@link FanOut}, subscribed with its attributes. */
    Pipeline fanOut(int maxReceiveCount) {
        for (Channel channel : Channel.values()) {
            Queue deadLetters = queue(channel.id() + "-dlq", FanOut.deadLetterQueueAttributes());
            Queue queue = queue(channel.id(), FanOut.queueAttributes(deadLetters.arn(), WORKER_TIMEOUT, maxReceiveCount));
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
                    .attributes(FanOut.subscriptionAttributes(channel)));
            channels.put(channel, new ChannelQueues(queue, deadLetters));
        }
        return this;
    }

    /** Task 3: the idempotency table, and a worker per channel on its queue, calling the fake providers. */
    Pipeline workers(FakeProviders providers) {
        String table = resources.name("sent");
        IdempotencyStore.create(dynamo, table);
        IdempotencyStore store = new IdempotencyStore(dynamo, table, Clock.systemUTC(), WORKER_TIMEOUT, Duration.ofDays(15));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Map<Channel, NotificationProvider> providerOf = Map.of(
                Channel.EMAIL, new SendGridEmailProvider(http, providers.endpoint(), providers.sendGridApiKey(),
                        "hello@sjl.example", PROVIDER_TIMEOUT),
                Channel.SMS, new TwilioSmsProvider(http, providers.endpoint(), providers.twilioAccountSid(),
                        providers.twilioAuthToken(), "+15005550006", PROVIDER_TIMEOUT));
        for (Channel channel : Channel.values()) {
            String name = channel.id() + "-worker";
            register(name, Functions.handler(new NotificationWorker(channel, providerOf.get(channel), store, logLines::add)),
                    WORKER_TIMEOUT);
            map(EventSourceMapping.of(channels.get(channel).queue().arn(), resources.name(name)).withBatchSize(5)
                    .withReportBatchItemFailures(true));
        }
        return this;
    }

    Queue queue(String base, Map<QueueAttributeName, String> attributes) {
        String name = resources.name(base);
        String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn, name);
    }

    List<QueueMessage> peek(Queue queue) {
        return cloud.peekQueue(queue.url());
    }

    /** Waits, failing at once with the TODO of any pipeline function that reached one. */
    void await(java.util.function.BooleanSupplier condition, String rule) {
        Await.until(condition, rule, functions, watched.toArray(String[]::new));
    }

    void await(java.util.function.BooleanSupplier condition, String rule, Duration ceiling) {
        Await.until(condition, rule, ceiling, functions, watched.toArray(String[]::new));
    }

    static User newUser(String email) {
        return new User(UUID.randomUUID().toString(), email, "$2a$10$abcdefghijklmnopqrstuuJ4K3hQ2y6uAq7p0c1mF5o3hQ2y6uAq7",
                Instant.now());
    }

    private void register(String base, dev.sjl.localcloud.functions.LocalFunction function, Duration timeout) {
        String name = resources.name(base);
        undo.add(functions.register(name, function, timeout, 512));
        watched.add(name);
    }

    private void map(EventSourceMapping mapping) {
        String uuid = mappings.create(mapping).uuid();
        undo.add(() -> mappings.delete(uuid));
    }

    @Override
    public void close() throws Exception {
        // Mappings first (they were added after their functions): no poller may call a function that is gone.
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).close();
        }
    }
}

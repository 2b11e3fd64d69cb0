package dev.sjl.localcloud;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Configured AWS SDK v2 clients, created once and closed with this object. Against the local cloud: static dummy
 * credentials ({@code test}/{@code test}), {@code us-east-1}, each service's loopback endpoint, S3 path-style (no
 * wildcard DNS needed). Against AWS: the default credential and region chains, no endpoint override — the same code.
 */
public final class AwsClients implements AutoCloseable {
    /** The dummy credentials every emulator accepts; never a real key. */
    public static final String DUMMY_KEY = "test";
    public static final Region LOCAL_REGION = Region.US_EAST_1;

    /**
     * The client types {@link #client(Class)} can build, with the service each needs. In a holder: the ten client
     * interfaces take tens of milliseconds to load, which a local cloud's start need not pay before any client is asked
     * for.
     */
    private static final class ClientTypes {
        static final Map<Class<?>, Service> SERVICES = Map.of(
                DynamoDbClient.class, Service.DYNAMODB,
                DynamoDbStreamsClient.class, Service.DYNAMODB,
                S3Client.class, Service.S3,
                S3Presigner.class, Service.S3,
                SqsClient.class, Service.SQS,
                SnsClient.class, Service.SNS,
                CognitoIdentityProviderClient.class, Service.COGNITO,
                SsmClient.class, Service.SSM,
                SecretsManagerClient.class, Service.SECRETS_MANAGER,
                EventBridgeClient.class, Service.EVENTBRIDGE);
    }

    /** The service a client of {@code type} talks to, or null when {@link #client(Class)} cannot build that type. */
    public static Service serviceOf(Class<?> type) {
        return ClientTypes.SERVICES.get(type);
    }

    private final Function<Service, URI> endpoints;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final Map<Class<?>, AutoCloseable> cache = new ConcurrentHashMap<>();

    private AwsClients(Function<Service, URI> endpoints, AwsCredentialsProvider credentials, Region region) {
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.region = region;
    }

    /** Clients for emulators; {@code endpoints} names each service's base URI. */
    public static AwsClients local(Function<Service, URI> endpoints) {
        return new AwsClients(endpoints, StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY_KEY, DUMMY_KEY)),
                LOCAL_REGION);
    }

    /** Clients for a real AWS account: default credential chain, default region chain. */
    public static AwsClients aws() {
        return new AwsClients(null, DefaultCredentialsProvider.builder().build(), null);
    }

    public DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.class);
    }

    /** DynamoDB Streams, served on the DynamoDB endpoint (the SDK tells them apart by the X-Amz-Target prefix). */
    public DynamoDbStreamsClient dynamoDbStreams() {
        return client(DynamoDbStreamsClient.class);
    }

    public S3Client s3() {
        return client(S3Client.class);
    }

    public S3Presigner s3Presigner() {
        return client(S3Presigner.class);
    }

    public SqsClient sqs() {
        return client(SqsClient.class);
    }

    public SnsClient sns() {
        return client(SnsClient.class);
    }

    public CognitoIdentityProviderClient cognito() {
        return client(CognitoIdentityProviderClient.class);
    }

    public SsmClient ssm() {
        return client(SsmClient.class);
    }

    public SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.class);
    }

    public EventBridgeClient eventBridge() {
        return client(EventBridgeClient.class);
    }

    /** The shared client of {@code type}: one {@link #serviceOf} knows. */
    public <T> T client(Class<T> type) {
        Service service = serviceOf(type);
        if (service == null) {
            throw new IllegalArgumentException("No AWS client of type " + type.getName() + "; supported: "
                    + ClientTypes.SERVICES.keySet().stream().map(Class::getSimpleName).sorted().toList());
        }
        return type.cast(cache.computeIfAbsent(type, t -> build(t, service)));
    }

    private AutoCloseable build(Class<?> type, Service service) {
        URI endpoint = endpoints == null ? null : endpoints.apply(service);
        if (type == S3Presigner.class) {
            S3Presigner.Builder presigner = S3Presigner.builder().credentialsProvider(credentials);
            if (region != null) {
                presigner.region(region);
            }
            if (endpoint != null) {
                presigner.endpointOverride(endpoint)
                        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
            }
            return presigner.build();
        }
        AwsClientBuilder<?, ?> builder = builderFor(type);
        builder.credentialsProvider(credentials);
        if (region != null) {
            builder.region(region);
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (builder instanceof software.amazon.awssdk.services.s3.S3ClientBuilder s3 && endpoint != null) {
            s3.forcePathStyle(true);
        }
        return (AutoCloseable) builder.build();
    }

    private static AwsClientBuilder<?, ?> builderFor(Class<?> type) {
        if (type == DynamoDbClient.class) {
            return DynamoDbClient.builder();
        } else if (type == DynamoDbStreamsClient.class) {
            return DynamoDbStreamsClient.builder();
        } else if (type == S3Client.class) {
            return S3Client.builder();
        } else if (type == SqsClient.class) {
            return SqsClient.builder();
        } else if (type == SnsClient.class) {
            return SnsClient.builder();
        } else if (type == CognitoIdentityProviderClient.class) {
            return CognitoIdentityProviderClient.builder();
        } else if (type == SsmClient.class) {
            return SsmClient.builder();
        } else if (type == SecretsManagerClient.class) {
            return SecretsManagerClient.builder();
        } else if (type == EventBridgeClient.class) {
            return EventBridgeClient.builder();
        }
        throw new IllegalArgumentException(type.getName());
    }

    @Override
    public void close() {
        cache.values().forEach(client -> {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing SDK clients only releases connection pools
            }
        });
        cache.clear();
    }
}

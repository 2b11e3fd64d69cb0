package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.AwsClients;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.localcloud.Service;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The cloud a test run talks to; closed by JUnit after the last test (it is stored in the root context). */
final class CloudSession implements AutoCloseable {
    /** The module that serves each pluggable target, for the error that names it when it is missing. */
    private static final Map<CloudTarget, String> MODULES = Map.of(
            CloudTarget.LOCAL, "localcloud-core",
            CloudTarget.LOCALSTACK, "localcloud-localstack");
    private static final Map<CloudTarget, CloudBackend> BACKENDS = discover();

    private final CloudTarget target;
    private final CloudBackend.Session session;

    private CloudSession(CloudTarget target, CloudBackend.Session session) {
        this.target = target;
        this.session = session;
    }

    private static Map<CloudTarget, CloudBackend> discover() {
        Map<CloudTarget, CloudBackend> found = new EnumMap<>(CloudTarget.class);
        for (CloudBackend backend : ServiceLoader.load(CloudBackend.class, CloudSession.class.getClassLoader())) {
            found.putIfAbsent(backend.target(), backend);
        }
        return found;
    }

    static CloudSession open(CloudTarget target) {
        if (target == CloudTarget.AWS) {
            AwsClients clients = AwsClients.aws();
            return new CloudSession(target, new CloudBackend.Session() {
                @Override
                public AwsClients clients() {
                    return clients;
                }

                @Override
                public void close() {
                    clients.close();
                }
            });
        }
        CloudBackend backend = BACKENDS.get(target);
        if (backend == null) {
            throw new IllegalStateException(missingModule(target));
        }
        return new CloudSession(target, backend.open());
    }

    /**
     * Why {@code target} cannot be used here, in one line; empty when it can. A missing local cloud is not a reason
     * to skip: {@link #open} then fails and names the module, since every test would otherwise be skipped unseen.
     */
    static Optional<String> unavailableReason(CloudTarget target) {
        if (target == CloudTarget.AWS) {
            return awsUnavailable();
        }
        CloudBackend backend = BACKENDS.get(target);
        if (backend == null) {
            return target == CloudTarget.LOCAL ? Optional.empty() : Optional.of(missingModule(target));
        }
        return backend.unavailableReason();
    }

    /** The local cloud's own parameter types (LocalCloud, FunctionRegistry…), when it is on the classpath. */
    static Set<Class<?>> localOnlyTypes() {
        CloudBackend local = BACKENDS.get(CloudTarget.LOCAL);
        return local == null ? Set.of() : local.ownParameterTypes();
    }

    static String missingModule(CloudTarget target) {
        String artifact = MODULES.get(target);
        return "-Dcloud=" + target.name().toLowerCase(java.util.Locale.ROOT) + " needs the module dev.sjl:" + artifact
                + " on the test classpath; add <dependency><groupId>dev.sjl</groupId><artifactId>" + artifact
                + "</artifactId><version>${project.version}</version><scope>test</scope></dependency> to the pom.xml";
    }

    private static Optional<String> awsUnavailable() {
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            credentials.resolveCredentials();
            new DefaultAwsRegionProviderChain().getRegion();
            return Optional.empty();
        } catch (SdkClientException e) {
            return Optional.of("no AWS credentials or region from the default chains (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_REGION)");
        }
    }

    void ensureStarted(Set<Service> services) {
        session.ensureStarted(services);
    }

    CloudTarget target() {
        return target;
    }

    AwsClients clients() {
        return session.clients();
    }

    Optional<PostgresConnection> postgresMaster() {
        return session.postgresMaster();
    }

    boolean isLocal() {
        return target == CloudTarget.LOCAL;
    }

    Object resolve(Class<?> type) {
        return session.resolve(type);
    }

    @Override
    public void close() {
        session.close();
    }
}

package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.AwsClients;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The cloud a test run talks to; closed by JUnit after the last test (it is stored in the root context). */
final class CloudSession implements AutoCloseable {
    private final CloudTarget target;
    private final LocalCloud local;
    private final AwsClients clients;
    private final AutoCloseable container;

    private CloudSession(CloudTarget target, LocalCloud local, AwsClients clients, AutoCloseable container) {
        this.target = target;
        this.local = local;
        this.clients = clients;
        this.container = container;
    }

    static CloudSession open(CloudTarget target) {
        return switch (target) {
            case LOCAL -> {
                LocalCloud cloud = LocalCloud.builder().start();
                yield new CloudSession(target, cloud, cloud.clients(), null);
            }
            case AWS -> new CloudSession(target, null, AwsClients.aws(), null);
            case LOCALSTACK -> LocalStackSession.open();
        };
    }

    static CloudSession forLocalStack(AwsClients clients, AutoCloseable container) {
        return new CloudSession(CloudTarget.LOCALSTACK, null, clients, container);
    }

    /** Why {@code target} cannot be used here, in one line; empty when it can. */
    static Optional<String> unavailableReason(CloudTarget target) {
        return switch (target) {
            case LOCAL -> Optional.empty();
            case AWS -> awsUnavailable();
            case LOCALSTACK -> LocalStackSession.unavailableReason();
        };
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
        if (local != null) {
            local.ensureStarted(services);
        }
    }

    CloudTarget target() {
        return target;
    }

    AwsClients clients() {
        return clients;
    }

    Optional<LocalCloud> local() {
        return Optional.ofNullable(local);
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
        } else {
            clients.close();
        }
        if (container != null) {
            try {
                container.close();
            } catch (Exception ignored) {
                // Testcontainers' reaper removes the container anyway
            }
        }
    }
}

package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.AwsClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code -Dcloud=localstack}: LocalStack in Docker through Testcontainers. LocalStack's image needs an auth token
 * (since March 2026) and a Docker engine; without either, the tests are skipped with one line saying which.
 * Cognito and API Gateway HTTP APIs are not in LocalStack's free tier.
 */
public final class LocalStackSession implements CloudBackend {
    static final String TOKEN = "LOCALSTACK_AUTH_TOKEN";
    /** Override with {@code -Dlocalstack.image=localstack/localstack:TAG}. */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.10";

    /** ServiceLoader's. */
    public LocalStackSession() {
    }

    @Override
    public CloudTarget target() {
        return CloudTarget.LOCALSTACK;
    }

    @Override
    public Optional<String> unavailableReason() {
        String token = System.getenv(TOKEN);
        if (token == null || token.isBlank()) {
            return Optional.of(TOKEN + " is not set (LocalStack's image requires one)");
        }
        if (!dockerSocketConfigured()) {
            return Optional.of("no Docker engine (DOCKER_HOST is not set and there is no /var/run/docker.sock)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("no Docker engine is reachable (Testcontainers found none)");
        }
        return Optional.empty();
    }

    /**
     * Whether any Docker endpoint is configured at all. Checked before Testcontainers, whose own search logs an
     * error screen when there is none; that noise is for a broken Docker, not a machine that has none.
     */
    private static boolean dockerSocketConfigured() {
        if (System.getenv("DOCKER_HOST") != null || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))) {
            return true;
        }
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || (runtimeDir != null && Files.exists(Path.of(runtimeDir, "docker.sock")));
    }

    @Override
    public Session open() {
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(System.getProperty("localstack.image", DEFAULT_IMAGE)).asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv(TOKEN, System.getenv(TOKEN));
        container.start();
        // LocalStack serves every service on one edge port and accepts any credentials.
        AwsClients clients = AwsClients.local(service -> container.getEndpoint());
        return new Session() {
            @Override
            public AwsClients clients() {
                return clients;
            }

            @Override
            public void close() {
                clients.close();
                container.close();
            }
        };
    }
}

package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.AwsClients;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code -Dcloud=localstack}: LocalStack in Docker through Testcontainers. LocalStack's image needs an auth token
 * (since March 2026) and a Docker engine; without either, the tests are skipped with one line saying which.
 * Cognito and API Gateway HTTP APIs are not in LocalStack's free tier.
 */
final class LocalStackSession {
    static final String TOKEN = "LOCALSTACK_AUTH_TOKEN";
    /** Override with {@code -Dlocalstack.image=localstack/localstack:TAG}. */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.10";

    private LocalStackSession() {
    }

    static Optional<String> unavailableReason() {
        String token = System.getenv(TOKEN);
        if (token == null || token.isBlank()) {
            return Optional.of(TOKEN + " is not set (LocalStack's image requires one)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("no Docker engine is reachable (Testcontainers found none)");
        }
        return Optional.empty();
    }

    static CloudSession open() {
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(System.getProperty("localstack.image", DEFAULT_IMAGE)).asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv(TOKEN, System.getenv(TOKEN));
        container.start();
        // LocalStack serves every service on one edge port and accepts any credentials.
        AwsClients clients = AwsClients.local(service -> container.getEndpoint());
        return CloudSession.forLocalStack(clients, container);
    }
}

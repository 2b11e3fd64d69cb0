package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code kit cloud up / status / down} as a learner runs them: a separate JVM on the fixed ports, with its own cache
 * folder. Skipped when those ports are taken (a {@code kit cloud up} of the learner's own is running).
 */
@Tag("kit-cloud")
class CloudCommandTest {

    @Test
    @DisplayName("up prints each endpoint but never PostgreSQL's password, which goes to a mode-600 pgpass file and an RDS-shaped secret; down removes both")
    void upStatusDown(@TempDir Path cache) throws Exception {
        for (Service service : List.of(Service.POSTGRES, Service.SECRETS_MANAGER, Service.LAMBDA)) {
            assumeThat(Ports.inUse(service.emulator().fixedPort())).as("port %d is free (no kit cloud is running)",
                    service.emulator().fixedPort()).isFalse();
        }
        Process up = kit(cache, "up", "--services", "postgres,secrets_manager,lambda").start();
        List<String> printed = new ArrayList<>();
        try {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> read(up, printed, ready), "kit-cloud-up-output");
            reader.setDaemon(true);
            reader.start();
            ready.get(120, TimeUnit.SECONDS);

            Path pgpass = cache.resolve("cloud/pgpass");
            assertThat(Files.getPosixFilePermissions(pgpass)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String[] entry = Files.readString(pgpass).trim().split(":");
            assertThat(entry).as("host:port:database:user:password").hasSize(5);
            assertThat(entry[0] + ":" + entry[1]).isEqualTo("127.0.0.1:14566");
            assertThat(entry[3]).isEqualTo("sjl_admin");
            String password = entry[4];
            synchronized (printed) {
                assertThat(printed).as("the console shows how to connect").anyMatch(line -> line.contains("psql -h 127.0.0.1 -p 14566 -U sjl_admin"));
                assertThat(String.join("\n", printed)).as("the master password must never reach the console").doesNotContain(password);
            }
            assertThat(PostgresEmulator.answers("127.0.0.1", 14566)).isTrue();

            assertThat(masterSecret()).contains("\"engine\":\"postgres\"", "\"port\":14566", "\"password\":\"" + password + "\"");

            // reset empties every service; the master secret is kit cloud's own, so it is there again afterwards.
            try (Connection c = cloud("postgres", password).getConnection(); Statement sql = c.createStatement()) {
                sql.execute("CREATE DATABASE left_behind");
            }
            Result reset = run(kit(cache, "reset"));
            assertThat(reset.exitCode()).as(reset.output()).isZero();
            assertThat(reset.output()).contains("The local cloud is reset:").containsPattern("POSTGRES\\s+1 databases")
                    .containsPattern("SECRETS_MANAGER\\s+1 secrets deleted");
            assertThat(masterSecret()).contains(password);

            Result status = run(kit(cache, "status"));
            assertThat(status.exitCode()).isZero();
            assertThat(status.output()).containsPattern("POSTGRES\\s+postgresql://127.0.0.1:14566\\s+up");

            Result down = run(kit(cache, "down"));
            assertThat(down.output()).contains("The local cloud is stopped.");
            assertThat(up.waitFor(20, TimeUnit.SECONDS)).as("up exits after down").isTrue();
            assertThat(pgpass).as("down removes the password file").doesNotExist();
            assertThat(run(kit(cache, "status")).exitCode()).as("status after down: not running").isEqualTo(3);
        } finally {
            up.destroyForcibly();
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** The master secret kit cloud stored, read through its Secrets Manager endpoint as the AWS CLI would. */
    private static String masterSecret() {
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:14564")).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            return secrets.getSecretValue(b -> b.secretId(CloudCommand.POSTGRES_SECRET)).secretString();
        }
    }

    private static javax.sql.DataSource cloud(String database, String password) {
        return new PostgresConnection("127.0.0.1", 14566, database, "sjl_admin", password).dataSource();
    }

    private static ProcessBuilder kit(Path cache, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CloudCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("SJL_CACHE_DIR", cache.toString());
        return builder;
    }

    private static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** Collects what {@code up} prints; ready once it says how to stop it (or fails with what it printed). */
    private static void read(Process up, List<String> printed, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (printed) {
                    printed.add(line);
                }
                if (line.startsWith("Ctrl-C or `kit cloud down` stops it.")) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        synchronized (printed) {
            // The reason first: a build summary shows only a failure's first line.
            String last = printed.isEmpty() ? "(nothing)" : printed.get(printed.size() - 1);
            ready.completeExceptionally(new IllegalStateException("kit cloud up ended before it was ready; its last line: " + last
                    + "\nAll it printed:\n" + String.join("\n", printed)));
        }
    }
}

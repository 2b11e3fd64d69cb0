package dev.sjl.rds;

import dev.sjl.lambda.ConfigurationException;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Tag("task:2")
@DisplayName("Task 2: credentials from Secrets Manager")
class CredentialsTest {

    private static final String SECRET = "{\"engine\":\"postgres\",\"host\":\"db.internal\",\"port\":5432,"
            + "\"username\":\"users_app\",\"password\":\"s3cr3t-Pa55-w0rd\",\"dbname\":\"users\"}";

    @Nested
    @DisplayName("The secret's JSON")
    class SecretJson {

        @Test
        @DisplayName("Reads RDS's secret shape, port as a number or as a string")
        void readsRdsShape() {
            DatabaseSecret secret = DatabaseSecret.parse(SECRET);
            DatabaseSecret portAsText = DatabaseSecret.parse(SECRET.replace("5432", "\"5433\""));

            assertThat(secret).as("the fields of RDS's secret").isEqualTo(
                    new DatabaseSecret("db.internal", 5432, "users", "users_app", "s3cr3t-Pa55-w0rd"));
            assertThat(portAsText.port()).as("a port written as a string").isEqualTo(5433);
        }

        @Test
        @DisplayName("Refuses a port that is not a TCP port")
        void refusesImpossiblePorts() {
            for (String port : new String[] {"0", "65536", "-1", "\"x\""}) {
                Throwable refused = catchThrowable(() -> DatabaseSecret.parse(SECRET.replace("5432", port)));
                assertThat(refused).as("a secret with port %s", port).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("port");
            }
            assertThat(DatabaseSecret.parse(SECRET.replace("5432", "1")).port()).as("port 1").isEqualTo(1);
            assertThat(DatabaseSecret.parse(SECRET.replace("5432", "65535")).port()).as("port 65535").isEqualTo(65535);
        }

        @Test
        @DisplayName("Never shows the password: not in toString, not in an error about a broken secret")
        void neverShowsThePassword() {
            String shown = String.valueOf(DatabaseSecret.parse(SECRET));
            Throwable broken = catchThrowable(() -> DatabaseSecret.parse(SECRET.replace("}", ",}")));
            Throwable noHost = catchThrowable(() -> DatabaseSecret.parse(SECRET.replace("\"host\"", "\"hostname\"")));

            assertThat(shown).as("toString of a secret: a log line with it would carry the password")
                    .doesNotContain("s3cr3t-Pa55-w0rd");
            assertThat(shown).as("toString of a secret still says which user and host, for the logs")
                    .contains("users_app").contains("db.internal");
            assertThat(broken).as("a secret that is not JSON").isInstanceOf(IllegalStateException.class);
            assertThat(broken.getMessage()).as("the error for a broken secret must never quote the secret (Jackson's "
                    + "message quotes its input: don't pass it on)").doesNotContain("s3cr3t-Pa55-w0rd");
            assertThat(noHost).as("a secret without host").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("host").hasMessageNotContaining("s3cr3t-Pa55-w0rd");
        }
    }

    @Nested
    @DisplayName("The configuration")
    class Configuration {

        @Test
        @DisplayName("Takes the secret's id from the environment, and requires it")
        void readsTheSecretId() {
            DatabaseConfig config = DatabaseConfig.from(Map.of("DB_SECRET_ID", "prod/users/db"));
            Throwable missing = catchThrowable(() -> DatabaseConfig.from(Map.of()));

            assertThat(config).as("DB_SECRET_ID only: sslmode require by default")
                    .isEqualTo(new DatabaseConfig("prod/users/db", "require"));
            assertThat(missing).as("no DB_SECRET_ID").isInstanceOfSatisfying(ConfigurationException.class,
                    e -> assertThat(e.variable()).isEqualTo("DB_SECRET_ID"));
        }

        // tag::no-password-in-environment[]
        @Test
        @DisplayName("Refuses to start with a database password in an environment variable")
        void refusesAPasswordInTheEnvironment() {
            for (String name : DatabaseConfig.PASSWORD_VARIABLES) {
                Map<String, String> environment = new HashMap<>(Map.of("DB_SECRET_ID", "prod/users/db"));
                environment.put(name, "s3cr3t-Pa55-w0rd");

                Throwable refused = catchThrowable(() -> DatabaseConfig.from(environment));

                assertThat(refused).as("%s is set: the password from an environment variable is readable by anyone "
                        + "allowed lambda:GetFunctionConfiguration and never rotates; refuse it at init", name)
                        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.variable())
                                .as("the variable the error names").isEqualTo(name));
                assertThat(refused.getMessage()).as("the refusal names the variable, never its value")
                        .doesNotContain("s3cr3t-Pa55-w0rd");
            }
        }
        // end::no-password-in-environment[]

        @Test
        @DisplayName("Accepts the four sslmodes and refuses anything else")
        void sslModes() {
            DatabaseConfig verify = DatabaseConfig.from(Map.of("DB_SECRET_ID", "s", "DB_SSL_MODE", "verify-full"));
            Throwable typo = catchThrowable(() -> DatabaseConfig.from(Map.of("DB_SECRET_ID", "s", "DB_SSL_MODE", "prefer")));

            assertThat(verify.sslMode()).isEqualTo("verify-full");
            assertThat(typo).as("sslmode prefer falls back to plain text when TLS fails: refused")
                    .isInstanceOf(ConfigurationException.class);
        }
    }

    @Nested
    @LocalCloudTest(services = {Service.POSTGRES, Service.SECRETS_MANAGER})
    @DisplayName("Connecting with the secret")
    class Connecting {

        private TestDatabase db;
        private CountingSecrets secrets;
        private String secretId;

        @BeforeEach
        void setUp(TestResources resources, SecretsManagerClient client) {
            db = TestDatabase.withRole(resources);
            secrets = new CountingSecrets(client);
            secretId = resources.name("users-db");
            client.createSecret(b -> b.name(secretId).secretString(db.secretJson()));
        }

        @AfterEach
        void dropRole() {
            db.close();
        }

        private DatabaseConfig config() {
            return new DatabaseConfig(secretId, "disable");
        }

        @Test
        @DisplayName("Connects as the secret's user, reading the secret once for many connections")
        void readsTheSecretOnce() throws SQLException {
            SecretDataSource source = new SecretDataSource(secrets.client, config());

            for (int i = 0; i < 5; i++) {
                assertThat(currentUser(source)).as("the user of connection %s", i).isEqualTo(db.role);
            }
            assertThat(secrets.reads.get()).as("GetSecretValue calls for five connections: read the secret once, at "
                    + "init, and keep it cached (each read costs a network call and money)").isEqualTo(1);
        }

        // tag::rotation-test[]
        @Test
        @DisplayName("Recovers from a rotation: re-reads the secret once when the password is refused")
        void recoversFromARotation(SecretsManagerClient client) throws SQLException {
            SecretDataSource source = new SecretDataSource(secrets.client, config());
            assertThat(currentUser(source)).isEqualTo(db.role);

            String rotated = db.rotatePassword();
            client.putSecretValue(b -> b.secretId(secretId).secretString(db.secretJson(rotated)));
            Throwable thrown = catchThrowable(() -> assertThat(currentUser(source)).isEqualTo(db.role));

            assertThat(thrown).as("a connection after the rotation (password changed in PostgreSQL and in the secret): "
                    + "on SQLSTATE 28P01, re-read the secret once and connect again").isNull();
            assertThat(secrets.reads.get()).as("GetSecretValue calls: one at init, one after the refused login")
                    .isEqualTo(2);
        }
        // end::rotation-test[]

        @Test
        @DisplayName("Re-reads the secret only once when the new password is refused too")
        void readsAgainOnlyOnce(SecretsManagerClient client) {
            SecretDataSource source = new SecretDataSource(secrets.client, config());
            db.rotatePassword();
            client.putSecretValue(b -> b.secretId(secretId).secretString(db.secretJson("not-the-password")));

            Throwable refused = catchThrowable(() -> currentUser(source));

            assertThat(refused).as("a login refused with the re-read secret too").isInstanceOfSatisfying(
                    SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
            assertThat(secrets.reads.get()).as("GetSecretValue calls: one at init, one re-read; never a loop that "
                    + "hammers Secrets Manager while the password is wrong").isEqualTo(2);
        }

        @Test
        @DisplayName("Does not re-read the secret for a failure that is not a refused login")
        void otherFailuresAreNotRotations(SecretsManagerClient client) {
            client.putSecretValue(b -> b.secretId(secretId).secretString(
                    db.secretJsonForDatabase(db.master.database() + "_missing")));
            SecretDataSource source = new SecretDataSource(secrets.client, config());

            Throwable failed = catchThrowable(() -> currentUser(source));

            assertThat(failed).as("a database that does not exist (SQLSTATE 3D000)").isInstanceOf(SQLException.class);
            assertThat(secrets.reads.get()).as("GetSecretValue calls: a missing database is not a rotation, "
                    + "re-reading the secret cannot fix it").isEqualTo(1);
        }

        @Test
        @DisplayName("Is a plain DataSource that takes no credentials from its caller")
        void isAPlainDataSource() throws SQLException {
            SecretDataSource source = new SecretDataSource(secrets.client, config());

            Throwable withCredentials = catchThrowable(() -> source.getConnection("sjl_admin", "guess"));

            assertThat(withCredentials).as("getConnection(user, password): the secret is the only source of "
                    + "credentials").isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
            assertThat(source.unwrap(SecretDataSource.class)).isSameAs(source);
            assertThat(source.isWrapperFor(javax.sql.DataSource.class)).isTrue();
            assertThat(source.isWrapperFor(String.class)).isFalse();
            assertThat(catchThrowable(() -> source.unwrap(String.class))).isInstanceOf(SQLException.class);
            assertThat(source.getLoginTimeout()).as("seconds to wait for a login").isBetween(1, 10);
            assertThat(source).as("toString: the secret's id, never its value").hasToString(
                    "SecretDataSource[" + secretId + "]");
        }

        @Test
        @DisplayName("Fails at init, naming the secret, when the secret does not exist")
        void missingSecretFailsAtInit() {
            Throwable failed = catchThrowable(() -> new SecretDataSource(secrets.client,
                    new DatabaseConfig(secretId + "-missing", "disable")));

            assertThat(failed).as("a secret that does not exist: fail in the constructor (init), naming it")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(secretId + "-missing");
        }
    }

    static String currentUser(javax.sql.DataSource source) throws SQLException {
        try (Connection c = source.getConnection(); Statement sql = c.createStatement();
             ResultSet row = sql.executeQuery("SELECT current_user")) {
            row.next();
            return row.getString(1);
        }
    }
}

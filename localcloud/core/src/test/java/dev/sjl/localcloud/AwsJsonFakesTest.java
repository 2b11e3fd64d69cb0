package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sjl.localcloud.fakes.EventBridgeFake.PublishedEvent;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

@LocalCloudTest(services = {Service.SSM, Service.SECRETS_MANAGER, Service.EVENTBRIDGE})
class AwsJsonFakesTest {

    @Nested
    @Tag("ssm")
    class ParameterStore {
        @Test
        @DisplayName("Stores a parameter, refuses to overwrite it silently, and bumps the version on an explicit overwrite")
        void putGetOverwrite(SsmClient ssm, TestResources resources) {
            String name = resources.parameter("db/url");
            ssm.putParameter(b -> b.name(name).value("jdbc:postgresql://one").type(ParameterType.STRING));
            assertThatThrownBy(() -> ssm.putParameter(b -> b.name(name).value("other").type(ParameterType.STRING)))
                    .as("PutParameter without Overwrite must not replace a value").isInstanceOf(ParameterAlreadyExistsException.class);

            long version = ssm.putParameter(b -> b.name(name).value("jdbc:postgresql://two").overwrite(true)).version();
            Parameter read = ssm.getParameter(b -> b.name(name)).parameter();
            assertThat(read.value()).isEqualTo("jdbc:postgresql://two");
            assertThat(version).as("the second write is version 2").isEqualTo(2L);
            assertThat(read.version()).isEqualTo(2L);
        }

        @Test
        @DisplayName("Returns a SecureString in clear only WithDecryption")
        void secureString(SsmClient ssm, TestResources resources) {
            String name = resources.parameter("jwt/signing-key");
            ssm.putParameter(b -> b.name(name).value("s3cr3t-value").type(ParameterType.SECURE_STRING));

            assertThat(ssm.getParameter(b -> b.name(name).withDecryption(true)).parameter().value()).isEqualTo("s3cr3t-value");
            assertThat(ssm.getParameter(b -> b.name(name)).parameter().value())
                    .as("without WithDecryption the value stays encrypted, as with KMS").isNotEqualTo("s3cr3t-value");
        }

        @Test
        @DisplayName("Lists parameters under a path one level deep or recursively, across pages of 10")
        void byPath(SsmClient ssm, TestResources resources) {
            for (int i = 0; i < 12; i++) {
                String name = resources.parameter("app/flags/f" + i);
                ssm.putParameter(b -> b.name(name).value("on").type(ParameterType.STRING));
            }
            String top = resources.parameter("app/name");
            ssm.putParameter(b -> b.name(top).value("labs").type(ParameterType.STRING));

            List<String> oneLevel = ssm.getParametersByPath(b -> b.path(resources.parameter("app"))).parameters().stream().map(Parameter::name).toList();
            List<String> all = new ArrayList<>();
            ssm.getParametersByPathPaginator(b -> b.path(resources.parameter("app")).recursive(true))
                    .forEach(page -> page.parameters().forEach(p -> all.add(p.name())));

            assertThat(oneLevel).as("a non-recursive read stops at the first level").containsExactly(top);
            assertThat(all).as("a recursive read pages through all 13").hasSize(13).doesNotHaveDuplicates();
        }

        @Test
        @DisplayName("Serves Powertools' SSM provider: a decrypted value and a recursive path read")
        void powertoolsProvider(SsmClient ssm, TestResources resources) {
            String key = resources.parameter("jwt/key");
            String ttl = resources.parameter("jwt/ttl");
            ssm.putParameter(b -> b.name(key).value("k3y").type(ParameterType.SECURE_STRING));
            ssm.putParameter(b -> b.name(ttl).value("PT15M").type(ParameterType.STRING));
            SSMProvider provider = SSMProvider.builder().withClient(ssm).build();

            assertThat(provider.withDecryption().get(key)).as("Powertools reads a SecureString with decryption").isEqualTo("k3y");
            assertThat(provider.recursive().getMultiple(resources.parameter("jwt")))
                    .as("getMultiple returns the parameters under the path, keyed relative to it")
                    .containsEntry("ttl", "PT15M").containsKey("key").hasSize(2);
        }

        @Test
        @DisplayName("Answers ParameterNotFound for a missing parameter")
        void notFound(SsmClient ssm, TestResources resources) {
            assertThatThrownBy(() -> ssm.getParameter(b -> b.name(resources.parameter("missing"))))
                    .isInstanceOf(ParameterNotFoundException.class);
        }
    }

    @Nested
    @Tag("secretsmanager")
    class Secrets {
        @Test
        @DisplayName("Creates a secret, finds it by name and by ARN, and keeps the previous value after a rotation")
        void createReadRotate(SecretsManagerClient secrets, TestResources resources) {
            String name = resources.name("db-credentials");
            String arn = secrets.createSecret(b -> b.name(name).secretString("{\"password\":\"one\"}")).arn();
            secrets.putSecretValue(b -> b.secretId(name).secretString("{\"password\":\"two\"}"));

            assertThat(secrets.getSecretValue(b -> b.secretId(arn)).secretString()).as("AWSCURRENT after the rotation, read by ARN")
                    .isEqualTo("{\"password\":\"two\"}");
            assertThat(secrets.getSecretValue(b -> b.secretId(name).versionStage("AWSPREVIOUS")).secretString())
                    .as("AWSPREVIOUS keeps the old value for in-flight users").isEqualTo("{\"password\":\"one\"}");
            assertThat(arn).as("secret ARNs end in a random suffix, so code must not build them by hand").startsWith(
                    "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-");
        }

        @Test
        @DisplayName("Refuses a duplicate name and answers ResourceNotFound for an unknown secret")
        void errors(SecretsManagerClient secrets, TestResources resources) {
            String name = resources.name("api-key");
            secrets.createSecret(b -> b.name(name).secretString("k"));
            assertThatThrownBy(() -> secrets.createSecret(b -> b.name(name).secretString("k2"))).isInstanceOf(ResourceExistsException.class);
            assertThatThrownBy(() -> secrets.getSecretValue(b -> b.secretId(resources.name("nope")))).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Nested
    @Tag("eventbridge")
    class Events {
        @Test
        @DisplayName("Accepts valid events, rejects malformed entries one by one, and records what was published")
        void putEvents(EventBridgeClient events, LocalCloud cloud, TestResources resources) {
            String bus = resources.name("users");
            events.createEventBus(b -> b.name(bus));
            var result = events.putEvents(b -> b.entries(
                    PutEventsRequestEntry.builder().eventBusName(bus).source("dev.sjl.users").detailType("UserSignedUp")
                            .detail("{\"userId\":\"42\"}").build(),
                    PutEventsRequestEntry.builder().eventBusName(bus).source("dev.sjl.users").detailType("UserSignedUp")
                            .detail("not json").build()));

            assertThat(result.failedEntryCount()).as("the entry with a non-JSON detail fails alone").isEqualTo(1);
            assertThat(result.entries().get(0).eventId()).isNotBlank();
            assertThat(result.entries().get(1).errorCode()).isEqualTo("InvalidArgument");
            assertThat(cloud.eventBridge().publishedEvents(bus)).extracting(PublishedEvent::detail)
                    .as("only the valid event reached the bus").containsExactly("{\"userId\":\"42\"}");
        }
    }
}

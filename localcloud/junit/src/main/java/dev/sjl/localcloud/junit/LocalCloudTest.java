package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.Service;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the cloud chosen by {@code -Dcloud} (default {@code local}) with the services it names,
 * and lets test methods, constructors and lifecycle methods declare configured SDK v2 clients as parameters
 * ({@code DynamoDbClient}, {@code DynamoDbStreamsClient}, {@code S3Client}, {@code S3Presigner}, {@code SqsClient}, {@code SnsClient},
 * {@code CognitoIdentityProviderClient}, {@code SsmClient}, {@code SecretsManagerClient}, {@code EventBridgeClient}),
 * plus {@link TestResources} for unique resource names. Services start once per test run and are shared by all
 * classes; only the ones some class asks for are started. A harness that starts a run per test (PIT, the lab engine)
 * sets {@code -Dlocalcloud.session=jvm}: one cloud for the JVM, reset between runs to what a new one holds.
 *
 * <pre>{@code
 * @LocalCloudTest(services = {Service.DYNAMODB})
 * class UserRepositoryTest {
 *     @Test
 *     void savesAUser(DynamoDbClient dynamo, TestResources resources) { … resources.name("users") … }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalCloudExtension.class)
public @interface LocalCloudTest {
    /** The services this class uses; nothing else is started on its behalf. */
    Service[] services();
}

package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.AwsClients;
import dev.sjl.localcloud.CognitoTriggers;
import dev.sjl.localcloud.EventSourceMappings;
import dev.sjl.localcloud.LambdaInvokeEndpoint;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.functions.FunctionRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * {@code -Dcloud=local} (the default): one {@link LocalCloud} per test run, services started on first demand; with
 * {@code -Dlocalcloud.session=jvm}, one per JVM, reset between runs ({@link Session#renew()}).
 */
public final class LocalCloudBackend implements CloudBackend {
    private static final Set<Class<?>> OWN = Set.of(LocalCloud.class, CognitoTriggers.class, LambdaInvokeEndpoint.class,
            FunctionRegistry.class, EventSourceMappings.class);

    @Override
    public CloudTarget target() {
        return CloudTarget.LOCAL;
    }

    @Override
    public Set<Class<?>> ownParameterTypes() {
        return OWN;
    }

    @Override
    public Session open() {
        LocalCloud cloud = LocalCloud.builder().start();
        return new Session() {
            @Override
            public AwsClients clients() {
                return cloud.clients();
            }

            @Override
            public void ensureStarted(Set<Service> services) {
                cloud.ensureStarted(services);
            }

            @Override
            public Optional<PostgresConnection> postgresMaster() {
                return Optional.of(cloud.postgres());
            }

            @Override
            public boolean renew() {
                // An emulator that exited (a test may have crashed it) is not restarted in place: a new cloud is.
                if (cloud.endpoints().keySet().stream().anyMatch(service -> !cloud.isRunning(service))) {
                    return false;
                }
                try {
                    // Everything a test run can leave: mappings (their pollers first), the services' data, and the
                    // functions tests registered (the cloud's own Cognito trigger dispatchers stay).
                    cloud.eventSourceMappings().deleteAll();
                    cloud.reset();
                    cloud.unregisterFunctions();
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            }

            @Override
            public Object resolve(Class<?> type) {
                if (type == LocalCloud.class) {
                    return cloud;
                } else if (type == CognitoTriggers.class) {
                    return cloud.cognitoTriggers();
                } else if (type == FunctionRegistry.class) {
                    return cloud.functions();
                } else if (type == EventSourceMappings.class) {
                    return cloud.eventSourceMappings();
                } else if (type == LambdaInvokeEndpoint.class) {
                    return cloud.lambdas();
                }
                throw new IllegalArgumentException(type.getName() + " is not a local cloud handle");
            }

            @Override
            public void close() {
                cloud.close();
            }
        };
    }
}

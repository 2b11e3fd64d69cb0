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

/**
 * The cloud a test run talks to; closed by JUnit after the last test (it is stored in the root context), or handed
 * back for the next run ({@link #forRun}).
 */
final class CloudSession implements AutoCloseable {
    /** The module that serves each pluggable target, for the error that names it when it is missing. */
    private static final Map<CloudTarget, String> MODULES = Map.of(
            CloudTarget.LOCAL, "localcloud-core",
            CloudTarget.LOCALSTACK, "localcloud-localstack");
    private static final Map<CloudTarget, CloudBackend> BACKENDS = discover();

    /**
     * {@code -Dlocalcloud.session=jvm}: one local cloud for every test run in this JVM instead of one per run. For
     * harnesses that start a JUnit run per test (PIT runs each test of each mutant on its own launcher, the lab engine
     * each variant and class): each run would otherwise start and stop every emulator it uses.
     */
    static final String SCOPE_PROPERTY = "localcloud.session";

    /** The local cloud kept for the next run, when the scope is the JVM; guarded by the class. */
    private static CloudSession kept;
    /** Whether a run holds {@link #kept} now: a run nested in it (a test kit inside a test) gets one of its own. */
    private static boolean keptInUse;

    private final CloudTarget target;
    private final CloudBackend.Session session;
    /** Null: closing closes the session. Else the session outlives the run and closing hands it back. */
    private final Runnable release;

    private CloudSession(CloudTarget target, CloudBackend.Session session) {
        this(target, session, null);
    }

    private CloudSession(CloudTarget target, CloudBackend.Session session, Runnable release) {
        this.target = target;
        this.session = session;
        this.release = release;
    }

    /** Stops the local cloud kept for the next run, if any (for a harness that is done with its runs). */
    static synchronized void closeKept() {
        if (kept != null) {
            kept.session.close();
            kept = null;
        }
        keptInUse = false;
    }

    /**
     * The session for one test run: a new one, or with {@code -Dlocalcloud.session=jvm} the local cloud an earlier run
     * of this JVM used, put back as a new one finds it ({@link CloudBackend.Session#renew()}). Its emulators then stop
     * when the JVM exits, as a local cloud's do at the latest.
     */
    static CloudSession forRun(CloudTarget target) {
        if (target != CloudTarget.LOCAL || !"jvm".equals(System.getProperty(SCOPE_PROPERTY))) {
            return open(target);
        }
        synchronized (CloudSession.class) {
            if (keptInUse) {
                return open(target);
            }
            if (kept != null && !kept.session.renew()) {
                kept.session.close();
                kept = null;
            }
            if (kept == null) {
                kept = open(target);
            }
            keptInUse = true;
            return new CloudSession(target, kept.session, () -> {
                synchronized (CloudSession.class) {
                    keptInUse = false;
                }
            });
        }
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
        if (release == null) {
            session.close();
        } else {
            release.run();
        }
    }
}

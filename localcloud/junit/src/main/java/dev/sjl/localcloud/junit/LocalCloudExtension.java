package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.AwsClients;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.localcloud.Service;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The engine behind {@link LocalCloudTest}: one cloud session per test run, kept in the root extension store (so
 * every class shares it and JUnit closes it after the last test), services started on first demand, clients and
 * {@link TestResources} resolved as parameters. With {@code -Dlocalcloud.session=jvm} the local cloud outlives the run
 * and the next run in the JVM gets it back reset (see {@code CloudSession.forRun}).
 */
public final class LocalCloudExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalCloudExtension.class);
    /** LocalCloud, FunctionRegistry…: the local cloud's own handles, known only when localcloud-core is on the classpath. */
    private static final Set<Class<?>> LOCAL_ONLY = CloudSession.localOnlyTypes();

    /**
     * Stops the local cloud that {@code -Dlocalcloud.session=jvm} keeps between test runs, for a harness that runs many
     * and is done before its JVM ends (the lab engine, once per lab). Nothing to do when none is kept.
     */
    public static void closeKeptSession() {
        CloudSession.closeKept();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        CloudTarget target = CloudTarget.selected(context);
        String name = target.name().toLowerCase(Locale.ROOT);
        Optional<String> unavailable = unavailableReason(context, target);
        if (unavailable.isPresent()) {
            return ConditionEvaluationResult.disabled("-Dcloud=" + name + " unavailable: " + unavailable.get());
        }
        if (target != CloudTarget.LOCAL) {
            // RDS is not emulated elsewhere, and a real instance takes minutes to create: PostgreSQL tests stay local.
            if (context.getTestClass().isPresent() && services(context).contains(Service.POSTGRES)) {
                return ConditionEvaluationResult.disabled("PostgreSQL runs only on the local cloud, not on -Dcloud=" + name);
            }
            // A test that drives an emulator-only hook (S3 events, Cognito triggers…) has nothing to run against elsewhere.
            Optional<Class<?>> localOnly = context.getTestMethod().stream().flatMap(m -> Arrays.stream(m.getParameterTypes()))
                    .filter(LOCAL_ONLY::contains).findFirst();
            if (localOnly.isPresent()) {
                return ConditionEvaluationResult.disabled(localOnly.get().getSimpleName() + " exists only on the local cloud, not on -Dcloud=" + name);
            }
        }
        return ConditionEvaluationResult.enabled("cloud target " + name);
    }

    /**
     * Asked once per run (the AWS check walks the credential chain) and said once on the console: build tools show a
     * skip's reason only in their reports, and a run of nothing but skips must say why.
     */
    @SuppressWarnings("unchecked")
    private static Optional<String> unavailableReason(ExtensionContext context, CloudTarget target) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("unavailable-" + target, k -> {
            Optional<String> reason = CloudSession.unavailableReason(target);
            reason.ifPresent(r -> System.err.println("[localcloud] -Dcloud=" + target.name().toLowerCase(Locale.ROOT)
                    + " unavailable: " + r + "; its @LocalCloudTest classes are skipped"));
            return reason;
        }, Optional.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        session(context).ensureStarted(services(context));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return AwsClients.serviceOf(type) != null || type == TestResources.class || type == AwsClients.class
                || type == CloudTarget.class || LOCAL_ONLY.contains(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        CloudSession session = session(context);
        Set<Service> services = services(context);
        if (type == CloudTarget.class) {
            return session.target();
        }
        if (type == AwsClients.class) {
            return session.clients();
        }
        if (type == TestResources.class) {
            // One per test method (closed, i.e. cleaned up, when the method ends); per class for class-level parameters.
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestResources.class,
                    k -> new TestResources(session.clients(), services, postgresMaster(session, services)), TestResources.class);
        }
        Service needed = AwsClients.serviceOf(type);
        if (needed != null) {
            if (!services.contains(needed)) {
                throw new ParameterResolutionException(type.getSimpleName() + " needs Service." + needed + " in @LocalCloudTest(services = …) on "
                        + context.getRequiredTestClass().getSimpleName());
            }
            return session.clients().client(type);
        }
        if (!session.isLocal()) {
            throw new ParameterResolutionException(type.getSimpleName() + " exists only on the local cloud (-Dcloud=local), not on " + session.target());
        }
        return session.resolve(type);
    }

    /** The PostgreSQL master connection when the class asked for it; null otherwise (TestResources explains). */
    private static PostgresConnection postgresMaster(CloudSession session, Set<Service> services) {
        return services.contains(Service.POSTGRES) ? session.postgresMaster().orElse(null) : null;
    }

    private static CloudSession session(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(CloudSession.class, k -> CloudSession.forRun(CloudTarget.selected(context)), CloudSession.class);
    }

    /** The services named on the test class or, for a {@code @Nested} class, on the nearest enclosing one. */
    static Set<Service> services(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            Optional<LocalCloudTest> annotation = AnnotationSupport.findAnnotation(c, LocalCloudTest.class);
            if (annotation.isPresent()) {
                Set<Service> services = EnumSet.noneOf(Service.class);
                services.addAll(Arrays.asList(annotation.get().services()));
                return services;
            }
        }
        throw new IllegalStateException(context.getRequiredTestClass().getName() + " uses LocalCloudExtension without @LocalCloudTest(services = …)");
    }
}

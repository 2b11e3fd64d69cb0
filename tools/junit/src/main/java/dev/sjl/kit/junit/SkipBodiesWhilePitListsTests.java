package dev.sjl.kit.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Under PIT, skips test bodies while a mutation minion lists the tests it will run against its mutants.
 * <p>
 * Why: JUnit 5 has no discovery separate from execution, so pitest-junit5-plugin finds a class's tests by running the
 * whole class. PIT's coverage run uses what those runs record. But each mutation minion (one per mutated class) runs
 * every relevant test class once more before its first mutant, only for the tests' names, and throws the results away.
 * For a lab whose tests create PostgreSQL databases or synthesize a CDK app, that was a full run of its slowest classes
 * per mutated class. There, and only there, this interceptor skips the bodies: each test still starts and ends, so PIT
 * lists the same tests, and each mutant then runs them for real.
 * <p>
 * Active only where JUnit autodetects extensions ({@code junit.jupiter.extensions.autodetection.enabled}, which the kit
 * sets for PIT's minions alone), and only while {@link #MUTATION_MINION} and {@link #TEST_FINDER} are both on the
 * calling thread's stack: the coverage minion runs the same finder and keeps every body.
 */
public final class SkipBodiesWhilePitListsTests implements InvocationInterceptor {

    /** pitest-junit5-plugin's finder, which executes a test class to list its tests. */
    static final String TEST_FINDER = "org.pitest.junit5.JUnit5TestUnitFinder";
    /** PIT's JVM that runs tests against mutants (the coverage run is {@code CoverageMinion}). */
    static final String MUTATION_MINION = "org.pitest.mutationtest.execute.MutationTestMinion";

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) throws Throwable {
        skipOrProceed(invocation);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext context) throws Throwable {
        skipOrProceed(invocation);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                          ExtensionContext context) throws Throwable {
        skipOrProceed(invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                         ExtensionContext context) throws Throwable {
        skipOrProceed(invocation);
    }

    // @BeforeAll, constructors and @TestFactory methods still run: an argument source or a dynamic test may need what
    // they build, and a test PIT did not list would never meet a mutant.

    private static void skipOrProceed(Invocation<Void> invocation) throws Throwable {
        if (listingForMutants(callers())) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    private static Set<String> callers() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(name -> name.startsWith("org.pitest.")).collect(Collectors.toSet()));
    }

    /** True when the classes on the stack are a mutation minion's test finder at work. */
    static boolean listingForMutants(Set<String> callers) {
        return callers.contains(TEST_FINDER) && callers.contains(MUTATION_MINION);
    }
}

package dev.sjl.jwt;

import dev.sjl.kit.fuzz.StarterTodo;
import dev.sjl.users.UserServiceException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

/**
 * Assertions whose explanation reaches the learner however the code under test gets it wrong: it threw, it returned
 * the wrong thing, or it did nothing. ({@code assertThatThrownBy(...).as(rule)} loses the rule when nothing is thrown:
 * the learner reads only "Expecting code to raise a throwable".) Each takes the calling test's rule, so a failure
 * reads as that test's explanation, not as this helper's.
 * <p>
 * A starter's {@code UnsupportedOperationException("Task N: ...")} is rethrown as it is: the run then reports the
 * TODO of the task the learner has not written yet, rather than an assertion about it.
 */
final class Outcomes {

    private Outcomes() {
    }

    /** What {@code call} throws, which must be a {@code type}; {@code rule} says what to do when it is not. */
    static <T extends Throwable> T refused(Class<T> type, String rule, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        StarterTodo.rethrow(thrown);
        if (thrown == null) {
            fail("[%s] expected %s, but the call returned normally", rule, type.getSimpleName());
        }
        assertThat(thrown).as(rule).isInstanceOf(type);
        return type.cast(thrown);
    }

    /** An {@link UserServiceException} with this reason, thrown by {@code call}. */
    static UserServiceException refusedFor(UserServiceException.Reason reason, String rule, ThrowingCallable call) {
        UserServiceException refused = refused(UserServiceException.class, rule, call);
        assertThat(refused.reason()).as(rule).isEqualTo(reason);
        return refused;
    }

    /** An {@link InvalidTokenException}, thrown by {@code call}. */
    static void rejected(String rule, ThrowingCallable call) {
        refused(InvalidTokenException.class, rule, call);
    }

    /** What {@code call} returns; when it throws instead, the test fails with {@code rule} and what was thrown. */
    static <V> V returned(String rule, Callable<V> call) {
        try {
            return call.call();
        } catch (Throwable thrown) {
            StarterTodo.rethrow(thrown);
            throw new AssertionError("[" + rule + "] expected a result, but the call threw " + thrown, thrown);
        }
    }

    /** {@code call} must complete without throwing. */
    static void completes(String rule, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        StarterTodo.rethrow(thrown);
        if (thrown != null) {
            throw new AssertionError("[" + rule + "] expected no exception, but the call threw " + thrown, thrown);
        }
    }
}

package dev.sjl.lambda;

import dev.sjl.localcloud.context.LocalLambdaContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Calls the handler the way the runtime does, and turns what the runtime would report as an error into a rule. */
final class HandlerCalls {

    private HandlerCalls() {
    }

    static LocalLambdaContext context(String requestId) {
        return LocalLambdaContext.builder("signup-check").requestId(requestId).build();
    }

    /**
     * The handler's answer. An exception out of {@code handleRequest} fails with the rule it breaks (the starter's
     * {@code Task N:} TODO passes through as it is, so it still reads as a TODO).
     */
    static SignupCheckResult answer(SignupCheckHandler handler, SignupRequest request, String requestId) {
        SignupCheckResult result = null;
        try {
            result = handler.handleRequest(request, context(requestId));
        } catch (UnsupportedOperationException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Task ")) {
                throw e;
            }
            fail("handleRequest(%s) threw %s: answer with a SignupCheckResult, never throw", request, e);
        } catch (ConfigurationException e) {
            fail("handleRequest read the configuration during the invocation (%s): read the environment once, in "
                    + "the constructor (init), and keep it in a field", e.getMessage());
        } catch (RuntimeException e) {
            fail("handleRequest(%s) threw %s: answer with a SignupCheckResult, never throw (Lambda retries a failed "
                    + "asynchronous invocation, and a bad request never gets better)", request, e);
        }
        assertThat(result).as("handleRequest(%s) must return a SignupCheckResult, never null", request).isNotNull();
        return result;
    }
}

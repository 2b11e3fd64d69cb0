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
            fail("handleRequest must answer with a SignupCheckResult, never throw; it threw %s for %s", e, shown(request));
        } catch (ConfigurationException e) {
            fail("handleRequest read the configuration during the invocation (%s): read the environment once, in "
                    + "the constructor (init), and keep it in a field", e.getMessage());
        } catch (RuntimeException e) {
            fail("handleRequest must answer with a SignupCheckResult, never throw (Lambda retries a failed "
                    + "asynchronous invocation, and a bad request never gets better); it threw %s for %s", e,
                    shown(request));
        }
        assertThat(result).as("handleRequest must return a SignupCheckResult, never null, for %s", shown(request))
                .isNotNull();
        return result;
    }

    /** The request as a failure message shows it: short, so the rule before it stays readable. */
    static String shown(SignupRequest request) {
        String text = String.valueOf(request);
        return text.length() <= 120 ? text : text.substring(0, 120) + "…(" + text.length() + " characters)";
    }
}

package dev.sjl.attacks;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether an answer tells a registered email from an unknown one. Same status, same body but for the request id.
 * Whether they also take the same time is measured by {@link EnumerationTiming} (a benchmark, not a test).
 */
@ExtendWith(Target.class)
@DisplayName("Account enumeration: the same answer for a known and an unknown email")
class EnumerationAttacksTest {

    private static Target target;

    @BeforeAll
    static void setUp() {
        target = Target.get();
    }

    /** The body without its request id, which differs for every request by design. */
    static JsonNode comparable(HttpResponse<String> response) {
        JsonNode body = Target.json(response);
        if (body != null && body.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("requestId");
        }
        return body;
    }

    private static void sameAnswer(HttpResponse<String> known, HttpResponse<String> unknown, int status) {
        assertThat(List.of(known.statusCode(), unknown.statusCode())).as("known: %s; unknown: %s", known.body(), unknown.body())
                .containsExactly(status, status);
        assertThat(comparable(known)).as("the same body").isEqualTo(comparable(unknown));
    }

    @Test
    @DisplayName("202 both · sign-up with a registered email answers exactly as with a new one")
    void signUp() {
        sameAnswer(target.post("signup", Map.of("email", target.alice.email(), "password", Target.PASSWORD), null),
                target.post("signup", Map.of("email", Target.newEmail("new"), "password", Target.PASSWORD), null), 202);
    }

    @Test
    @DisplayName("401 both · login with a wrong password for a registered email answers exactly as for an unknown email")
    void logIn() {
        sameAnswer(target.post("login", Map.of("email", target.alice.email(), "password", "Wrong-password-42"), null),
                target.post("login", Map.of("email", Target.newEmail("nobody"), "password", "Wrong-password-42"), null), 401);
    }

    @Test
    @DisplayName("400 both · confirming with a wrong code answers the same for a registered email and an unknown one")
    void confirm() {
        sameAnswer(target.post("signup/confirm", Map.of("email", target.alice.email(), "code", "000000"), null),
                target.post("signup/confirm", Map.of("email", Target.newEmail("nobody"), "code", "000000"), null), 400);
    }

    @Test
    @DisplayName("404 both · password reset is not served by the kit (no such route), so it cannot tell emails apart")
    void passwordResetIsNotServed() {
        HttpResponse<String> known = target.post("password/forgot", Map.of("email", target.alice.email()), null);
        HttpResponse<String> unknown = target.post("password/forgot", Map.of("email", Target.newEmail("nobody")), null);
        Expect.gatewayRefusal(known, 404, "Not Found");
        sameAnswer(known, unknown, 404);
    }
}

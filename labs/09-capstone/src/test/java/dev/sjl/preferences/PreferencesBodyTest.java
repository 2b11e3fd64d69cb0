package dev.sjl.preferences;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.sjl.http.HttpException;
import dev.sjl.http.HttpRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The body of PUT /users/me/preferences: every mistake a client can make is a 400 in the service's words. */
@Tag("task:3")
class PreferencesBodyTest {

    @Test
    @DisplayName("Reads both channels and the version from a valid body, in any field order")
    void readsAValidBody() {
        assertThat(PreferencesUpdate.from(request("{\"email\": false, \"sms\": true, \"version\": 3}")))
                .isEqualTo(new PreferencesUpdate(new Preferences(false, true), 3));
        assertThat(PreferencesUpdate.from(request("{\"version\": 0, \"sms\": false, \"email\": true}")))
                .isEqualTo(new PreferencesUpdate(new Preferences(true, false), 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"email\": true, \"sms\": false, \"version\": 0, \"userId\": \"victim\"}",
            "{\"email\": true, \"sms\": false, \"version\": 0, \"push\": true}",
            "{\"email\": true, \"sms\": false, \"version\": 0, \"Email\": false}"})
    @DisplayName("Refuses an unknown field (a userId, a channel the service does not know) with 400")
    void refusesUnknownFields(String body) {
        HttpException error = refused(body, "an unknown field was accepted (ignored or stored): a userId in the body, "
                + "or a channel that does not exist, must be a 400");
        assertThat(error.getMessage()).as("the message names the unknown field, so the client can fix its body")
                .containsAnyOf("'userId'", "'push'", "'Email'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"email\": \"true\", \"sms\": false, \"version\": 0}",
            "{\"email\": true, \"sms\": 1, \"version\": 0}",
            "{\"email\": null, \"sms\": false, \"version\": 0}",
            "{\"email\": true, \"sms\": \"no\", \"version\": 0}"})
    @DisplayName("Refuses a channel that is not a JSON boolean (text, a number, null) with 400")
    void refusesNonBooleans(String body) {
        refused(body, "a channel that is not a JSON boolean was accepted: \"true\", 1 and null are not true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"sms\": true, \"version\": 0}",
            "{\"email\": true, \"version\": 0}"})
    @DisplayName("Refuses a body that leaves a channel out, rather than guessing it is off")
    void refusesMissingChannels(String body) {
        refused(body, "a missing channel was taken as off (or on): every channel is required, a missing one is a 400");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"email\": true, \"sms\": false}",
            "{\"email\": true, \"sms\": false, \"version\": -1}",
            "{\"email\": true, \"sms\": false, \"version\": 1.5}",
            "{\"email\": true, \"sms\": false, \"version\": \"2\"}",
            "{\"email\": true, \"sms\": false, \"version\": 99999999999999999999999}"})
    @DisplayName("Refuses a version that is missing, negative, fractional, text or too large")
    void refusesBadVersions(String body) {
        refused(body, "a body without a usable version was accepted: the version the client read is required, a "
                + "whole number from 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"email\": true,", "", "[true, false]", "\"email\"", "null", "{\"email\": true} {}"})
    @DisplayName("Refuses malformed JSON and JSON that is not an object with 400, never a 500")
    void refusesMalformedBodies(String body) {
        Throwable thrown = catchThrowable(() -> PreferencesUpdate.from(request(body)));

        assertThat(thrown).as("body %s: malformed JSON must be a 400 (an HttpException), never a 500 with a parser's "
                + "message; got %s", body, thrown).isInstanceOf(HttpException.class);
        assertThat(((HttpException) thrown).status()).isEqualTo(400);
    }

    private static HttpException refused(String body, String rule) {
        Throwable thrown = catchThrowable(() -> PreferencesUpdate.from(request(body)));

        assertThat(thrown).as("body %s: %s", body, rule).isInstanceOf(HttpException.class);
        HttpException error = (HttpException) thrown;
        assertThat(error.status()).as("body %s: %s", body, rule).isEqualTo(400);
        assertThat(error.code()).as("the error code clients switch on").isEqualTo(PreferencesUpdate.INVALID);
        return error;
    }

    private static HttpRequest request(String body) {
        return new HttpRequest(APIGatewayV2HTTPEvent.builder().withBody(body).withIsBase64Encoded(false).build());
    }
}

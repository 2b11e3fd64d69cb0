package dev.sjl.attacks;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The two refusal shapes the API has, asserted whole: status, JSON type, body, and nothing internal in it. */
final class Expect {

    private Expect() {
    }

    /** The gateway's own answer, as API Gateway words it: {@code {"message":"Unauthorized"}}; no function ran. */
    static void gatewayRefusal(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as("status; body %s", response.body()).isEqualTo(status);
        jsonObject(response);
        assertThat(Target.json(response).path("message").asText()).as("the gateway's message").isEqualTo(message);
    }

    /** A function's refusal: {@code {"error":code,"message":...,"requestId":...}}. */
    static JsonNode functionRefusal(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as("status; body %s", response.body()).isEqualTo(status);
        jsonObject(response);
        JsonNode body = Target.json(response);
        assertThat(body.path("error").asText()).as("the error code; body %s", response.body()).isEqualTo(error);
        assertThat(body.path("message").asText()).as("a message for people").isNotBlank();
        return body;
    }

    static void jsonObject(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type")).as("a JSON answer")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(Target.json(response).isObject()).as("a JSON object: %s", response.body()).isTrue();
        assertThat(response.body()).as("nothing internal in the answer")
                .doesNotContain("Exception").doesNotContain("dev.sjl").doesNotContain("at java.")
                .doesNotContain("jjwt").doesNotContain("Jackson");
    }
}

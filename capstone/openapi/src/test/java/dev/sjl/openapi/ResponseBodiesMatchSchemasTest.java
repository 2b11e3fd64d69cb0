package dev.sjl.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.sjl.apigateway.InternalUsersHandler;
import dev.sjl.apigateway.UsersHandler;
import dev.sjl.avatars.AvatarApi;
import dev.sjl.cognito.CognitoAccounts;
import dev.sjl.cognito.CognitoAuthHandler;
import dev.sjl.cognito.CognitoTokens;
import dev.sjl.http.HttpResponses;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bodies the functions really write (their records through their own mapper, {@code HttpResponses}) validated
 * against the document's schemas by a JSON Schema 2020-12 validator: a schema that says "required" where the function
 * leaves a field out, or "string" where it writes null, fails here.
 */
class ResponseBodiesMatchSchemasTest {

    private static final ObjectNode DOCUMENT = OpenApiDocument.generate(SystemDefinition.api(),
            UserServiceOperations.all(), SystemDefinition.SERVER);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** The schema at a JSON pointer of the document, with the document's components to resolve its references. */
    private static Schema schemaAt(String pointer) {
        ObjectNode schema = OpenApiDocument.MAPPER.createObjectNode();
        schema.put("$ref", "#" + pointer);
        schema.set("components", DOCUMENT.get("components"));
        schema.set("paths", DOCUMENT.get("paths"));
        return REGISTRY.getSchema(schema.toString(), InputFormat.JSON);
    }

    private static List<String> problems(String pointer, String json) {
        return schemaAt(pointer).validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static String written(Object body) {
        return HttpResponses.json(200, body).getBody();
    }

    private static String component(String name) {
        return "/components/schemas/" + name;
    }

    @Test
    @DisplayName("Describes each success body exactly as the functions write it")
    void successBodiesValidate() {
        Map<String, Object> bodies = Map.of(
                "SignupAccepted", new CognitoAccounts.SignupAccepted("confirmation_required", CognitoAccounts.SIGNUP_ACCEPTED),
                "Me", new CognitoAuthHandler.Me("3b0770fe-58f5-4c36-9903-7e4a1f097527", null, List.of("admin")),
                "InternalProfile", new InternalUsersHandler.InternalProfile("u-1", "a@example.com",
                        "2026-12-03T11:00:00Z", "billing"),
                "TicketBody", new AvatarApi.TicketBody("http://127.0.0.1:14561/avatars/users/u-1/avatar/x?X-Amz-Signature=s",
                        Map.of("Content-Type", "image/png", "Content-Length", "1000"), "users/u-1/avatar/x",
                        "2026-12-03T11:05:00Z"),
                "AvatarLink", new AvatarApi.AvatarLink("http://127.0.0.1:14561/avatars/t", "users/u-1/thumbnail",
                        "2026-12-03T11:05:00Z"));
        bodies.forEach((name, body) -> assertThat(problems(component(name), written(body)))
                .as("%s as the function writes it: %s", name, written(body)).isEmpty());
    }

    @Test
    @DisplayName("Describes the login's tokens and the refresh's, which leave the refresh token out")
    void tokenBodiesValidate() {
        String login = written(new CognitoTokens("a.b.c", "d.e.f", "refresh", 3600, "Bearer"));
        String refresh = written(new CognitoTokens("a.b.c", "d.e.f", null, 3600, "Bearer"));

        assertThat(refresh).doesNotContain("refreshToken");
        assertThat(problems(component("CognitoTokens"), login)).as(login).isEmpty();
        assertThat(problems(component("CognitoTokens"), refresh)).as(refresh).isEmpty();
    }

    @Test
    @DisplayName("Describes GET /users as UsersHandler writes it: a map with a list of summaries, nulls included")
    void userListValidates() {
        String body = written(Map.of("users", List.of(
                new UsersHandler.UserSummary("u-1", "a@example.com", "CONFIRMED"),
                new UsersHandler.UserSummary(null, null, "UNCONFIRMED"))));

        assertThat(problems("/paths/~1users/get/responses/200/content/application~1json/schema", body)).as(body).isEmpty();
    }

    @Test
    @DisplayName("Describes an error body with the codes its route documents, and refuses a code it does not")
    void errorBodiesValidate() {
        String pointer = "/paths/~1login/post/responses/401/content/application~1json/schema";
        String documented = HttpResponses.error(401, "invalid_credentials", CognitoAccounts.INVALID_CREDENTIALS, "r-1")
                .getBody();
        String undocumented = HttpResponses.error(401, "invalid_token", "x", "r-1").getBody();

        assertThat(problems(pointer, documented)).as(documented).isEmpty();
        assertThat(problems(pointer, undocumented)).as("A code POST /login never answers with 401").isNotEmpty();
    }

    @Test
    @DisplayName("Describes the gateway's own refusal on a JWT route")
    void gatewayRefusalValidates() {
        String pointer = "/paths/~1users~1me/get/responses/401/content/application~1json/schema";

        assertThat(problems(pointer, "{\"message\":\"Unauthorized\"}")).isEmpty();
        assertThat(problems(pointer, "{\"error\":\"invalid_token\"}")).isNotEmpty();
    }

    @Test
    @DisplayName("Catches a body that lacks a field or writes the wrong type (the check is not blind)")
    void wrongBodiesAreCaught() {
        assertThat(problems(component("Me"), "{\"id\":\"u-1\",\"email\":null}")).as("groups missing").isNotEmpty();
        assertThat(problems(component("CognitoTokens"), "{\"accessToken\":\"a\",\"idToken\":\"i\",\"expiresIn\":\"3600\","
                + "\"tokenType\":\"Bearer\"}")).as("expiresIn as a string").isNotEmpty();
        assertThat(problems(component("UploadRequest"), "{\"contentType\":\"image/png\",\"size\":10,\"userId\":\"x\"}"))
                .as("a request with a field the function refuses").isNotEmpty();
    }
}

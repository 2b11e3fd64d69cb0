package dev.sjl.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.UserApi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenApiCoverageTest {

    @Test
    @DisplayName("Documents every route of the system's API, and no route it does not have")
    void everyRouteDocumentedAndViceVersa() {
        Coverage coverage = Coverage.of(SystemDefinition.api(), UserServiceOperations.all());

        assertThat(coverage.undocumentedRoutes()).as("Routes without an OperationDoc").isEmpty();
        assertThat(coverage.documentedButNotRouted()).as("OperationDocs of routes the API does not define").isEmpty();
    }

    @Test
    @DisplayName("Has exactly one operation per route key in the generated document")
    void documentOperationsAreTheRouteKeys() {
        JsonNode document = OpenApiDocument.generate(SystemDefinition.api(), UserServiceOperations.all(),
                SystemDefinition.SERVER);
        Set<String> operations = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
        Set<String> routes = new TreeSet<>();
        SystemDefinition.api().routes().forEach(route -> routes.add(route.routeKey()));

        assertThat(operations).as("The document's operations, as route keys").isEqualTo(routes);
    }

    @Test
    @DisplayName("Refuses to generate a document for an API with a route nobody documented")
    void undocumentedRouteIsRefused() {
        ApiDefinition api = SystemDefinition.api();
        List<ApiDefinition.Route> routes = new ArrayList<>(api.routes());
        routes.add(new ApiDefinition.Route("DELETE /users/me", "me", UserApi.COGNITO, List.of(UserApi.USER_SCOPE)));
        ApiDefinition grown = new ApiDefinition(routes, api.jwt(), api.apiKey());

        assertThat(Coverage.of(grown, UserServiceOperations.all()).undocumentedRoutes())
                .containsExactly("DELETE /users/me");
        assertThatThrownBy(() -> OpenApiDocument.generate(grown, UserServiceOperations.all(), SystemDefinition.SERVER))
                .hasMessageContaining("DELETE /users/me");
    }

    @Test
    @DisplayName("Refuses documentation of a route the API no longer has")
    void orphanDocumentationIsRefused() {
        ApiDefinition api = SystemDefinition.api();
        ApiDefinition shrunk = new ApiDefinition(api.routes().stream()
                .filter(r -> !r.routeKey().equals(UserApi.LOGOUT)).toList(), api.jwt(), api.apiKey());

        assertThat(Coverage.of(shrunk, UserServiceOperations.all()).documentedButNotRouted())
                .containsExactly(UserApi.LOGOUT);
    }

    @Test
    @DisplayName("Takes each operation's security from its route's authorizer and scopes")
    void securityFollowsTheRoutes() {
        JsonNode paths = OpenApiDocument.generate(SystemDefinition.api(), UserServiceOperations.all(),
                SystemDefinition.SERVER).get("paths");

        assertThat(paths.at("/~1login/post/security").isEmpty()).as("POST /login is public").isTrue();
        assertThat(paths.at("/~1users~1me/get/security/0/" + UserApi.COGNITO + "/0").asText())
                .as("GET /users/me needs a Cognito access token with the user scope").isEqualTo(UserApi.USER_SCOPE);
        assertThat(paths.at("/~1internal~1users~1{id}/get/security/0").has(UserApi.API_KEY))
                .as("GET /internal/users/{id} needs an API key").isTrue();
        assertThat(paths.at("/~1users~1me/get/responses/401/content/application~1json/schema/$ref").asText())
                .as("A JWT route documents the gateway's 401").endsWith("/GatewayMessage");
        assertThat(paths.at("/~1login/post/responses/401/content/application~1json/schema/allOf/1/properties/error/enum/0")
                .asText()).as("A public route's 401 is the function's own").isEqualTo("invalid_credentials");
    }
}

package dev.sjl.localcloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.gateway.samples.GreetingHandler;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A route can send its requests to a function of the local cloud's registry, the same one the Invoke API serves. */
@SuppressWarnings("try")
class RegistryIntegrationTest {

    @Test
    @Tag("task:8")
    @DisplayName("Routes to a registered function, looked up per request; the registry records the payload 2.0 event")
    void routesToARegisteredFunction() throws Exception {
        try (FunctionRegistry functions = new FunctionRegistry();
             LocalHttpApi api = LocalHttpApi.builder()
                     .route("GET /hello/{name}", Integration.registered(functions, "greeting"))
                     .build().start()) {
            assertThat(Http.get(api.baseUri().resolve("hello/ada")).statusCode())
                    .as("nothing registered yet: the integration fails as a missing function does").isEqualTo(500);

            try (var registration = functions.register("greeting", Functions.handler(new GreetingHandler()))) {
                HttpResponse<String> response = Http.get(api.baseUri().resolve("hello/ada"));
                assertThat(response.statusCode()).isEqualTo(200);
                Invocation invocation = functions.invocations("greeting").get(0);
                assertThat(Http.json(invocation.payload()).path("routeKey").asText()).isEqualTo("GET /hello/{name}");
                assertThat(Http.json(invocation.payload()).path("pathParameters").path("name").asText()).isEqualTo("ada");
            }
        }
    }
}

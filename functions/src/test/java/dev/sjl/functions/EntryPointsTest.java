package dev.sjl.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.lambda.ConfigurationException;
import dev.sjl.lambda.Env;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Entry points: what Lambda instantiates, configured from the environment")
class EntryPointsTest {

    @Test
    @DisplayName("Gives every catalogue function a public RequestHandler class with a public no-argument constructor")
    void lambdaCanInstantiateEveryHandler() throws Exception {
        for (ServiceFunction function : FunctionCatalog.ALL) {
            Class<?> handler = function.handler();
            assertThat(RequestHandler.class).as(function.name()).isAssignableFrom(handler);
            assertThat(Modifier.isPublic(handler.getModifiers())).as("%s is public", handler).isTrue();
            assertThat(handler.getConstructor()).as("%s has a public no-argument constructor", handler).isNotNull();
        }
        assertThat(FunctionCatalog.ALL.stream().map(ServiceFunction::name).distinct())
                .as("function names are unique").hasSameSizeAs(FunctionCatalog.ALL);
    }

    @Test
    @DisplayName("Refuses to start without its configuration, naming the missing variable")
    void missingConfigurationNamesTheVariable() {
        Env empty = new Env(Map.of());
        Env tableOnly = new Env(Map.of("USERS_TABLE", "users"));
        assertMissing(() -> new AvatarsFunction(tableOnly), "AVATAR_BUCKET");
        assertMissing(() -> new AvatarsFunction(new Env(Map.of("AVATAR_BUCKET", "b"))), "USERS_TABLE");
        assertMissing(() -> new ThumbnailsFunction(empty), "USERS_TABLE");
        assertMissing(() -> new PostConfirmationFunction(empty), "USERS_TABLE");
        assertMissing(() -> new InternalUsersFunction(empty), "USERS_TABLE");
        assertMissing(() -> new AccountsFunction(tableOnly), "USER_POOL_ID");
        assertMissing(() -> new AccountsFunction(new Env(Map.of("USER_POOL_ID", "pool", "USER_POOL_CLIENT_ID", "client",
                "AWS_REGION", "us-east-1"))), "USERS_TABLE");
    }

    @Test
    @DisplayName("Builds its clients at init and answers through the lab's handler (an anonymous caller: 401, no AWS call)")
    void configuredEntryPointsDelegate() {
        Env env = new Env(Map.of("USERS_TABLE", "users", "AVATAR_BUCKET", "avatars"));
        APIGatewayV2HTTPEvent anonymous = APIGatewayV2HTTPEvent.builder().withRawPath("/users/me/avatar")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET")
                                .withPath("/users/me/avatar").build()).build()).build();
        APIGatewayV2HTTPResponse response = new AvatarsFunction(env).handleRequest(anonymous, null);
        assertThat(response.getStatusCode()).as("no verified caller on the event: lab 06's 401").isEqualTo(401);
        assertThat(response.getBody()).as("a JSON error, not a stack trace").startsWith("{").doesNotContain("Exception");

        assertThat(new ThumbnailsFunction(env)).isNotNull();
        assertThat(new PostConfirmationFunction(env)).isNotNull();
        assertThat(new InternalUsersFunction(env)).isNotNull();
        assertThat(new AccountsFunction(new Env(Map.of("USERS_TABLE", "users", "USER_POOL_ID", "pool",
                "USER_POOL_CLIENT_ID", "client", "AWS_REGION", "us-east-1")))).isNotNull();
    }

    private static void assertMissing(Supplier<?> init, String variable) {
        assertThatThrownBy(init::get).as("init without " + variable).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(variable);
    }
}

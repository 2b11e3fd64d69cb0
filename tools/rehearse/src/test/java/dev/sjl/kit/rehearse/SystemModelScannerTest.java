package dev.sjl.kit.rehearse;

import dev.sjl.kit.rehearse.fixture.AbstractHandler;
import dev.sjl.kit.rehearse.fixture.AuditConfig;
import dev.sjl.kit.rehearse.fixture.FixtureRouter;
import dev.sjl.kit.rehearse.fixture.PingHandler;
import dev.sjl.kit.rehearse.fixture.UsersConfig;
import dev.sjl.kit.rehearse.fixture.UsersHandler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SystemModelScannerTest {

    @Test
    @Tag("task:2")
    @DisplayName("Reads handlers, their routeTable() and the ENVIRONMENT of the configuration they name")
    void scansSeveralHandlers() {
        SystemModel model = SystemModelScanner.scan(Map.of("02-fixture", List.of(UsersHandler.class,
                UsersConfig.class, AuditConfig.class, PingHandler.class, FixtureRouter.class, AbstractHandler.class)));

        assertThat(model.labs()).singleElement().satisfies(lab -> {
            assertThat(lab.lab()).isEqualTo("02-fixture");
            assertThat(lab.handlers()).extracting(SystemModel.Handler::handler).as("Concrete handlers only, by name")
                    .containsExactly(PingHandler.class.getName(), UsersHandler.class.getName());
            SystemModel.Handler ping = lab.handlers().get(0);
            assertThat(ping.input()).isEqualTo("Map<String, Object>");
            assertThat(ping.output()).isEqualTo("String");
            assertThat(ping.routes()).isEmpty();
            assertThat(ping.environment()).as("With several handlers, each gets only the configuration it names")
                    .isEmpty();
            SystemModel.Handler users = lab.handlers().get(1);
            assertThat(users.input()).isEqualTo("APIGatewayV2HTTPEvent");
            assertThat(users.output()).isEqualTo("APIGatewayV2HTTPResponse");
            assertThat(users.routes()).as("routeTable(), in registration order").containsExactly(
                    new SystemModel.Route("POST", "/users", "public"),
                    new SystemModel.Route("GET", "/users/me", "JWT"),
                    new SystemModel.Route("GET", "/users/{id}", "JWT"),
                    new SystemModel.Route("DELETE", "/users/{id}", "JWT, admin group"));
            assertThat(users.environment()).containsExactly(
                    new SystemModel.Variable("USERS_TABLE", true, false, "DynamoDB table holding the users.",
                            "UsersConfig"),
                    new SystemModel.Variable("TOKEN_SIGNING_KEY", true, true, "Key that signs access tokens.",
                            "UsersConfig"),
                    new SystemModel.Variable("PAGE_SIZE", false, false, "Users per page when listing.",
                            "UsersConfig"));
        });
    }

    @Test
    @Tag("task:2")
    @DisplayName("Gives the only handler of a lab all of the lab's configuration")
    void singleHandlerGetsAllConfiguration() {
        SystemModel model = SystemModelScanner.scan(Map.of("01-fixture",
                List.of(PingHandler.class, UsersConfig.class, AuditConfig.class)));

        assertThat(model.labs().get(0).handlers().get(0).environment()).extracting(SystemModel.Variable::name)
                .containsExactly("AUDIT_QUEUE_URL", "USERS_TABLE", "TOKEN_SIGNING_KEY", "PAGE_SIZE");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Leaves out a lab that defines no handler")
    void labWithoutHandler() {
        assertThat(SystemModelScanner.scan(Map.of("05-lib", List.of(UsersConfig.class))).labs()).isEmpty();
    }

    @Test
    @Tag("task:2")
    @DisplayName("Knows a reference's lab from its reactor folder or its installed jar, and nothing else")
    void labOfClasspathElement() {
        assertThat(SystemModelScanner.labOf("/work/main/solutions/02-http-events/target/classes"))
                .contains("02-http-events");
        assertThat(SystemModelScanner.labOf(
                "/root/.m2/repository/dev/sjl/solution-03-jwt/1.0.0-SNAPSHOT/solution-03-jwt-1.0.0-SNAPSHOT.jar"))
                .contains("03-jwt");
        assertThat(SystemModelScanner.labOf("/work/main/solutions/03-jwt/target/solution-03-jwt-1.0.0-SNAPSHOT.jar"))
                .contains("03-jwt");
        assertThat(SystemModelScanner.labOf("/work/main/labs/03-jwt/target/classes/")).isEmpty();
        assertThat(SystemModelScanner.labOf("/work/main/tools/rehearse/target/test-classes/")).isEmpty();
    }

    @Test
    @Tag("task:2")
    @DisplayName("Writes a model that reads back equal")
    void jsonRoundTrip() throws Exception {
        SystemModel model = SystemModelScanner.scan(Map.of("02-fixture", List.of(UsersHandler.class,
                UsersConfig.class, PingHandler.class)));

        String json = model.toJson();

        assertThat(SystemModel.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(model);
        assertThat(json).as("Diff-friendly: one field per line, LF line ends")
                .contains("\"handler\" : \"dev.sjl.kit.rehearse.fixture.PingHandler\",\n")
                .doesNotContain("\r");
    }
}

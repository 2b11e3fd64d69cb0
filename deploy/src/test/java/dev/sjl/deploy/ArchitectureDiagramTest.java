package dev.sjl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.functions.FunctionCatalog;
import dev.sjl.functions.ServiceFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The handbook's architecture, read from the synthesized template: every function and connection the stack makes. */
@DisplayName("The architecture diagram drawn from the synthesized stack")
class ArchitectureDiagramTest {

    private static ArchitectureDiagram diagram;

    @BeforeAll
    static void draw() throws IOException {
        Path template = Synthesized.app().outdir.resolve("UserService.template.json");
        JsonNode json = new ObjectMapper().readTree(Files.readString(template));
        diagram = ArchitectureDiagram.of(json);
    }

    @Test
    @DisplayName("Draws every function of the service, and nothing CDK adds for itself")
    void everyFunction() {
        String uml = diagram.plantUml();
        for (ServiceFunction function : FunctionCatalog.ALL) {
            assertThat(uml).as("the function %s", function.name()).contains("\"Lambda: " + function.name() + "\"");
        }
        assertThat(uml).as("CDK's own bucket-notifications handler is not part of the service")
                .doesNotContain("BucketNotificationsHandler");
        assertThat(uml).startsWith("@startuml architecture").endsWith("@enduml\n");
    }

    @Test
    @DisplayName("Connects what the stack connects: routes, authorizers, triggers, streams, queues, grants")
    void connections() {
        assertThat(diagram.edges()).anyMatch(e -> e.startsWith("client --> r_UserApi") && e.endsWith(": HTTPS"))
                .anyMatch(e -> e.matches("r_UserApi\\w+ --> fn_accounts : .*POST /signup.*"))
                .anyMatch(e -> e.matches("r_UserApi\\w+ \\.\\.> r_UserPool\\w+ : verifies JWT \\(JWKS\\)"))
                .anyMatch(e -> e.matches("r_UserApi\\w+ \\.\\.> fn_api_key_authorizer : Lambda authorizer"))
                .anyMatch(e -> e.matches("r_UserPool\\w+ --> fn_pre_sign_up : PreSignUp"))
                .anyMatch(e -> e.matches("r_UsersTable\\w+ --> fn_signup_publisher : stream"))
                .anyMatch(e -> e.matches("fn_signup_publisher --> r_UserEvents\\w+ : Publish"))
                .anyMatch(e -> e.matches("r_UserEvents\\w+ --> r_email\\w+ : sqs"))
                .anyMatch(e -> e.matches("r_email\\w+ --> fn_email_worker : batches"))
                .anyMatch(e -> e.matches("r_AvatarBucket\\w+ --> fn_thumbnails : ObjectCreated"))
                .noneMatch(e -> e.contains("CreateLogStream"));
    }

    @Test
    @DisplayName("Lists every route with its authorization, scopes and function")
    void routeTable() {
        String table = diagram.routeTable();
        assertThat(table).contains("|`+POST /signup+` |public |- |`+accounts+`")
                .contains("|`+GET /users/me+` |JWT (Cognito) |`+aws.cognito.signin.user.admin+` |`+me+`")
                .as("a path's {id} passed through, not read as an AsciiDoc attribute")
                .contains("|`+GET /internal/users/{id}+` |Lambda authorizer (API key) |- |`+internal-users+`");
    }
}

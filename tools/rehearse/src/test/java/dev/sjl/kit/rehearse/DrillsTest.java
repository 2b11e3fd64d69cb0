package dev.sjl.kit.rehearse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DrillsTest {

    static final SystemModel.Handler USERS = new SystemModel.Handler("dev.sjl.users.UsersHandler",
            "APIGatewayV2HTTPEvent", "APIGatewayV2HTTPResponse",
            List.of(new SystemModel.Route("POST", "/users", "public"),
                    new SystemModel.Route("GET", "/users/me", "JWT"),
                    new SystemModel.Route("GET", "/users/{id}", "JWT"),
                    new SystemModel.Route("DELETE", "/users/{id}", "JWT, admin group"),
                    new SystemModel.Route("POST", "/token/refresh", "refresh token")),
            List.of(new SystemModel.Variable("USERS_TABLE", true, false, "DynamoDB table holding the users.",
                            "UsersConfig"),
                    new SystemModel.Variable("TOKEN_SIGNING_KEY", true, true, "Key that signs access tokens.",
                            "UsersConfig"),
                    new SystemModel.Variable("PAGE_SIZE", false, false, "Users per page.", "UsersConfig")));

    static final SystemModel.Handler HELLO = new SystemModel.Handler("dev.sjl.lambda.HelloHandler",
            "Map<String, Object>", "String", List.of(), List.of());

    static final SystemModel MODEL = new SystemModel(List.of(
            new SystemModel.Lab("01-plain-lambda", List.of(HELLO)),
            new SystemModel.Lab("02-http-events", List.of(USERS))));

    private static Drill drill(List<Drill> drills, String id) {
        return drills.stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("No drill " + id + " among "
                        + drills.stream().map(Drill::id).toList()));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Makes one walk-through per route of the route table, plus an architecture and a config drill")
    void oneWalkPerRoute() {
        List<Drill> drills = Drills.from(MODEL);

        assertThat(drills).extracting(Drill::id).as("Drill ids are stable and derived from lab, method and path")
                .containsExactly(
                        "drill:01-plain-lambda:architecture",
                        "drill:02-http-events:architecture",
                        "drill:02-http-events:walk-post-users",
                        "drill:02-http-events:walk-get-users-me",
                        "drill:02-http-events:walk-get-users-id",
                        "drill:02-http-events:walk-delete-users-id",
                        "drill:02-http-events:walk-post-token-refresh",
                        "drill:02-http-events:config-users-handler");
        List<Drill> walks = drills.stream().filter(d -> d.kind() == Drill.Kind.WALK).toList();
        assertThat(walks).hasSameSizeAs(USERS.routes());
        for (int i = 0; i < walks.size(); i++) {
            SystemModel.Route route = USERS.routes().get(i);
            String request = "`" + route.method() + " " + route.path() + "`";
            assertThat(walks.get(i).prompt()).as("The prompt names the route").contains(request);
            assertThat(walks.get(i).expectedSteps()).as("The steps name the route's access rule and handler")
                    .anySatisfy(s -> assertThat(s).startsWith("Access `" + route.access() + "`"))
                    .anySatisfy(s -> assertThat(s).contains("`UsersHandler` hands the event to its router, which "
                            + "matches " + request + " among its 5 routes"));
        }
    }

    @Test
    @Tag("task:2")
    @DisplayName("States the router's real 405 Allow list for the route's path")
    void allowListFromRouteTable() {
        List<Drill> drills = Drills.from(MODEL);

        assertThat(drill(drills, "drill:02-http-events:walk-get-users-id").expectedSteps())
                .anySatisfy(s -> assertThat(s).contains("binds `{id}` from the path")
                        .contains("Another method on `/users/{id}` gets 405 `method_not_allowed` with "
                                + "`Allow: GET, DELETE`"));
        assertThat(drill(drills, "drill:02-http-events:walk-get-users-me").expectedSteps())
                .as("/users/me also matches /users/{id}, so the router allows the methods of both")
                .anySatisfy(s -> assertThat(s).contains("`Allow: GET, DELETE`"));
        assertThat(drill(drills, "drill:02-http-events:walk-post-users").expectedSteps())
                .anySatisfy(s -> assertThat(s).contains("`Allow: POST`"));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Derives the access step from the route's access label")
    void accessSteps() {
        assertThat(Drills.accessStep("public")).contains("nothing is verified");
        assertThat(Drills.accessStep("JWT")).contains("401").doesNotContain("403");
        assertThat(Drills.accessStep("JWT, admin group")).contains("401").contains("403");
        assertThat(Drills.accessStep("refresh token")).contains("refresh token").contains("reused");
        assertThat(Drills.accessStep("API key")).startsWith("Access `API key`: this check runs before");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Walks a body route through JSON parsing and a body-less route through path and claims")
    void bodyAndResources() {
        List<Drill> drills = Drills.from(MODEL);

        assertThat(drill(drills, "drill:02-http-events:walk-post-users").expectedSteps())
                .anySatisfy(s -> assertThat(s).contains("`invalid_json`"))
                .anySatisfy(s -> assertThat(s).contains("`USERS_TABLE` (DynamoDB table holding the users)"))
                .as("Secrets and tuning knobs are not resources")
                .noneSatisfy(s -> assertThat(s).contains("It calls the resources").contains("TOKEN_SIGNING_KEY"));
        assertThat(drill(drills, "drill:02-http-events:walk-get-users-id").expectedSteps())
                .anySatisfy(s -> assertThat(s).isEqualTo("The route takes its input from the path, the query string "
                        + "and the verified caller's claims: a `GET` carries no body."));
        assertThat(drill(drills, "drill:02-http-events:walk-post-users").expectedSteps())
                .anySatisfy(s -> assertThat(s).contains("reading `USERS_TABLE`, `TOKEN_SIGNING_KEY` (secret), "
                        + "`PAGE_SIZE` from the environment"));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Counts as resources only variables named for one (table, queue, URL...), whole words")
    void resourcesByName() {
        SystemModel.Handler h = new SystemModel.Handler("dev.sjl.x.AuditHandler", USERS.input(), USERS.output(),
                List.of(new SystemModel.Route("POST", "/audit", "public")),
                List.of(new SystemModel.Variable("FEEDBACK_MODE", true, false, "How loud.", "AuditConfig"),
                        new SystemModel.Variable("AUDIT_QUEUE_URL", true, false, "Queue for audit events.",
                                "AuditConfig"),
                        new SystemModel.Variable("DB_PASSWORD", true, true, "Database password.", "AuditConfig")));

        List<String> steps = Drills.from(new SystemModel(List.of(new SystemModel.Lab("07-x", List.of(h))))).stream()
                .filter(d -> d.kind() == Drill.Kind.WALK).findFirst().orElseThrow().expectedSteps();

        assertThat(steps).anySatisfy(s -> assertThat(s).isEqualTo("It calls the resources its configuration names — "
                + "`AUDIT_QUEUE_URL` (Queue for audit events) — with the clients created once per container."));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Lists every variable in the config drill and marks the secret ones")
    void configDrill() {
        Drill config = drill(Drills.from(MODEL), "drill:02-http-events:config-users-handler");

        assertThat(config.expectedSteps()).containsSubsequence(
                "`USERS_TABLE` — DynamoDB table holding the users (required).",
                "`TOKEN_SIGNING_KEY` — Key that signs access tokens (required, secret: never logged, never echoed "
                        + "in an error).",
                "`PAGE_SIZE` — Users per page (optional).");
        assertThat(config.expectedSteps().get(3)).contains("`ConfigurationException`");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Describes each lab's architecture from its handlers, routes and configuration")
    void architectureDrill() {
        List<Drill> drills = Drills.from(MODEL);

        assertThat(drill(drills, "drill:02-http-events:architecture").expectedSteps().get(0))
                .isEqualTo("`UsersHandler`: one Lambda function, `RequestHandler<APIGatewayV2HTTPEvent, "
                        + "APIGatewayV2HTTPResponse>`, serving 5 routes through one router: `POST /users` (public), "
                        + "`GET /users/me` (JWT), `GET /users/{id}` (JWT), `DELETE /users/{id}` (JWT, admin group), "
                        + "`POST /token/refresh` (refresh token).");
        Drill hello = drill(drills, "drill:01-plain-lambda:architecture");
        assertThat(hello.expectedSteps()).first().asString().contains("invoked directly with a `Map<String, Object>`");
        assertThat(hello.expectedSteps()).contains("`HelloHandler` reads no environment variables.")
                .as("No HTTP routes, so no router errors").noneSatisfy(s -> assertThat(s).contains("405"));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Keeps drill ids unique when a lab has several handlers with the same route")
    void severalHandlers() {
        SystemModel.Handler other = new SystemModel.Handler("dev.sjl.admin.AdminHandler", USERS.input(),
                USERS.output(), List.of(new SystemModel.Route("POST", "/users", "JWT, admin group")), List.of());
        List<Drill> drills = Drills.from(new SystemModel(List.of(new SystemModel.Lab("07-x", List.of(other, USERS)))));

        assertThat(drills).extracting(Drill::id).doesNotHaveDuplicates()
                .contains("drill:07-x:admin-handler:walk-post-users", "drill:07-x:users-handler:walk-post-users");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Ships a system model in the jar that loads")
    void builtInLoads() {
        assertThat(SystemModel.builtIn().labs()).as("system-model.json must be present and valid").isNotNull();
        assertThat(Drills.builtIn()).extracting(Drill::id).doesNotHaveDuplicates();
    }
}

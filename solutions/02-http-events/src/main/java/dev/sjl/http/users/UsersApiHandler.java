package dev.sjl.http.users;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.http.CorsPolicy;
import dev.sjl.http.HttpException;
import dev.sjl.http.HttpRequest;
import dev.sjl.http.HttpResponses;
import dev.sjl.http.Router;
import dev.sjl.lambda.Env;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The users API behind one HTTP API route, {@code ANY /{proxy+}}: one function, one router, several routes.
 * It never logs the event: headers carry tokens and cookies, bodies carry passwords.
 */
public final class UsersApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;
    private static final int MAX_NAME = 100;
    // Deliberately loose: the only real check of an address is a mail that arrives. Lab 03's Emails is the full rule
    // (Unicode composition, case) that every later lab shares.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    /** SMTP's limit, in bytes of UTF-8: an "é" counts two. */
    private static final int MAX_EMAIL_BYTES = 254;

    /** The body of {@code POST /users}: what a client may choose. The id is not in it. */
    public record NewUser(String name, String email) {
    }

    private final Router router;

    /** For the Lambda runtime: configuration from the environment, read once per container. */
    public UsersApiHandler() {
        this(Env.system(), new UserDirectory());
    }

    public UsersApiHandler(Env env, UserDirectory users) {
        this.router = routes(UsersApiConfig.cors(env), users);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return router.handle(event);
    }

    /** The routes as the handbook lists them, from the very code that builds the live router. */
    public static List<Router.RouteInfo> routeTable() {
        return routes(CorsPolicy.none(), new UserDirectory()).routes();
    }

    // tag::routes[]
    private static Router routes(CorsPolicy cors, UserDirectory users) {
        return new Router(cors)
                .route("GET", "/health", request -> HttpResponses.json(200, Map.of("status", "ok")))
                .route("GET", "/users", request -> listUsers(users, request))
                .route("POST", "/users", request -> createUser(users, request))
                .route("GET", "/users/{id}", request -> getUser(users, request));
    }
    // end::routes[]

    private static APIGatewayV2HTTPResponse listUsers(UserDirectory users, HttpRequest request) {
        int limit = request.query("limit").map(UsersApiHandler::pageSize).orElse(DEFAULT_PAGE);
        return HttpResponses.json(200, Map.of("users", users.list(limit)));
    }

    private static int pageSize(String raw) {
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, like a number out of range
        }
        throw HttpException.badRequest("invalid_query",
                "Query parameter 'limit' must be a whole number from 1 to " + MAX_PAGE + ".");
    }

    // tag::create-user[]
    private static APIGatewayV2HTTPResponse createUser(UserDirectory users, HttpRequest request) {
        NewUser body = request.json(NewUser.class);
        String name = body.name() == null ? "" : body.name().strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME || !printable(name)) {
            throw HttpException.badRequest("invalid_request",
                    "Field 'name' is required, at most " + MAX_NAME + " characters, with no control or invisible ones.");
        }
        String email = body.email() == null ? "" : body.email().strip();
        if (email.getBytes(StandardCharsets.UTF_8).length > MAX_EMAIL_BYTES || !EMAIL.matcher(email).matches()
                || !printable(email)) {
            throw HttpException.badRequest("invalid_request", "Field 'email' must be an email address.");
        }
        UserDirectory.User user = users.add(name, email);
        APIGatewayV2HTTPResponse response = HttpResponses.json(201, user);
        response.getHeaders().put("Location", "/users/" + user.id());
        return response;
    }
    // end::create-user[]

    /**
     * No control character (a NUL, a line feed that forges a log line), no format character (a zero-width space, a
     * right-to-left override that reverses what a name shows), no lone half of a surrogate pair, nothing private-use
     * or unassigned: stored text that other people's screens will show must be what it looks like. Spaces between
     * words are fine in a name.
     */
    private static boolean printable(String text) {
        return text.codePoints().noneMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        });
    }

    private static APIGatewayV2HTTPResponse getUser(UserDirectory users, HttpRequest request) {
        // "user_not_found", not "not_found": the client can tell a missing user from a mistyped path.
        return users.find(request.pathParam("id"))
                .map(user -> HttpResponses.json(200, user))
                .orElseThrow(() -> HttpException.notFound("user_not_found", "No user has this id."));
    }
}

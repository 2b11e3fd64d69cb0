package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.http.HttpException;
import dev.sjl.http.HttpRequest;
import dev.sjl.http.HttpResponses;
import dev.sjl.http.Router;
import dev.sjl.jwt.InvalidTokenException;
import dev.sjl.lambda.Env;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lab 03's routes with a Cognito user pool behind them. This class only translates: JSON to calls on
 * {@link CognitoAccounts} and {@link CognitoTokenVerifier}, refusals to 4xx. It never logs a body, a header or a token.
 */
public final class CognitoAuthHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public record Credentials(String email, String password) {
        @Override
        public String toString() {
            return "Credentials[password hidden]";
        }
    }

    public record Confirmation(String email, String code) {
    }

    public record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[token hidden]";
        }
    }

    /** Who the access token says the caller is. */
    public record Me(String id, String email, List<String> groups) {
    }

    /** One line of the admin's user list: no attribute beyond what the list needs. */
    public record UserSummary(String id, String email, String status) {
    }

    /** Sign-up answers wait for the slowest of the last 16 (at most 1 s): see {@link ResponseFloor}. */
    static final int SIGNUP_FLOOR_WINDOW = 16;
    static final Duration SIGNUP_FLOOR_CAP = Duration.ofSeconds(1);

    private final Router router;

    /** For the Lambda runtime: configuration from the environment, SDK client and key cache once per container. */
    public CognitoAuthHandler() {
        this(CognitoConfig.from(Env.system()), CognitoIdentityProviderClient.create(), Clock.systemUTC());
    }

    private CognitoAuthHandler(CognitoConfig config, CognitoIdentityProviderClient cognito, Clock clock) {
        this(config, cognito, PoolKeys.fromUrl(config.jwksUri(), clock), clock);
    }

    /**
     * For tests: the local cloud's client, a key source to count fetches, a clock that moves when told to. Refresh
     * tokens' owners are kept in memory, which is one container's view: see {@link InMemoryRefreshTokenOwners}.
     */
    public CognitoAuthHandler(CognitoConfig config, CognitoIdentityProviderClient cognito, PoolKeys keys, Clock clock) {
        this(config, cognito, keys, clock, new InMemoryRefreshTokenOwners(UserPoolDefinition.REFRESH_TOKEN_VALIDITY, clock));
    }

    /** For a service whose refresh tokens' owners outlive a container (the capstone keeps them in DynamoDB). */
    public CognitoAuthHandler(CognitoConfig config, CognitoIdentityProviderClient cognito, PoolKeys keys, Clock clock,
                              RefreshTokenOwners owners) {
        CognitoAccounts accounts = new CognitoAccounts(cognito, config.userPoolId(), config.clientId(), null, owners);
        CognitoTokenVerifier verifier = new CognitoTokenVerifier(config.issuer(), config.clientId(), keys, clock);
        this.router = routes(accounts, verifier, cognito, config.userPoolId(), new ResponseFloor(SIGNUP_FLOOR_WINDOW,
                SIGNUP_FLOOR_CAP));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return router.handle(event);
    }

    /** The routes as the handbook lists them, from the very code that builds the live router. */
    public static List<Router.RouteInfo> routeTable() {
        return routes(null, null, null, null, null).routes();
    }

    // tag::routes[]
    private static Router routes(CognitoAccounts accounts, CognitoTokenVerifier verifier, CognitoIdentityProviderClient cognito,
                                 String poolId, ResponseFloor signupFloor) {
        return new Router()
                .route("POST", "/signup", "public", request -> {
                    Credentials body = request.json(Credentials.class);
                    // Same words for a registered email, and no sooner: see ResponseFloor.
                    return HttpResponses.json(202, signupFloor.call(() -> accounts.signup(body.email(), body.password())));
                })
                .route("POST", "/signup/confirm", "public", request -> {
                    Confirmation body = request.json(Confirmation.class);
                    accounts.confirm(body.email(), body.code());
                    return HttpResponses.noContent();
                })
                .route("POST", "/login", "public", request -> {
                    Credentials body = request.json(Credentials.class);
                    return noStore(HttpResponses.json(200, accounts.login(body.email(), body.password())));
                })
                .route("POST", "/token/refresh", "refresh token", request ->
                        noStore(HttpResponses.json(200, accounts.refresh(request.json(RefreshRequest.class).refreshToken()))))
                .route("POST", "/logout", "refresh token", request -> {
                    accounts.logout(request.json(RefreshRequest.class).refreshToken());
                    return HttpResponses.noContent();
                })
                .route("GET", "/users/me", "access token", request -> {
                    VerifiedCognitoToken caller = caller(verifier, request);
                    return HttpResponses.json(200, new Me(caller.subject(), caller.email(), caller.groups()));
                })
                .route("GET", "/users", "access token, group admin", request -> listUsers(verifier, cognito, poolId, request));
    }
    // end::routes[]

    // tag::admin-only[]
    /** The pool's users, for the admin group only: the role comes from the verified token's cognito:groups. */
    private static APIGatewayV2HTTPResponse listUsers(CognitoTokenVerifier verifier, CognitoIdentityProviderClient cognito,
                                                      String poolId, HttpRequest request) {
        VerifiedCognitoToken caller = caller(verifier, request);
        if (!caller.inGroup(UserPoolDefinition.ADMIN_GROUP)) {
            throw HttpException.forbidden("forbidden", "Only administrators may list users.");
        }
        try {
            List<UserSummary> users = cognito.listUsers(b -> b.userPoolId(poolId).limit(60)).users().stream()
                    .map(CognitoAuthHandler::summary).toList();
            return HttpResponses.json(200, Map.of("users", users));
        } catch (CognitoIdentityProviderException refused) {
            throw CognitoAccounts.refusal(refused);
        }
    }
    // end::admin-only[]

    private static UserSummary summary(UserType user) {
        Map<String, String> attributes = user.attributes().stream()
                .collect(java.util.stream.Collectors.toMap(AttributeType::name, AttributeType::value, (a, b) -> a));
        return new UserSummary(attributes.get("sub"), attributes.get("email"), user.userStatusAsString());
    }

    /** The verified access token of an {@code Authorization: Bearer} header, or a 401 with RFC 6750's challenge. */
    private static VerifiedCognitoToken caller(CognitoTokenVerifier verifier, HttpRequest request) {
        Optional<String> token = request.header("Authorization")
                .map(String::strip)
                .filter(value -> value.toLowerCase(Locale.ROOT).startsWith("bearer "))
                .map(value -> value.substring("bearer ".length()).strip());
        try {
            return verifier.verifyAccessToken(token.orElse(null));
        } catch (InvalidTokenException rejected) {
            throw HttpException.unauthorized("invalid_token", InvalidTokenException.MESSAGE);
        }
    }

    private static APIGatewayV2HTTPResponse noStore(APIGatewayV2HTTPResponse response) {
        // Credentials in a response: no cache may keep a copy (RFC 6749, section 5.1).
        response.getHeaders().put("Cache-Control", "no-store");
        return response;
    }
}

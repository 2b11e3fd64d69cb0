package dev.sjl.jwt;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.http.HttpException;
import dev.sjl.http.HttpRequest;
import dev.sjl.http.HttpResponses;
import dev.sjl.http.Router;
import dev.sjl.lambda.Env;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.UserRepository;
import dev.sjl.users.UserServiceException;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-up, login, refresh and "who am I" behind one HTTP API route ({@code ANY /{proxy+}}), with the lab 02
 * router. This class only translates: JSON to calls on {@link AccountService} and {@link JwtVerifier}, refusals
 * to 4xx. It never logs an event, a body or a header: they carry passwords and tokens.
 */
public final class AuthHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** The body of {@code POST /signup} and {@code POST /login}. */
    public record Credentials(String email, String password) {
        @Override
        public String toString() {
            return "Credentials[password hidden]";
        }
    }

    /** The body of {@code POST /token/refresh}. */
    public record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[token hidden]";
        }
    }

    private final Router router;

    /** For the Lambda runtime: configuration from the environment, read once per container. */
    public AuthHandler() {
        this(AuthConfig.from(Env.system()));
    }

    public AuthHandler(AuthConfig config) {
        this(config, new InMemoryUserRepository(), new BcryptPasswordHasher(config.bcryptCost()), Clock.systemUTC());
    }

    /** For tests: a store to look into, a cheaper hasher, a clock that moves when told to. */
    public AuthHandler(AuthConfig config, UserRepository users, PasswordHasher hasher, Clock clock) {
        TokenIssuer issuer = new TokenIssuer(config.signingKey(), config.issuer(), config.audience(),
                config.accessTokenTtl(), clock);
        RefreshTokenService refreshTokens = new RefreshTokenService(config.refreshTokenTtl(), clock);
        AccountService accounts = new AccountService(users, hasher, issuer, refreshTokens, clock);
        JwtVerifier verifier = new JwtVerifier(config.signingKey().trustedKeys(), config.issuer(), config.audience(),
                config.accessTokenTtl(), clock);
        this.router = routes(accounts, verifier, config.signingKey().jwks());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return router.handle(event);
    }

    /** The routes as the handbook lists them, from the very code that builds the live router. */
    public static List<Router.RouteInfo> routeTable() {
        return routes(null, null, null).routes();
    }

    // tag::routes[]
    private static Router routes(AccountService accounts, JwtVerifier verifier, String jwks) {
        return new Router()
                .route("POST", "/signup", "public", request -> signup(accounts, request))
                .route("POST", "/login", "public", request -> login(accounts, request))
                .route("POST", "/token/refresh", "refresh token", request -> refresh(accounts, request))
                .route("GET", "/users/me", "JWT", request -> me(accounts, verifier, request))
                .route("GET", "/.well-known/jwks.json", "public", request -> publicKeys(jwks));
    }
    // end::routes[]

    private static APIGatewayV2HTTPResponse signup(AccountService accounts, HttpRequest request) {
        Credentials body = request.json(Credentials.class);
        try {
            APIGatewayV2HTTPResponse response = HttpResponses.json(201, accounts.signup(body.email(), body.password()));
            response.getHeaders().put("Location", "/users/me");
            return response;
        } catch (UserServiceException refused) {
            throw toHttp(refused);
        }
    }

    private static APIGatewayV2HTTPResponse login(AccountService accounts, HttpRequest request) {
        Credentials body = request.json(Credentials.class);
        try {
            return tokenResponse(accounts.login(body.email(), body.password()));
        } catch (UserServiceException refused) {
            throw toHttp(refused);
        }
    }

    private static APIGatewayV2HTTPResponse refresh(AccountService accounts, HttpRequest request) {
        RefreshRequest body = request.json(RefreshRequest.class);
        try {
            return tokenResponse(accounts.refresh(body.refreshToken()));
        } catch (UserServiceException refused) {
            throw toHttp(refused);
        }
    }

    // tag::users-me[]
    /**
     * The caller's own profile. Who the caller is comes from the verified token's {@code sub} and nothing else:
     * a user id in the query, a header or the body would let anyone read anyone's profile.
     */
    private static APIGatewayV2HTTPResponse me(AccountService accounts, JwtVerifier verifier, HttpRequest request) {
        Optional<String> token = bearerToken(request);
        if (token.isEmpty()) {
            return unauthorized(request, "Bearer");
        }
        VerifiedToken verified;
        try {
            verified = verifier.verify(token.get());
        } catch (InvalidTokenException rejected) {
            return unauthorized(request, "Bearer error=\"invalid_token\"");
        }
        return accounts.profile(verified.subject())
                .map(profile -> HttpResponses.json(200, profile))
                .orElseThrow(() -> HttpException.notFound("user_not_found", "The account of this token no longer exists."));
    }
    // end::users-me[]

    /** The token of an {@code Authorization: Bearer <token>} header; the scheme name is case-insensitive (RFC 9110). */
    private static Optional<String> bearerToken(HttpRequest request) {
        return request.header("Authorization")
                .map(String::strip)
                .filter(value -> value.toLowerCase(Locale.ROOT).startsWith("bearer "))
                // Stripped above, so what follows "bearer " holds at least one non-blank character.
                .map(value -> value.substring("bearer ".length()).strip());
    }

    /** 401 with RFC 6750's challenge, and one message whatever was wrong with the token. */
    private static APIGatewayV2HTTPResponse unauthorized(HttpRequest request, String challenge) {
        APIGatewayV2HTTPResponse response = HttpResponses.error(401, "invalid_token", InvalidTokenException.MESSAGE,
                request.requestId());
        response.getHeaders().put("WWW-Authenticate", challenge);
        return response;
    }

    private static APIGatewayV2HTTPResponse tokenResponse(Tokens tokens) {
        APIGatewayV2HTTPResponse response = HttpResponses.json(200, tokens);
        // Credentials in a response: no cache, no proxy, no browser may keep a copy (RFC 6749, section 5.1).
        response.getHeaders().put("Cache-Control", "no-store");
        return response;
    }

    private static APIGatewayV2HTTPResponse publicKeys(String jwks) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        // Verifiers cache the key set; a short max-age lets a new key reach them soon after a rotation.
        headers.put("Cache-Control", "public, max-age=300");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers).withBody(jwks).build();
    }

    private static HttpException toHttp(UserServiceException refused) {
        return switch (refused.reason()) {
            case INVALID_EMAIL -> HttpException.badRequest("invalid_email", refused.getMessage());
            case WEAK_PASSWORD -> HttpException.badRequest("weak_password", refused.getMessage());
            case EMAIL_TAKEN -> HttpException.conflict("email_taken", refused.getMessage());
            case INVALID_CREDENTIALS -> HttpException.unauthorized("invalid_credentials", refused.getMessage());
            case INVALID_REFRESH_TOKEN -> HttpException.unauthorized("invalid_refresh_token", refused.getMessage());
        };
    }
}

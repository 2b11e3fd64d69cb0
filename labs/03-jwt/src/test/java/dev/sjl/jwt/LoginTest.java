package dev.sjl.jwt;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.User;
import dev.sjl.users.UserServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static dev.sjl.jwt.Fixtures.body;
import static dev.sjl.jwt.Fixtures.event;
import static dev.sjl.jwt.Fixtures.header;
import static dev.sjl.jwt.Fixtures.withBearer;
import static dev.sjl.jwt.TestKeys.AUDIENCE;
import static dev.sjl.jwt.TestKeys.ISSUER;
import static dev.sjl.jwt.TestKeys.NOW;
import static dev.sjl.jwt.TestKeys.SECRET;
import static dev.sjl.jwt.Outcomes.refusedFor;
import static dev.sjl.jwt.Outcomes.returned;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 5: log in without user enumeration, then read your own profile")
class LoginTest {

    private static final String PASSWORD = "correct horse battery staple";

    private final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
    private final InMemoryUserRepository users = new InMemoryUserRepository();
    private final RecordingHasher hasher = new RecordingHasher(4);
    private final AccountService accounts = new AccountService(users, hasher,
            new TokenIssuer(SigningKey.hs256(SECRET), ISSUER, AUDIENCE, Duration.ofMinutes(15), clock),
            new RefreshTokenService(Duration.ofDays(30), clock), clock);
    private final JwtVerifier verifier = new JwtVerifier(TrustedKeys.hs256(TestKeys.hmacKey(SECRET)), ISSUER, AUDIENCE, clock);

    private AuthApi api() {
        return new AuthApi(new AuthHandler(TestKeys.config(TestKeys.hs256Environment()), users, hasher, clock));
    }

    private UserServiceException loginFails(String email, String password) {
        return refusedFor(UserServiceException.Reason.INVALID_CREDENTIALS,
                "login(" + email + ", ...) must throw UserServiceException(INVALID_CREDENTIALS, ...)", () -> accounts.login(email, password));
    }

    private Tokens loggedIn(String email, String password, String rule) {
        return returned(rule, () -> accounts.login(email, password));
    }

    @Test
    @Tag("task:5")
    @DisplayName("Logs in with the right password: an access token for the user, a refresh token, the lifetime")
    void logsIn() {
        String id = accounts.signup("ada@example.com", PASSWORD).id();

        Tokens tokens = loggedIn("ada@example.com", PASSWORD, "the right email and password");

        assertThat(verifier.verify(tokens.accessToken()).subject())
                .as("the access token's sub is the user's id (issue it with the TokenIssuer)").isEqualTo(id);
        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(tokens.expiresIn()).as("expiresIn is the access token's lifetime in seconds").isEqualTo(900);
        assertThat(tokens.refreshToken()).as("a refresh token from RefreshTokenService.issue").isNotBlank();
    }

    @Test
    @Tag("task:5")
    @DisplayName("Logs in whatever the case and spaces of the email")
    void normalisesTheLoginEmail() {
        String id = accounts.signup("ada@example.com", PASSWORD).id();

        String rule = "normalise the email at login exactly as at sign-up: \"  ADA@Example.com\" is ada@example.com";
        assertThat(verifier.verify(loggedIn("  ADA@Example.com", PASSWORD, rule).accessToken()).subject())
                .as(rule).isEqualTo(id);
    }

    // tag::test-enumeration[]
    @Test
    @Tag("task:5")
    @DisplayName("Gives the same answer for an unknown email and a wrong password")
    void sameAnswerForUnknownUserAndWrongPassword() {
        accounts.signup("ada@example.com", PASSWORD);

        UserServiceException unknown = loginFails("nobody@example.com", PASSWORD);
        UserServiceException wrong = loginFails("ada@example.com", "wrong horse battery staple");

        assertThat(unknown.reason()).isEqualTo(UserServiceException.Reason.INVALID_CREDENTIALS);
        assertThat(wrong.reason()).isEqualTo(UserServiceException.Reason.INVALID_CREDENTIALS);
        assertThat(unknown.getMessage())
                .as("one message for both, or the answer tells an attacker which emails have accounts")
                .isEqualTo(wrong.getMessage());
    }

    @Test
    @Tag("task:5")
    @DisplayName("Checks an unknown email against a dummy hash: the same bcrypt work as a wrong password")
    void sameWorkForUnknownUserAndWrongPassword() {
        accounts.signup("ada@example.com", PASSWORD);
        String adasHash = users.findByEmail("ada@example.com").orElseThrow().passwordHash();
        hasher.forget();

        loginFails("ada@example.com", "wrong horse battery staple");
        assertThat(hasher.checkedAgainst()).as("a wrong password costs one bcrypt check").containsExactly(adasHash);
        hasher.forget();

        loginFails("nobody@example.com", PASSWORD);
        assertThat(hasher.checkedAgainst())
                .as("an unknown email must cost one bcrypt check too, or its faster answer gives it away: "
                        + "check the password against a dummy hash made once in the constructor")
                .hasSize(1);
        String dummy = hasher.checkedAgainst().get(0);
        assertThat(dummy).as("the dummy is a real bcrypt hash, not a string that fails at once").startsWith("$2");
        assertThat(dummy.substring(0, 7))
                .as("at the same cost as real hashes ($2a$04$ here), so it takes as long").isEqualTo(adasHash.substring(0, 7));
        hasher.forget();

        loginFails("not an email", PASSWORD);
        assertThat(hasher.checkedAgainst())
                .as("a malformed email is just another unknown email: same answer, same work").hasSize(1);
    }
    // end::test-enumeration[]

    // tag::test-no-secrets-logged[]
    @Test
    @Tag("task:5")
    @DisplayName("Logs no password, hash or token while signing up, logging in and reading the profile")
    void nothingSecretInTheLogs() {
        AuthApi api = api();
        List<String> lines;
        String hash;
        JsonNode tokens;
        try (LogCapture logs = LogCapture.kit()) {
            api.signedUp("ada@example.com", PASSWORD);
            tokens = api.loggedIn("ada@example.com", PASSWORD);
            api.login("ada@example.com", "wrong horse battery staple");
            api.login("nobody@example.com", PASSWORD);
            api.me(tokens.path("accessToken").asText());
            hash = users.findByEmail("ada@example.com").orElseThrow().passwordHash();
            lines = logs.lines();
        }

        for (String secret : List.of(PASSWORD, "wrong horse battery staple", hash, tokens.path("accessToken").asText(),
                tokens.path("refreshToken").asText())) {
            assertThat(lines)
                    .as("a log is read by more people, and kept longer, than any database: a logged password is a "
                            + "leaked password and a logged token is a stolen token; log the user id, never a secret")
                    .noneMatch(line -> line.contains(secret));
        }
        Tokens issued = Tokens.bearer(tokens.path("accessToken").asText(), 900, tokens.path("refreshToken").asText());
        User ada = users.findByEmail("ada@example.com").orElseThrow();
        assertThat(issued.toString()).as("and what would print if one were logged by mistake: no credential")
                .contains("Bearer").doesNotContain(issued.accessToken()).doesNotContain(issued.refreshToken());
        assertThat(ada.toString()).as("a logged User shows its id, never its hash or email")
                .contains(ada.id()).doesNotContain(ada.passwordHash()).doesNotContain("ada@example.com");
        assertThat(new AuthHandler.Credentials("ada@example.com", PASSWORD).toString())
                .as("a logged request body must not carry the password").startsWith("Credentials[").doesNotContain(PASSWORD);
    }

    // end::test-no-secrets-logged[]

    @Test
    @Tag("task:5")
    @DisplayName("Refuses an empty or missing password")
    void refusesAnEmptyPassword() {
        accounts.signup("ada@example.com", PASSWORD);

        assertThat(loginFails("ada@example.com", "").reason()).isEqualTo(UserServiceException.Reason.INVALID_CREDENTIALS);
        assertThat(loginFails("ada@example.com", null).reason()).isEqualTo(UserServiceException.Reason.INVALID_CREDENTIALS);
    }

    @Test
    @Tag("task:5")
    @DisplayName("POST /login answers 200 with tokens that no cache may keep")
    void loginOverHttp() {
        AuthApi api = api();
        api.signedUp("ada@example.com", PASSWORD);

        APIGatewayV2HTTPResponse response = api.login("ada@example.com", PASSWORD);

        assertThat(response.getStatusCode()).as("body: %s", response.getBody()).isEqualTo(200);
        assertThat(header(response, "Cache-Control")).as("tokens are credentials: no-store").isEqualTo("no-store");
        JsonNode tokens = body(response);
        assertThat(tokens.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("expiresIn").asLong()).isEqualTo(900);
        assertThat(tokens.path("accessToken").asText()).isNotBlank();
        assertThat(tokens.path("refreshToken").asText()).isNotBlank();
    }

    @Test
    @Tag("task:5")
    @DisplayName("POST /login answers the very same 401 for an unknown email and a wrong password")
    void sameHttpAnswer() {
        AuthApi api = api();
        api.signedUp("ada@example.com", PASSWORD);

        APIGatewayV2HTTPResponse unknown = api.login("nobody@example.com", PASSWORD);
        APIGatewayV2HTTPResponse wrong = api.login("ada@example.com", "wrong horse battery staple");

        assertThat(unknown.getStatusCode()).as("body: %s", unknown.getBody()).isEqualTo(401);
        assertThat(body(unknown).path("error").asText()).isEqualTo("invalid_credentials");
        assertThat(wrong.getStatusCode()).isEqualTo(401);
        assertThat(wrong.getBody()).as("byte for byte the same body (same fixture, same request id)").isEqualTo(unknown.getBody());
        assertThat(wrong.getHeaders()).as("and the same headers").isEqualTo(unknown.getHeaders());
    }

    // tag::test-users-me[]
    @Test
    @Tag("task:5")
    @DisplayName("GET /users/me answers with the profile of the token's subject, and no password hash")
    void meOverHttp() {
        AuthApi api = api();
        String id = api.signedUp("ada@example.com", PASSWORD);
        String accessToken = api.loggedIn("ada@example.com", PASSWORD).path("accessToken").asText();

        APIGatewayV2HTTPResponse response = api.me(accessToken);
        var lowerCaseScheme = event("users-me");
        lowerCaseScheme.getHeaders().put("authorization", "bearer " + accessToken);

        assertThat(response.getStatusCode()).as("body: %s", response.getBody()).isEqualTo(200);
        assertThat(body(response).path("id").asText()).isEqualTo(id);
        assertThat(api.send(lowerCaseScheme).getStatusCode())
                .as("the scheme name is case-insensitive (RFC 9110): 'bearer' works too").isEqualTo(200);
        assertThat(body(response).path("email").asText()).isEqualTo("ada@example.com");
        assertThat(response.getBody()).doesNotContain("$2a$").doesNotContainIgnoringCase("password");
    }

    @Test
    @Tag("task:5")
    @DisplayName("GET /users/me ignores a user id the client sends in the query or a header")
    void meIgnoresClientSentIds() {
        AuthApi api = api();
        String adaId = api.signedUp("ada@example.com", PASSWORD);
        String bobId = api.signedUp("bob@example.com", "bob's long passphrase");
        String adasToken = api.loggedIn("ada@example.com", PASSWORD).path("accessToken").asText();
        var event = withBearer(event("users-me-claiming-another-id"), adasToken);
        event.getQueryStringParameters().put("userId", bobId);
        event.getHeaders().put("x-user-id", bobId);

        APIGatewayV2HTTPResponse response = api.send(event);

        assertThat(response.getStatusCode()).as("body: %s", response.getBody()).isEqualTo(200);
        assertThat(body(response).path("id").asText())
                .as("who the caller is comes from the verified token's sub, never from ?userId= or X-User-Id")
                .isEqualTo(adaId);
    }
    // end::test-users-me[]

    @Test
    @Tag("task:5")
    @DisplayName("GET /users/me answers 404 when the token is valid but its account is gone")
    void meForADeletedAccount() {
        AuthApi api = api();
        api.signedUp("ada@example.com", PASSWORD);
        api.loggedIn("ada@example.com", PASSWORD);
        String ghostsToken = new TokenIssuer(SigningKey.hs256(SECRET), ISSUER, AUDIENCE, Duration.ofMinutes(15), clock)
                .issueAccessToken("id-of-a-deleted-account");

        APIGatewayV2HTTPResponse response = api.me(ghostsToken);

        assertThat(response.getStatusCode()).as("body: %s", response.getBody()).isEqualTo(404);
        assertThat(body(response).path("error").asText()).isEqualTo("user_not_found");
    }

    @Test
    @Tag("task:5")
    @DisplayName("GET /users/me answers one 401 for a missing, tampered or expired token, and never says why")
    void meRefusesBadTokens() {
        AuthApi api = api();
        api.signedUp("ada@example.com", PASSWORD);
        String accessToken = api.loggedIn("ada@example.com", PASSWORD).path("accessToken").asText();
        String tampered = ForgedTokens.withClaims(accessToken, ForgedTokens.validClaims("someone-else", NOW));

        APIGatewayV2HTTPResponse missing = api.me(null);
        var basicEvent = event("users-me");
        basicEvent.getHeaders().put("authorization", "Basic YWRhOmNvcnJlY3QgaG9yc2U=");
        APIGatewayV2HTTPResponse basic = api.send(basicEvent);
        APIGatewayV2HTTPResponse forged = api.me(tampered);
        clock.add(Duration.ofMinutes(16));
        APIGatewayV2HTTPResponse expired = api.me(accessToken);

        assertThat(missing.getStatusCode()).isEqualTo(401);
        assertThat(header(missing, "WWW-Authenticate")).as("a 401 names the scheme to use (RFC 6750)").isEqualTo("Bearer");
        assertThat(basic.getStatusCode()).as("another scheme is no bearer token").isEqualTo(401);
        assertThat(header(basic, "WWW-Authenticate")).as("no bearer token at all: the challenge carries no error")
                .isEqualTo("Bearer");
        assertThat(header(forged, "WWW-Authenticate")).as("a bearer token that fails verification")
                .isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(forged.getStatusCode()).as("a tampered token: 401 (body: %s)", forged.getBody()).isEqualTo(401);
        assertThat(expired.getStatusCode()).as("16 minutes later the 15-minute token has expired").isEqualTo(401);
        for (APIGatewayV2HTTPResponse refused : new APIGatewayV2HTTPResponse[] {forged, expired}) {
            assertThat(body(refused).path("error").asText()).isEqualTo("invalid_token");
            assertThat(body(refused).path("message").asText())
                    .as("one fixed message: the library's ('JWT expired at ...') would tell an attacker what was checked")
                    .isEqualTo(body(missing).path("message").asText());
            assertThat(refused.getBody()).as("never echo the token").doesNotContain(accessToken.substring(0, 20));
        }
    }
}

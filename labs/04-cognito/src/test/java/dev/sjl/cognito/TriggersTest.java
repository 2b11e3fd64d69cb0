package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import dev.sjl.lambda.Env;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.User;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.sjl.cognito.Api.body;
import static dev.sjl.cognito.Api.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The pool's three triggers, alone and as Cognito calls them. */
@Tag("task:4")
@LocalCloudTest(services = Service.COGNITO)
class TriggersTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

    private static CognitoUserPoolPreSignUpEvent preSignUp(String email) {
        return CognitoUserPoolPreSignUpEvent.builder().withTriggerSource("PreSignUp_SignUp")
                .withRequest(CognitoUserPoolPreSignUpEvent.Request.builder().withUserAttributes(Map.of("email", email)).build())
                .withResponse(CognitoUserPoolPreSignUpEvent.Response.builder().build()).build();
    }

    private static CognitoUserPoolPostConfirmationEvent confirmed(String sub, String email) {
        return CognitoUserPoolPostConfirmationEvent.builder().withTriggerSource("PostConfirmation_ConfirmSignUp")
                .withUserPoolId("local_pool").withUserName(email)
                .withRequest(CognitoUserPoolPostConfirmationEvent.Request.builder()
                        .withUserAttributes(Map.of("sub", sub, "email", email, "email_verified", "true")).build())
                .build();
    }

    private static Api api(Pool pool) {
        return new Api(new CognitoAuthHandler(pool.config(), pool.cognito(),
                PoolKeys.fromUrl(pool.config().jwksUri(), Clock.systemUTC()), Clock.systemUTC()));
    }

    @Test
    @DisplayName("PreSignUp lets an allowed domain through, in any case, and refuses a disposable or unlisted one")
    void preSignUpRules() {
        PreSignUpHandler handler = new PreSignUpHandler(Set.of("example.com"), Set.of("mailinator.com"));

        assertThat(catchThrowable(() -> handler.handleRequest(preSignUp("ada@example.com"), null)))
                .as("an allowed domain signs up").isNull();
        assertThat(catchThrowable(() -> handler.handleRequest(preSignUp("ada@EXAMPLE.Com"), null)))
                .as("domains are case-insensitive: EXAMPLE.Com is example.com").isNull();
        assertThat(catchThrowable(() -> handler.handleRequest(preSignUp("eve@other.org"), null)))
                .as("a domain outside a non-empty allow-list is refused").isInstanceOf(PreSignUpHandler.SignUpRefusedException.class);
        assertThat(catchThrowable(() -> new PreSignUpHandler(Set.of(), Set.of("mailinator.com"))
                .handleRequest(preSignUp("eve@Mailinator.com"), null)))
                .as("a disposable domain is refused even when every domain is allowed")
                .isInstanceOf(PreSignUpHandler.SignUpRefusedException.class);
        assertThat(catchThrowable(() -> new PreSignUpHandler(Set.of(), Set.of("mailinator.com"))
                .handleRequest(preSignUp("grace@anything.dev"), null)))
                .as("an empty allow-list allows every other domain").isNull();
        assertThat(catchThrowable(() -> handler.handleRequest(preSignUp("@example.com"), null)))
                .as("nothing before the @: not an address").isInstanceOf(PreSignUpHandler.SignUpRefusedException.class);

        PreSignUpHandler fromEnvironment = new PreSignUpHandler(new Env(Map.of("ALLOWED_EMAIL_DOMAINS", " Example.COM, ,b.org")));
        assertThat(catchThrowable(() -> fromEnvironment.handleRequest(preSignUp("ada@example.com"), null)))
                .as("ALLOWED_EMAIL_DOMAINS is a comma-separated list, trimmed and lower-cased").isNull();
        assertThat(catchThrowable(() -> fromEnvironment.handleRequest(preSignUp("bo@b.org"), null))).isNull();
        assertThat(catchThrowable(() -> fromEnvironment.handleRequest(preSignUp("eve@other.org"), null)))
                .isInstanceOf(PreSignUpHandler.SignUpRefusedException.class);
    }

    @Test
    @DisplayName("PreSignUp's refusal carries no internal detail, and the API answers it with 400 in its own words")
    void preSignUpRefusalIsOpaque(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Throwable refused = catchThrowable(() -> new PreSignUpHandler(Set.of("example.com"), Set.of("mailinator.com"))
                .handleRequest(preSignUp("eve@mailinator.com"), null));
        assertThat(refused).as("a refused sign-up throws").isNotNull();
        assertThat(refused.getMessage()).as("Cognito shows the trigger's message to the caller: no domain, no list, no "
                + "rule in it, only PreSignUpHandler.REFUSED").isEqualTo(PreSignUpHandler.REFUSED);

        Pool pool = Pool.withTriggers(cognito, cloud, resources);
        APIGatewayV2HTTPResponse response = api(pool).signup("eve@mailinator.com", Pool.PASSWORD);
        assertThat(response.getStatusCode()).as("a sign-up the trigger refuses: 400; body %s", response.getBody()).isEqualTo(400);
        assertThat(body(response).path("error").asText()).isEqualTo("signup_refused");
        assertThat(response.getBody()).as("nothing of Cognito's or the trigger's text reaches the client")
                .doesNotContain("PreSignUp").doesNotContain("mailinator");
    }

    @Test
    @DisplayName("PostConfirmation creates the profile under the user's sub, and a retried call changes nothing")
    void postConfirmationIsIdempotent() {
        InMemoryUserRepository users = new InMemoryUserRepository();
        PostConfirmationHandler handler = new PostConfirmationHandler(users, FIXED);
        CognitoUserPoolPostConfirmationEvent event = confirmed("5f0c-sub", "ada@example.com");

        assertThat(handler.handleRequest(event, null)).as("a trigger answers Cognito with the event").isSameAs(event);
        Throwable retried = catchThrowable(() -> handler.handleRequest(event, null));

        assertThat(retried).as("Cognito retries a trigger: the same confirmation twice must succeed twice (not idempotent?)")
                .isNull();
        Optional<User> profile = users.findById("5f0c-sub");
        assertThat(profile).as("the profile's id is Cognito's sub, so a retry finds it").isPresent();
        assertThat(profile.get().email()).isEqualTo("ada@example.com");
        assertThat(profile.get().createdAt()).isEqualTo(FIXED.instant());
        assertThat(users.findByEmail("ada@example.com").map(User::id)).as("one profile for the email").contains("5f0c-sub");
    }

    @Test
    @DisplayName("PostConfirmation refuses an email that already belongs to another profile, and ignores a password reset")
    void postConfirmationConflicts() {
        InMemoryUserRepository users = new InMemoryUserRepository();
        PostConfirmationHandler handler = new PostConfirmationHandler(users, FIXED);
        handler.handleRequest(confirmed("first-sub", "ada@example.com"), null);

        Throwable second = catchThrowable(() -> handler.handleRequest(confirmed("second-sub", "ada@example.com"), null));
        assertThat(second).as("another sub with the same email is not a retry: fail, so Cognito does not confirm it")
                .isNotNull();
        assertThat(users.findById("second-sub")).isEmpty();

        CognitoUserPoolPostConfirmationEvent reset = confirmed("third-sub", "grace@example.com");
        reset.setTriggerSource("PostConfirmation_ConfirmForgotPassword");
        assertThat(handler.handleRequest(reset, null)).isSameAs(reset);
        assertThat(users.findById("third-sub")).as("a confirmed password reset creates no profile").isEmpty();

        CognitoUserPoolPostConfirmationEvent noSub = confirmed("fourth-sub", "lin@example.com");
        noSub.getRequest().setUserAttributes(Map.of("email", "lin@example.com"));
        assertThat(catchThrowable(() -> handler.handleRequest(noSub, null))).as("an event without sub: fail, make nothing")
                .isNotNull();
        assertThat(users.findByEmail("lin@example.com")).isEmpty();
    }

    @Test
    @DisplayName("Confirming through the API runs PostConfirmation: the profile exists under the token's sub")
    void profileCreatedOnConfirmation(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.withTriggers(cognito, cloud, resources);
        Api api = api(pool);
        assertThat(api.signup("ada@example.com", Pool.PASSWORD).getStatusCode()).as("sign-up of an allowed domain").isEqualTo(202);
        assertThat(api.confirm("ada@example.com", pool.code("ada@example.com")).getStatusCode()).isEqualTo(204);

        String sub = claims(body(api.login("ada@example.com", Pool.PASSWORD)).path("accessToken").asText()).path("sub").asText();
        assertThat(pool.profiles().findById(sub)).as("PostConfirmation made the profile, keyed by sub").isPresent();
    }

    @Test
    @DisplayName("PreTokenGeneration adds the verified email to the access token, and GET /users/me shows it")
    void emailClaim(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.withTriggers(cognito, cloud, resources);
        assertThat(catchThrowable(() -> pool.confirmedUser("ada@example.com")))
                .as("PreSignUp must let an allowed domain (example.com) sign up").isNull();
        String access = pool.login("ada@example.com").accessToken();

        assertThat(claims(access).path(PreTokenGenerationHandler.EMAIL_CLAIM).asText())
                .as("the access token carries the email claim the trigger added").isEqualTo("ada@example.com");
        APIGatewayV2HTTPResponse me = api(pool).get("/users/me", access);
        assertThat(body(me).path("email").asText()).as("GET /users/me reads the email from the verified token").isEqualTo("ada@example.com");
    }

    @Test
    @DisplayName("PreTokenGeneration adds no email while the address is unverified")
    void noClaimForUnverifiedEmail() {
        CognitoUserPoolPreTokenGenerationEventV2 event = CognitoUserPoolPreTokenGenerationEventV2.builder()
                .withRequest(CognitoUserPoolPreTokenGenerationEventV2.Request.builder()
                        .withUserAttributes(Map.of("email", "ada@example.com", "email_verified", "false")).build())
                .build();

        CognitoUserPoolPreTokenGenerationEventV2 answered = new PreTokenGenerationHandler().handleRequest(event, null);

        assertThat(answered.getResponse() == null || answered.getResponse().getClaimsAndScopeOverrideDetails() == null)
                .as("an unverified email proves nothing: no claim").isTrue();
    }
}

package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sjl.localcloud.CognitoTriggers.Trigger;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeDeliveryDetailsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreTokenGenerationLambdaVersionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Cognito user pools through the real {@code CognitoIdentityProviderClient}, each behaviour as AWS documents it (the
 * page is named above each test). cognito-local alone gets several of them wrong; {@code cognito-aws.cjs} fixes them.
 */
// unchecked: the SDK's Consumer<Builder>... varargs; try: a resource that only scopes a registration
@SuppressWarnings({"unchecked", "try"})
@Tag("cognito")
@LocalCloudTest(services = Service.COGNITO)
class CognitoLocalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String INCORRECT = "Incorrect username or password.";

    private record Pool(String id, String clientId) {
    }

    private static Pool pool(CognitoIdentityProviderClient cognito, TestResources resources) {
        return pool(cognito, resources, b -> { }, c -> { });
    }

    private static Pool pool(CognitoIdentityProviderClient cognito, TestResources resources,
                             Consumer<software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest.Builder> poolSettings,
                             Consumer<CreateUserPoolClientRequest.Builder> clientSettings) {
        String poolId = cognito.createUserPool(b -> {
            b.poolName(resources.name("users")).autoVerifiedAttributes(VerifiedAttributeType.EMAIL);
            poolSettings.accept(b);
        }).userPool().id();
        String clientId = cognito.createUserPoolClient(b -> {
            b.userPoolId(poolId).clientName("web")
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH);
            clientSettings.accept(b);
        }).userPoolClient().clientId();
        return new Pool(poolId, clientId);
    }

    private static Pool hidingPool(CognitoIdentityProviderClient cognito, TestResources resources) {
        return pool(cognito, resources, b -> { }, c -> c.preventUserExistenceErrors(PreventUserExistenceErrorTypes.ENABLED));
    }

    private static void signUpAndConfirm(CognitoIdentityProviderClient cognito, LocalCloud cloud, Pool pool, String user) {
        cognito.signUp(b -> b.clientId(pool.clientId()).username(user).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(user + "@example.com")));
        cognito.confirmSignUp(b -> b.clientId(pool.clientId()).username(user)
                .confirmationCode(cloud.cognitoConfirmationCode(pool.id(), user)));
    }

    private static void adminUser(CognitoIdentityProviderClient cognito, Pool pool, String user) {
        cognito.adminCreateUser(b -> b.userPoolId(pool.id()).username(user).messageAction("SUPPRESS")
                .userAttributes(a -> a.name("email").value(user + "@example.com")));
        cognito.adminSetUserPassword(b -> b.userPoolId(pool.id()).username(user).password(PASSWORD).permanent(true));
    }

    private static AuthenticationResultType login(CognitoIdentityProviderClient cognito, Pool pool, String user) {
        return login(cognito, pool, user, PASSWORD);
    }

    private static AuthenticationResultType login(CognitoIdentityProviderClient cognito, Pool pool, String user, String password) {
        return cognito.initiateAuth(b -> b.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", user, "PASSWORD", password))).authenticationResult();
    }

    private static AuthenticationResultType refresh(CognitoIdentityProviderClient cognito, Pool pool, String refreshToken) {
        return cognito.initiateAuth(b -> b.clientId(pool.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken))).authenticationResult();
    }

    private static JsonNode part(String jwt, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }

    private static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Map<String, String> attributes(CognitoIdentityProviderClient cognito, Pool pool, String user) {
        return cognito.adminGetUser(b -> b.userPoolId(pool.id()).username(user)).userAttributes().stream()
                .collect(java.util.stream.Collectors.toMap(AttributeType::name, AttributeType::value));
    }

    /** Verifies an RS256 JWT's signature against the JWKS key with its kid, as an API verifying Cognito tokens does. */
    private static boolean signedByJwks(String jwt, JsonNode jwks) throws Exception {
        String kid = part(jwt, 0).path("kid").asText();
        for (JsonNode key : jwks.path("keys")) {
            if (key.path("kid").asText().equals(kid)) {
                Base64.Decoder b64 = Base64.getUrlDecoder();
                PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, b64.decode(key.path("n").asText())), new BigInteger(1, b64.decode(key.path("e").asText()))));
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initVerify(publicKey);
                String[] parts = jwt.split("\\.");
                rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                return rs256.verify(b64.decode(parts[2]));
            }
        }
        return false;
    }

    // --- Sign-up and sign-in -------------------------------------------------------------------------------------

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html
    // (UsernameExistsException: "a user tries to sign up using a username that already exists in the user pool")
    @Test
    @DisplayName("SignUps of one username at the same time create one user; every other one is UsernameExistsException")
    void concurrentSignUpsOfOneUsername(CognitoIdentityProviderClient cognito, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        int n = 40;
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                outcomes.add(threads.submit(() -> {
                    go.await();
                    try {
                        cognito.signUp(b -> b.clientId(pool.clientId()).username("twin").password(PASSWORD)
                                .userAttributes(a -> a.name("email").value("twin@example.com")));
                        return "created";
                    } catch (software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException exists) {
                        return "exists";
                    }
                }));
            }
            go.countDown();
            Map<String, Integer> counts = new java.util.TreeMap<>();
            for (java.util.concurrent.Future<String> outcome : outcomes) {
                counts.merge(outcome.get(), 1, Integer::sum);
            }
            assertThat(counts).as("outcomes of %d simultaneous SignUps", n).isEqualTo(Map.of("created", 1, "exists", n - 1));
            assertThat(cognito.listUsers(b -> b.userPoolId(pool.id())).users()).as("users in the pool").hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html
    // ("they confirm ownership of the email address or phone number that they provided")
    @Test
    @DisplayName("ConfirmSignUp with the code the user was e-mailed confirms the user and sets email_verified to true")
    void confirmSignUpVerifiesTheEmail(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        CodeDeliveryDetailsType delivery = cognito.signUp(b -> b.clientId(pool.clientId()).username("ada").password(PASSWORD)
                .userAttributes(a -> a.name("email").value("ada@example.com"))).codeDeliveryDetails();
        assertThat(delivery.destination()).as("AWS masks where it sent the code").isEqualTo("a***@e***");
        assertThat(attributes(cognito, pool, "ada")).doesNotContainEntry("email_verified", "true");

        String code = cloud.cognitoConfirmationCode(pool.id(), "ada");
        assertThat(code).as("a six-digit code, as Cognito's default message sends").matches("\\d{6}");
        cognito.confirmSignUp(b -> b.clientId(pool.clientId()).username("ada").confirmationCode(code));

        assertThat(cognito.adminGetUser(b -> b.userPoolId(pool.id()).username("ada")).userStatus()).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(attributes(cognito, pool, "ada")).containsEntry("email_verified", "true");
        assertThat(part(login(cognito, pool, "ada").idToken(), 1).path("email_verified").asBoolean())
                .as("the ID token's email_verified is a JSON boolean, true once confirmed").isTrue();
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html (CodeMismatchException)
    @Test
    @DisplayName("A wrong confirmation code is a CodeMismatchException, and ResendConfirmationCode sends a new code that replaces it")
    void wrongCodeAndResend(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = pool(cognito, resources);
        cognito.signUp(b -> b.clientId(pool.clientId()).username("bob").password(PASSWORD)
                .userAttributes(a -> a.name("email").value("bob@example.com")));
        String first = cloud.cognitoConfirmationCode(pool.id(), "bob");
        String wrong = first.equals("000000") ? "111111" : "000000";
        assertThatThrownBy(() -> cognito.confirmSignUp(b -> b.clientId(pool.clientId()).username("bob").confirmationCode(wrong)))
                .isInstanceOf(CodeMismatchException.class);

        cognito.resendConfirmationCode(b -> b.clientId(pool.clientId()).username("bob"));
        List<CognitoUserPools.Message> messages = cloud.cognitoUserPools().messages(pool.id());
        assertThat(messages).extracting(CognitoUserPools.Message::source).containsExactly("SignUp", "ResendCode");
        assertThat(messages).extracting(CognitoUserPools.Message::destination).containsOnly("bob@example.com");
        String latest = cloud.cognitoConfirmationCode(pool.id(), "bob");
        assertThat(latest).as("the helper reads the latest code sent").isEqualTo(messages.get(1).code());
        cognito.confirmSignUp(b -> b.clientId(pool.clientId()).username("bob").confirmationCode(latest));
        assertThat(cognito.adminGetUser(b -> b.userPoolId(pool.id()).username("bob")).userStatus()).isEqualTo(UserStatusType.CONFIRMED);
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-passwords.html
    @Test
    @DisplayName("SignUp, AdminSetUserPassword and ChangePassword refuse a password that breaks the pool's policy")
    void passwordPolicy(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = pool(cognito, resources);
        assertThatThrownBy(() -> cognito.signUp(b -> b.clientId(pool.clientId()).username("ada").password("Short-1")
                .userAttributes(a -> a.name("email").value("ada@example.com"))))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageStartingWith("Password did not conform with policy: Password not long enough");
        assertThatThrownBy(() -> cognito.signUp(b -> b.clientId(pool.clientId()).username("ada").password("correct-horse-9")
                .userAttributes(a -> a.name("email").value("ada@example.com"))))
                .isInstanceOf(InvalidPasswordException.class).hasMessageContaining("Password must have uppercase characters");
        assertThatThrownBy(() -> cognito.adminGetUser(b -> b.userPoolId(pool.id()).username("ada")))
                .as("a refused sign-up creates no user").isInstanceOf(UserNotFoundException.class);

        adminUser(cognito, pool, "bob");
        assertThatThrownBy(() -> cognito.adminSetUserPassword(b -> b.userPoolId(pool.id()).username("bob").password("NoDigits-here").permanent(true)))
                .isInstanceOf(InvalidPasswordException.class).hasMessageContaining("Password must have numeric characters");
        String token = login(cognito, pool, "bob").accessToken();
        assertThatThrownBy(() -> cognito.changePassword(b -> b.accessToken(token).previousPassword(PASSWORD).proposedPassword("NoSymbols99")))
                .isInstanceOf(InvalidPasswordException.class).hasMessageContaining("Password must have symbol characters");
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html (UserNotConfirmedException)
    @Test
    @DisplayName("An unconfirmed user with the right password gets UserNotConfirmedException")
    void unconfirmedUser(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = hidingPool(cognito, resources);
        cognito.signUp(b -> b.clientId(pool.clientId()).username("una").password(PASSWORD)
                .userAttributes(a -> a.name("email").value("una@example.com")));
        assertThatThrownBy(() -> login(cognito, pool, "una"))
                .isInstanceOf(UserNotConfirmedException.class).hasMessageContaining("User is not confirmed.");
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
    @Test
    @DisplayName("PreventUserExistenceErrors=ENABLED: an unknown user and a wrong password get the same NotAuthorizedException")
    void unknownUserAndWrongPasswordLookTheSame(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = hidingPool(cognito, resources);
        signUpAndConfirm(cognito, cloud, pool, "ada");

        assertThatThrownBy(() -> login(cognito, pool, "ada", "Wrong-Horse-9"))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith(INCORRECT);
        assertThatThrownBy(() -> login(cognito, pool, "nobody"))
                .as("an unknown user must not be told apart from a wrong password")
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith(INCORRECT);
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html (LEGACY)
    @Test
    @DisplayName("PreventUserExistenceErrors=LEGACY (the API's default): an unknown user gets UserNotFoundException")
    void legacyClientRevealsUnknownUsers(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = pool(cognito, resources);
        assertThat(cognito.describeUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId())).userPoolClient()
                .preventUserExistenceErrors()).isEqualTo(PreventUserExistenceErrorTypes.LEGACY);
        assertThatThrownBy(() -> login(cognito, pool, "nobody")).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.forgotPassword(b -> b.clientId(pool.clientId()).username("nobody")))
                .isInstanceOf(UserNotFoundException.class);
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
    // ("Account confirmation and password recovery return a response indicating a code was sent to a simulated destination")
    @Test
    @DisplayName("PreventUserExistenceErrors=ENABLED: ForgotPassword, ResendConfirmationCode and ConfirmSignUp don't reveal an unknown user")
    void recoveryDoesNotRevealUnknownUsers(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = hidingPool(cognito, resources);
        signUpAndConfirm(cognito, cloud, pool, "ada");

        CodeDeliveryDetailsType real = cognito.forgotPassword(b -> b.clientId(pool.clientId()).username("ada")).codeDeliveryDetails();
        CodeDeliveryDetailsType simulated = cognito.forgotPassword(b -> b.clientId(pool.clientId()).username("nobody")).codeDeliveryDetails();
        assertThat(simulated.deliveryMedium()).isEqualTo(real.deliveryMedium());
        assertThat(simulated.destination()).as("masked like a real destination").matches(".\\*\\*\\*@.\\*\\*\\*");
        assertThat(cognito.resendConfirmationCode(b -> b.clientId(pool.clientId()).username("nobody")).codeDeliveryDetails().deliveryMedium())
                .isEqualTo(real.deliveryMedium());
        assertThatThrownBy(() -> cognito.confirmSignUp(b -> b.clientId(pool.clientId()).username("nobody").confirmationCode("123456")))
                .isInstanceOf(CodeMismatchException.class);
        assertThat(cloud.cognitoUserPools().messages(pool.id())).extracting(CognitoUserPools.Message::username)
                .as("nothing is sent for an unknown user").containsOnly("ada");
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableUser.html
    // ("Deactivates a user and revokes all access tokens for the user. A deactivated user can't sign in")
    @Test
    @DisplayName("A user disabled with AdminDisableUser can't sign in, refresh or use an access token, until enabled again")
    void disabledUser(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = hidingPool(cognito, resources);
        adminUser(cognito, pool, "dan");
        AuthenticationResultType tokens = login(cognito, pool, "dan");

        cognito.adminDisableUser(b -> b.userPoolId(pool.id()).username("dan"));

        assertThatThrownBy(() -> login(cognito, pool, "dan"))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("User is disabled.");
        assertThatThrownBy(() -> refresh(cognito, pool, tokens.refreshToken())).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> cognito.getUser(b -> b.accessToken(tokens.accessToken())))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has been revoked");

        cognito.adminEnableUser(b -> b.userPoolId(pool.id()).username("dan"));
        assertThat(login(cognito, pool, "dan").accessToken()).isNotBlank();
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminInitiateAuth.html
    @Test
    @DisplayName("AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH: tokens for the right password, the same hiding of unknown users")
    void adminInitiateAuth(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = pool(cognito, resources, b -> { }, c -> c.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH).preventUserExistenceErrors(PreventUserExistenceErrorTypes.ENABLED));
        adminUser(cognito, pool, "ada");
        Consumer<String> adminLogin = user -> cognito.adminInitiateAuth(b -> b.userPoolId(pool.id()).clientId(pool.clientId())
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", user, "PASSWORD", PASSWORD)));

        AuthenticationResultType tokens = cognito.adminInitiateAuth(b -> b.userPoolId(pool.id()).clientId(pool.clientId())
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", "ada", "PASSWORD", PASSWORD)))
                .authenticationResult();
        assertThat(tokens.expiresIn()).isEqualTo(3600);
        assertThat(cognito.getUser(b -> b.accessToken(tokens.accessToken())).username()).isEqualTo("ada");
        assertThatThrownBy(() -> adminLogin.accept("nobody")).isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith(INCORRECT);
        assertThatThrownBy(() -> login(cognito, pool, "ada"))
                .as("this client allows the admin flow only").isInstanceOf(InvalidParameterException.class);
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
    @Test
    @DisplayName("USER_PASSWORD_AUTH works only on an app client whose ExplicitAuthFlows allow it")
    void flowMustBeAllowed(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = pool(cognito, resources, b -> { }, c -> c.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
        adminUser(cognito, pool, "sam");
        assertThatThrownBy(() -> login(cognito, pool, "sam"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("USER_PASSWORD_AUTH flow not enabled for this client");
    }

    // --- Tokens ----------------------------------------------------------------------------------------------------

    // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
    // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
    @Test
    @DisplayName("Access token: token_use=access, client_id, scope, username, cognito:groups; ID token: aud=client id, token_use=id")
    void tokenClaims(CognitoIdentityProviderClient cognito, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        adminUser(cognito, pool, "root");
        cognito.createGroup(b -> b.userPoolId(pool.id()).groupName("admin"));
        cognito.adminAddUserToGroup(b -> b.userPoolId(pool.id()).username("root").groupName("admin"));

        AuthenticationResultType tokens = login(cognito, pool, "root");
        JsonNode access = part(tokens.accessToken(), 1);
        JsonNode id = part(tokens.idToken(), 1);
        assertThat(access.path("token_use").asText()).isEqualTo("access");
        assertThat(access.path("client_id").asText()).isEqualTo(pool.clientId());
        assertThat(access.path("scope").asText()).isEqualTo("aws.cognito.signin.user.admin");
        assertThat(access.path("username").asText()).isEqualTo("root");
        assertThat(access.has("aud")).as("an access token has client_id, not aud").isFalse();
        assertThat(JSON.convertValue(access.path("cognito:groups"), String[].class)).containsExactly("admin");
        assertThat(id.path("token_use").asText()).isEqualTo("id");
        assertThat(id.path("aud").asText()).isEqualTo(pool.clientId());
        assertThat(id.path("cognito:username").asText()).isEqualTo("root");
        assertThat(id.path("email").asText()).isEqualTo("root@example.com");
        assertThat(JSON.convertValue(id.path("cognito:groups"), String[].class)).containsExactly("admin");
        assertThat(id.path("sub").asText()).isEqualTo(access.path("sub").asText()).isNotBlank();
        assertThat(id.path("origin_jti").asText()).as("both tokens of one sign-in share origin_jti")
                .isEqualTo(access.path("origin_jti").asText()).isNotBlank();
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
    @Test
    @DisplayName("iss is the URL serving the pool's openid-configuration and JWKS; the JWKS has several keys and verifies both tokens")
    void issuerDiscoveryAndJwks(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        adminUser(cognito, pool, "ada");
        AuthenticationResultType tokens = login(cognito, pool, "ada");

        String issuer = part(tokens.accessToken(), 1).path("iss").asText();
        assertThat(issuer).isEqualTo(cloud.endpoint(Service.COGNITO) + "/" + pool.id());
        assertThat(part(tokens.idToken(), 1).path("iss").asText()).isEqualTo(issuer);
        JsonNode discovery = getJson(issuer + "/.well-known/openid-configuration");
        assertThat(discovery.path("issuer").asText()).as("OIDC discovery: issuer must equal the URL it is served under").isEqualTo(issuer);
        assertThat(discovery.path("jwks_uri").asText()).isEqualTo(issuer + "/.well-known/jwks.json");

        JsonNode jwks = getJson(discovery.path("jwks_uri").asText());
        assertThat(jwks.path("keys").size()).as("more than one key, so a verifier must choose by kid").isGreaterThan(1);
        assertThat(signedByJwks(tokens.accessToken(), jwks)).as("access token signature").isTrue();
        assertThat(signedByJwks(tokens.idToken(), jwks)).as("ID token signature").isTrue();

        Pool other = pool(cognito, resources);
        JsonNode otherJwks = getJson(cloud.endpoint(Service.COGNITO) + "/" + other.id() + "/.well-known/jwks.json");
        assertThat(signedByJwks(tokens.accessToken(), otherJwks)).as("each pool has keys of its own").isFalse();
    }

    @Test
    @DisplayName("A body that is not JSON, or is too large, gets AWS's JSON error and no stack trace, not an HTML page")
    void malformedBodiesGetJsonErrors(LocalCloud cloud) throws Exception {
        String tooLarge = "{\"UserPoolId\":\"" + "x".repeat(2_000_000) + "\"}";
        for (String body : List.of("{\"UserPoolId\":\"loc", "{UserPoolId:}", "null", "{\"PoolName\":\"a\u0001b\"}", tooLarge)) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(cloud.endpoint(Service.COGNITO) + "/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSCognitoIdentityProviderService.DeleteUserPool")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            boolean large = body.equals(tooLarge);
            String shown = large ? "a 2 MB body" : body;
            assertThat(answer.statusCode()).as("status for %s", shown).isEqualTo(large ? 413 : 400);
            assertThat(JSON.readTree(answer.body()).path("__type").asText()).as("error type for %s", shown)
                    .isEqualTo(large ? "RequestEntityTooLargeException" : "SerializationException");
            assertThat(answer.body()).as("no stack trace for %s", shown).doesNotContain(" at ", "node_modules", "<html");
        }
    }

    @Test
    @DisplayName("Pools that exist at the same time never share a key; a deleted pool's keys go to the next new pool")
    void deletedPoolsKeysAreReused(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool first = pool(cognito, resources);
        Pool second = pool(cognito, resources);
        List<String> firstKids = kids(cloud, first);
        List<String> secondKids = kids(cloud, second);
        assertThat(firstKids).doesNotContainAnyElementsOf(secondKids);

        cognito.deleteUserPool(b -> b.userPoolId(first.id()));
        Pool third = pool(cognito, resources);
        List<String> thirdKids = kids(cloud, third);
        assertThat(thirdKids).as("a new pool's keys are not a live pool's").doesNotContainAnyElementsOf(secondKids)
                .as("they are the deleted pool's: an RSA key costs 50-200 ms of CPU to make")
                .containsExactlyInAnyOrderElementsOf(firstKids);
        adminUser(cognito, third, "ada");
        assertThat(signedByJwks(login(cognito, third, "ada").accessToken(),
                getJson(cloud.endpoint(Service.COGNITO) + "/" + third.id() + "/.well-known/jwks.json"))).isTrue();
    }

    private static List<String> kids(LocalCloud cloud, Pool pool) throws Exception {
        return getJson(cloud.endpoint(Service.COGNITO) + "/" + pool.id() + "/.well-known/jwks.json").path("keys")
                .findValuesAsText("kid");
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
    // ("Amazon Cognito might rotate signing keys in your user pool")
    @Test
    @DisplayName("After a key rotation new tokens carry a kid that is new to the JWKS, and tokens signed before still verify")
    void keyRotation(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        adminUser(cognito, pool, "ada");
        String before = login(cognito, pool, "ada").accessToken();
        String jwksUrl = cloud.endpoint(Service.COGNITO) + "/" + pool.id() + "/.well-known/jwks.json";
        JsonNode cached = getJson(jwksUrl);

        String newKid = cloud.cognitoUserPools().rotateSigningKey(pool.id());
        String after = login(cognito, pool, "ada").accessToken();

        assertThat(part(after, 0).path("kid").asText()).isEqualTo(newKid);
        assertThat(signedByJwks(after, cached)).as("a cached JWKS doesn't know the new key: fetch it again").isFalse();
        JsonNode fresh = getJson(jwksUrl);
        assertThat(signedByJwks(after, fresh)).isTrue();
        assertThat(signedByJwks(before, fresh)).as("the old key stays published").isTrue();
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html
    // (access and ID tokens default to 1 hour, refresh tokens to 30 days)
    @Test
    @DisplayName("Default validity: access and ID tokens 1 h, refresh token 30 d; an expired access token is refused by GetUser")
    void defaultTokenValidity(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        adminUser(cognito, pool, "ada");
        AuthenticationResultType tokens = login(cognito, pool, "ada");
        JsonNode access = part(tokens.accessToken(), 1);
        JsonNode id = part(tokens.idToken(), 1);
        assertThat(access.path("exp").asLong() - access.path("iat").asLong()).isEqualTo(3600);
        assertThat(id.path("exp").asLong() - id.path("iat").asLong()).isEqualTo(3600);
        assertThat(tokens.expiresIn()).isEqualTo(3600);
        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(cognito.getUser(b -> b.accessToken(tokens.accessToken())).username()).isEqualTo("ada");

        CognitoUserPools pools = cloud.cognitoUserPools();
        pools.advanceClock(pool.id(), Duration.ofHours(1).plusSeconds(1));
        assertThatThrownBy(() -> cognito.getUser(b -> b.accessToken(tokens.accessToken())))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has expired");

        pools.advanceClock(pool.id(), Duration.ofDays(29));
        AuthenticationResultType refreshed = refresh(cognito, pool, tokens.refreshToken());
        assertThat(cognito.getUser(b -> b.accessToken(refreshed.accessToken())).username())
                .as("a refresh token still valid on day 29 gives a working access token").isEqualTo("ada");
        pools.advanceClock(pool.id(), Duration.ofDays(1));
        assertThatThrownBy(() -> refresh(cognito, pool, tokens.refreshToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Refresh Token has expired");
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html
    // (AccessTokenValidity, IdTokenValidity, RefreshTokenValidity in TokenValidityUnits)
    @Test
    @DisplayName("Token validity comes from the app client's AccessTokenValidity/IdTokenValidity/RefreshTokenValidity and units")
    void clientTokenValidity(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources, b -> { }, c -> c.accessTokenValidity(5).idTokenValidity(10).refreshTokenValidity(60)
                .tokenValidityUnits(u -> u.accessToken(TimeUnitsType.MINUTES).idToken(TimeUnitsType.MINUTES).refreshToken(TimeUnitsType.MINUTES)));
        adminUser(cognito, pool, "ada");
        AuthenticationResultType tokens = login(cognito, pool, "ada");
        JsonNode access = part(tokens.accessToken(), 1);
        JsonNode id = part(tokens.idToken(), 1);
        assertThat(access.path("exp").asLong() - access.path("iat").asLong()).isEqualTo(300);
        assertThat(id.path("exp").asLong() - id.path("iat").asLong()).isEqualTo(600);
        assertThat(tokens.expiresIn()).isEqualTo(300);

        AuthenticationResultType refreshed = refresh(cognito, pool, tokens.refreshToken());
        assertThat(refreshed.accessToken()).isNotBlank().isNotEqualTo(tokens.accessToken());
        assertThat(refreshed.refreshToken()).as("REFRESH_TOKEN_AUTH returns no new refresh token").isNull();
        cloud.cognitoUserPools().advanceClock(pool.id(), Duration.ofMinutes(61));
        assertThatThrownBy(() -> refresh(cognito, pool, tokens.refreshToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Refresh Token has expired");

        assertThatThrownBy(() -> cognito.createUserPoolClient(b -> b.userPoolId(pool.id()).clientName("bad").accessTokenValidity(2)
                .tokenValidityUnits(u -> u.accessToken(TimeUnitsType.DAYS))))
                .as("an access token lives 5 minutes to 1 day").isInstanceOf(InvalidParameterException.class);
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html
    // ("Revokes all of the access tokens generated by, and at the same time as, the specified refresh token")
    @Test
    @DisplayName("RevokeToken: the refresh token and the access tokens issued with it stop working; another sign-in's don't")
    void revokeToken(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = pool(cognito, resources);
        adminUser(cognito, pool, "ada");
        AuthenticationResultType phone = login(cognito, pool, "ada");
        AuthenticationResultType laptop = login(cognito, pool, "ada");

        cognito.revokeToken(b -> b.clientId(pool.clientId()).token(phone.refreshToken()));

        assertThatThrownBy(() -> refresh(cognito, pool, phone.refreshToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Refresh Token has been revoked");
        assertThatThrownBy(() -> cognito.getUser(b -> b.accessToken(phone.accessToken())))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has been revoked");
        assertThat(refresh(cognito, pool, laptop.refreshToken()).accessToken()).isNotBlank();
        assertThat(cognito.getUser(b -> b.accessToken(laptop.accessToken())).username()).isEqualTo("ada");
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html
    // ("Invalidates the identity, access, and refresh tokens that Amazon Cognito issued to a user")
    @Test
    @DisplayName("GlobalSignOut: every refresh token and access token of the user fails; a new sign-in works")
    void globalSignOut(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = pool(cognito, resources);
        adminUser(cognito, pool, "ada");
        AuthenticationResultType phone = login(cognito, pool, "ada");
        AuthenticationResultType laptop = login(cognito, pool, "ada");

        cognito.globalSignOut(b -> b.accessToken(laptop.accessToken()));

        for (AuthenticationResultType tokens : List.of(phone, laptop)) {
            assertThatThrownBy(() -> refresh(cognito, pool, tokens.refreshToken())).isInstanceOf(NotAuthorizedException.class);
            assertThatThrownBy(() -> cognito.getUser(b -> b.accessToken(tokens.accessToken())))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has been revoked");
        }
        AuthenticationResultType again = login(cognito, pool, "ada");
        assertThat(cognito.getUser(b -> b.accessToken(again.accessToken())).username()).isEqualTo("ada");
    }

    @Test
    @DisplayName("GetUser refuses a forged access token (payload changed, signature kept)")
    void forgedAccessToken(CognitoIdentityProviderClient cognito, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        adminUser(cognito, pool, "ada");
        String token = login(cognito, pool, "ada").accessToken();
        ObjectNode claims = (ObjectNode) part(token, 1);
        claims.put("exp", claims.path("exp").asLong() + 86400);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(claims)) + "." + parts[2];
        assertThatThrownBy(() -> cognito.getUser(b -> b.accessToken(forged)))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Access Token");
    }

    @Test
    @DisplayName("Bad requests get a clear 4xx: an unknown app client, a code for an unknown user, a malformed helper path")
    void badRequests(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        assertThatThrownBy(() -> login(cognito, new Pool(pool.id(), "no-such-client"), "ada"))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException.class)
                .hasMessageContaining("no-such-client");
        assertThatThrownBy(() -> cloud.cognitoConfirmationCode(pool.id(), "nobody"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("User nobody does not exist in " + pool.id());
        HttpResponse<String> malformed = HTTP.send(HttpRequest.newBuilder(URI.create(cloud.endpoint(Service.COGNITO)
                + "/_localcloud/cognito/%E0%A4/messages")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("__type").asText()).isEqualTo("InvalidParameterException");
    }

    // --- Triggers ----------------------------------------------------------------------------------------------------

    // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
    @Test
    @DisplayName("This pool's PreSignUp trigger can auto-confirm, auto-verify the e-mail or reject the sign-up with its message")
    void preSignUpTrigger(CognitoIdentityProviderClient cognito, CognitoTriggers triggers, LocalCloud cloud, TestResources resources)
            throws Exception {
        Pool pool = pool(cognito, resources);
        try (var registration = triggers.register(pool.id(), Trigger.PRE_SIGN_UP, (payload, context) -> {
            ObjectNode event = (ObjectNode) JSON.readTree(payload);
            if (event.path("request").path("userAttributes").path("email").asText().endsWith("@blocked.example")) {
                throw new IllegalArgumentException("This e-mail domain cannot sign up");
            }
            ((ObjectNode) event.path("response")).put("autoConfirmUser", true).put("autoVerifyEmail", true);
            return event.toString();
        })) {
            var signUp = cognito.signUp(b -> b.clientId(pool.clientId()).username("lin").password(PASSWORD)
                    .userAttributes(a -> a.name("email").value("lin@example.com")));
            assertThat(signUp.userConfirmed()).isTrue();
            assertThat(signUp.codeDeliveryDetails()).as("an auto-confirmed user is sent no code").isNull();
            assertThat(cloud.cognitoUserPools().messages(pool.id())).isEmpty();
            assertThat(cognito.adminGetUser(b -> b.userPoolId(pool.id()).username("lin")).userStatus())
                    .as("autoConfirmUser=true confirms the user without a code").isEqualTo(UserStatusType.CONFIRMED);
            assertThat(attributes(cognito, pool, "lin")).as("autoVerifyEmail=true").containsEntry("email_verified", "true");

            assertThatThrownBy(() -> cognito.signUp(b -> b.clientId(pool.clientId()).username("eve").password(PASSWORD)
                    .userAttributes(a -> a.name("email").value("eve@blocked.example"))))
                    .isInstanceOf(UserLambdaValidationException.class)
                    .hasMessageContaining("PreSignUp failed with error This e-mail domain cannot sign up.");
        }
        Pool other = pool(cognito, resources);
        assertThat(cognito.signUp(b -> b.clientId(other.clientId()).username("lin").password(PASSWORD)
                .userAttributes(a -> a.name("email").value("lin@example.com"))).userConfirmed())
                .as("another pool has no trigger: its users are not auto-confirmed").isFalse();
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
    @Test
    @DisplayName("PostConfirmation hands a typed handler the aws-lambda-java-events class, with email_verified already true")
    void typedPostConfirmationTrigger(CognitoIdentityProviderClient cognito, CognitoTriggers triggers, LocalCloud cloud,
                                      TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        BlockingQueue<CognitoUserPoolPostConfirmationEvent> confirmed = new LinkedBlockingQueue<>();
        try (var registration = triggers.register(pool.id(), Trigger.POST_CONFIRMATION,
                Functions.handler(CognitoUserPoolPostConfirmationEvent.class, (event, context) -> {
                    confirmed.add(event);
                    return event;
                }))) {
            signUpAndConfirm(cognito, cloud, pool, "kim");

            CognitoUserPoolPostConfirmationEvent event = confirmed.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("PostConfirmation runs when the sign-up is confirmed").isNotNull();
            assertThat(event.getTriggerSource()).isEqualTo("PostConfirmation_ConfirmSignUp");
            assertThat(event.getUserPoolId()).isEqualTo(pool.id());
            assertThat(event.getRegion()).isEqualTo("us-east-1");
            assertThat(event.getRequest().getUserAttributes()).containsEntry("email", "kim@example.com")
                    .containsEntry("email_verified", "true").containsEntry("cognito:user_status", "CONFIRMED");
        }
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html (V1_0)
    @Test
    @DisplayName("PreTokenGeneration V1, named in the pool's LambdaConfig: claimsOverrideDetails changes the ID token and the groups")
    void preTokenGenerationV1(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        String function = resources.name("claims-v1");
        BlockingQueue<CognitoUserPoolPreTokenGenerationEvent> seen = new LinkedBlockingQueue<>();
        try (var registration = cloud.functions().register(function, Functions.handler(CognitoUserPoolPreTokenGenerationEvent.class, (event, context) -> {
            seen.add(event);
            event.setResponse(CognitoUserPoolPreTokenGenerationEvent.Response.builder()
                    .withClaimsOverrideDetails(CognitoUserPoolPreTokenGenerationEvent.ClaimsOverrideDetails.builder()
                            .withClaimsToAddOrOverride(Map.of("tenant", "acme", "sub", "forged"))
                            .withClaimsToSuppress(new String[] {"email"})
                            .withGroupOverrideDetails(CognitoUserPoolPreTokenGenerationEvent.GroupConfiguration.builder()
                                    .withGroupsToOverride(new String[] {"readers"}).build())
                            .build())
                    .build());
            return event;
        }))) {
            Pool pool = pool(cognito, resources, b -> b.lambdaConfig(l -> l.preTokenGeneration(
                    "arn:aws:lambda:us-east-1:000000000000:function:" + function)), c -> { });
            adminUser(cognito, pool, "ada");
            cognito.createGroup(b -> b.userPoolId(pool.id()).groupName("admin"));
            cognito.adminAddUserToGroup(b -> b.userPoolId(pool.id()).username("ada").groupName("admin"));

            AuthenticationResultType tokens = login(cognito, pool, "ada");
            CognitoUserPoolPreTokenGenerationEvent event = seen.poll(5, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.getTriggerSource()).isEqualTo("TokenGeneration_Authentication");
            assertThat(event.getVersion()).isEqualTo("1");
            assertThat(event.getRequest().getGroupConfiguration().getGroupsToOverride()).containsExactly("admin");

            JsonNode id = part(tokens.idToken(), 1);
            JsonNode access = part(tokens.accessToken(), 1);
            assertThat(id.path("tenant").asText()).isEqualTo("acme");
            assertThat(id.has("email")).as("claimsToSuppress").isFalse();
            assertThat(id.path("sub").asText()).as("sub can't be overridden").isNotEqualTo("forged");
            assertThat(access.has("tenant")).as("V1 changes only the ID token").isFalse();
            assertThat(JSON.convertValue(access.path("cognito:groups"), String[].class)).as("group override: both tokens").containsExactly("readers");
            assertThat(JSON.convertValue(id.path("cognito:groups"), String[].class)).containsExactly("readers");

            refresh(cognito, pool, tokens.refreshToken());
            assertThat(seen.poll(5, TimeUnit.SECONDS).getTriggerSource()).isEqualTo("TokenGeneration_RefreshTokens");
        }
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html (V2_0)
    @Test
    @DisplayName("PreTokenGeneration V2 (PreTokenGenerationConfig V2_0): claimsAndScopeOverrideDetails changes the access token and its scopes")
    void preTokenGenerationV2(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        String function = resources.name("claims-v2");
        BlockingQueue<CognitoUserPoolPreTokenGenerationEventV2> seen = new LinkedBlockingQueue<>();
        try (var registration = cloud.functions().register(function, Functions.handler(CognitoUserPoolPreTokenGenerationEventV2.class, (event, context) -> {
            seen.add(event);
            event.setResponse(CognitoUserPoolPreTokenGenerationEventV2.Response.builder()
                    .withClaimsAndScopeOverrideDetails(CognitoUserPoolPreTokenGenerationEventV2.ClaimsAndScopeOverrideDetails.builder()
                            .withIdTokenGeneration(CognitoUserPoolPreTokenGenerationEventV2.IdTokenGeneration.builder()
                                    .withClaimsToAddOrOverride(Map.of("plan", "pro")).build())
                            .withAccessTokenGeneration(CognitoUserPoolPreTokenGenerationEventV2.AccessTokenGeneration.builder()
                                    .withClaimsToAddOrOverride(Map.of("tenant", "acme"))
                                    .withScopesToAdd(new String[] {"users/read"})
                                    .withScopesToSuppress(new String[] {"aws.cognito.signin.user.admin"}).build())
                            .build())
                    .build());
            return event;
        }))) {
            Pool pool = pool(cognito, resources, b -> b.lambdaConfig(l -> l.preTokenGenerationConfig(p -> p
                    .lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0)
                    .lambdaArn("arn:aws:lambda:us-east-1:000000000000:function:" + function))), c -> { });
            adminUser(cognito, pool, "ada");

            AuthenticationResultType tokens = login(cognito, pool, "ada");
            CognitoUserPoolPreTokenGenerationEventV2 event = seen.poll(5, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.getVersion()).isEqualTo("2");
            assertThat(event.getRequest().getScopes()).containsExactly("aws.cognito.signin.user.admin");

            JsonNode access = part(tokens.accessToken(), 1);
            assertThat(access.path("tenant").asText()).isEqualTo("acme");
            assertThat(access.path("scope").asText()).isEqualTo("users/read");
            assertThat(part(tokens.idToken(), 1).path("plan").asText()).isEqualTo("pro");
        }
    }

    // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
    @Test
    @DisplayName("A PreTokenGeneration handler registered in the JVM for one pool adds a claim to that pool's ID tokens only")
    void preTokenGenerationRegisteredInJvm(CognitoIdentityProviderClient cognito, CognitoTriggers triggers, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        Pool other = pool(cognito, resources);
        adminUser(cognito, pool, "ada");
        adminUser(cognito, other, "ada");
        try (var registration = triggers.register(pool.id(), Trigger.PRE_TOKEN_GENERATION,
                Functions.handler(CognitoUserPoolPreTokenGenerationEvent.class, (event, context) -> {
                    event.setResponse(CognitoUserPoolPreTokenGenerationEvent.Response.builder()
                            .withClaimsOverrideDetails(CognitoUserPoolPreTokenGenerationEvent.ClaimsOverrideDetails.builder()
                                    .withClaimsToAddOrOverride(Map.of("tenant", "acme")).build()).build());
                    return event;
                }))) {
            assertThat(part(login(cognito, pool, "ada").idToken(), 1).path("tenant").asText()).isEqualTo("acme");
            assertThat(part(login(cognito, other, "ada").idToken(), 1).has("tenant")).isFalse();
        }
        try (var failing = triggers.register(pool.id(), Trigger.PRE_TOKEN_GENERATION, (payload, context) -> {
            throw new IllegalStateException("tenant lookup is down");
        })) {
            assertThatThrownBy(() -> login(cognito, pool, "ada"))
                    .as("a failing trigger fails the sign-in; no tokens are issued")
                    .isInstanceOf(UserLambdaValidationException.class)
                    .hasMessageContaining("PreTokenGeneration failed with error tenant lookup is down.");
        }
    }
}

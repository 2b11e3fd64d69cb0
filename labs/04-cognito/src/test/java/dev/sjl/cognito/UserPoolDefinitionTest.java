package dev.sjl.cognito;

import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeatureType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordPolicyType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Tag("task:1")
@LocalCloudTest(services = Service.COGNITO)
class UserPoolDefinitionTest {

    @Test
    @DisplayName("The pool signs users in by email, verifies it by code and asks for a 12-character password")
    void poolSettings(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        UserPoolType pool = cognito.describeUserPool(b -> b.userPoolId(Pool.plain(cognito, cloud, resources).id())).userPool();

        assertThat(pool.usernameAttributes()).as("users sign in with their email: usernameAttributes EMAIL")
                .containsExactly(UsernameAttributeType.EMAIL);
        assertThat(pool.autoVerifiedAttributes()).as("the email is verified by a code: autoVerifiedAttributes EMAIL")
                .containsExactly(VerifiedAttributeType.EMAIL);
        PasswordPolicyType policy = pool.policies().passwordPolicy();
        assertThat(policy.minimumLength()).as("password policy: at least MIN_PASSWORD_LENGTH characters").isEqualTo(12);
        assertThat(policy.requireLowercase() && policy.requireUppercase() && policy.requireNumbers())
                .as("password policy: lower case, upper case and a digit").isTrue();
    }

    @Test
    @DisplayName("The app client has no secret, allows only the password flow, hides unknown users and rotates refresh tokens")
    void appClientSettings(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        UserPoolClientType client = cognito.describeUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId()))
                .userPoolClient();

        assertThat(client.clientSecret()).as("a browser or phone cannot keep a client secret: generateSecret(false)").isNull();
        assertThat(client.explicitAuthFlows()).as("explicit auth flows: USER_PASSWORD_AUTH, nothing else (a rotating client "
                + "refreshes through GetTokensFromRefreshToken, not the REFRESH_TOKEN_AUTH flow)")
                .containsExactly(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH);
        assertThat(client.preventUserExistenceErrors()).as("preventUserExistenceErrors ENABLED, or login tells who has an account")
                .isEqualTo(PreventUserExistenceErrorTypes.ENABLED);
        assertThat(client.enableTokenRevocation()).as("enableTokenRevocation, so logout can revoke a refresh token").isTrue();
        assertThat(client.refreshTokenRotation()).as("refreshTokenRotation: a refresh spends the token and answers a new "
                + "one, so a stolen copy shows itself when used twice").isNotNull();
        assertThat(client.refreshTokenRotation().feature()).as("refresh token rotation ENABLED").isEqualTo(FeatureType.ENABLED);
        assertThat(client.refreshTokenRotation().retryGracePeriodSeconds())
                .as("retry grace period REFRESH_RETRY_GRACE_SECONDS (0): a spent token that still works for a while "
                        + "works for a thief too").isEqualTo(UserPoolDefinition.REFRESH_RETRY_GRACE_SECONDS).isZero();
    }

    @Test
    @DisplayName("Tokens live as long as the definition says: access and ID 1 hour, refresh 30 days")
    void tokenValidity(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        UserPoolClientType client = cognito.describeUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId()))
                .userPoolClient();

        assertThat(client.accessTokenValidity()).as("access token validity: 60 in MINUTES").isEqualTo(60);
        assertThat(client.tokenValidityUnits().accessToken()).as("access token validity unit").isEqualTo(TimeUnitsType.MINUTES);
        assertThat(client.idTokenValidity()).as("ID token validity: 60 in MINUTES").isEqualTo(60);
        assertThat(client.refreshTokenValidity()).as("refresh token validity: 30 in DAYS").isEqualTo(30);
        assertThat(client.tokenValidityUnits().refreshToken()).as("refresh token validity unit").isEqualTo(TimeUnitsType.DAYS);
        pool.confirmedUser("ada@example.com");
        assertThat(pool.login("ada@example.com").expiresIn()).as("a login's access token lives 3600 s").isEqualTo(3600);
    }

    @Test
    @DisplayName("The pool refuses an 11-character password and answers an unknown user as it answers a wrong password")
    void poolBehaviour(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        Throwable weak = catchThrowable(() -> cognito.signUp(b -> b.clientId(pool.clientId()).username("bob@example.com")
                .password("Short-pw-11").userAttributes(a -> a.name("email").value("bob@example.com"))));
        assertThat(weak).as("the pool's password policy refuses 11 characters").isInstanceOf(InvalidPasswordException.class);

        pool.confirmedUser("ada@example.com");
        Throwable unknown = catchThrowable(() -> login(cognito, pool, "nobody@example.com", Pool.PASSWORD));
        Throwable wrong = catchThrowable(() -> login(cognito, pool, "ada@example.com", "Wrong-Horse-9-battery"));
        assertThat(unknown).as("preventUserExistenceErrors: an unknown email is NotAuthorizedException, not UserNotFoundException")
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(((NotAuthorizedException) unknown).awsErrorDetails().errorMessage())
                .isEqualTo(((NotAuthorizedException) wrong).awsErrorDetails().errorMessage());
    }

    private static void login(CognitoIdentityProviderClient cognito, Pool pool, String email, String password) {
        cognito.initiateAuth(b -> b.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", password)));
    }
}

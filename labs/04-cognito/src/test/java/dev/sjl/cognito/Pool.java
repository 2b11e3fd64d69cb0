package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import dev.sjl.lambda.Env;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.UserRepository;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreTokenGenerationLambdaVersionType;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * A user pool made from {@link UserPoolDefinition} in the local cloud, for one test. With triggers, the reference's
 * trigger classes are registered as functions and named in the pool's LambdaConfig, as lab 09's stack does.
 */
record Pool(CognitoIdentityProviderClient cognito, LocalCloud cloud, String id, String clientId, String issuer,
            UserRepository profiles) {

    static final String PASSWORD = "Correct-Horse-9-battery";
    static final Set<String> ALLOWED = Set.of("example.com", "example.org");

    /** A pool without triggers. */
    static Pool plain(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        return create(cognito, cloud, resources, null, new InMemoryUserRepository());
    }

    /** A pool whose PreSignUp, PostConfirmation and PreTokenGeneration (V2) triggers are this lab's handlers. */
    static Pool withTriggers(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        UserRepository profiles = new InMemoryUserRepository();
        FunctionRegistry functions = cloud.functions();
        String preSignUp = resources.name("pre-sign-up");
        String postConfirmation = resources.name("post-confirmation");
        String preToken = resources.name("pre-token");
        functions.register(preSignUp, Functions.handler(CognitoUserPoolPreSignUpEvent.class,
                new PreSignUpHandler(ALLOWED, PreSignUpHandler.DISPOSABLE_DOMAINS)));
        functions.register(postConfirmation, Functions.handler(CognitoUserPoolPostConfirmationEvent.class,
                new PostConfirmationHandler(profiles, Clock.systemUTC())));
        functions.register(preToken, Functions.handler(CognitoUserPoolPreTokenGenerationEventV2.class,
                new PreTokenGenerationHandler()));
        LambdaConfigType triggers = LambdaConfigType.builder()
                .preSignUp(functions.arn(preSignUp))
                .postConfirmation(functions.arn(postConfirmation))
                .preTokenGenerationConfig(p -> p.lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0)
                        .lambdaArn(functions.arn(preToken)))
                .build();
        return create(cognito, cloud, resources, triggers, profiles);
    }

    private static Pool create(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources,
                               LambdaConfigType triggers, UserRepository profiles) {
        String id = cognito.createUserPool(UserPoolDefinition.pool(resources.name("users"), triggers)).userPool().id();
        String clientId = cognito.createUserPoolClient(UserPoolDefinition.appClient(id, "api")).userPoolClient().clientId();
        cognito.createGroup(UserPoolDefinition.adminGroup(id));
        return new Pool(cognito, cloud, id, clientId, cloud.endpoint(Service.COGNITO) + "/" + id, profiles);
    }

    /** The configuration as the function reads it from its environment. */
    CognitoConfig config() {
        return CognitoConfig.from(new Env(Map.of("USER_POOL_ID", id, "USER_POOL_CLIENT_ID", clientId,
                "AWS_REGION", "us-east-1", "COGNITO_ISSUER", issuer)));
    }

    /** Another app client of the same pool, e.g. an admin console: its tokens are not for this API. */
    String otherClient() {
        return cognito.createUserPoolClient(UserPoolDefinition.appClient(id, "console")).userPoolClient().clientId();
    }

    /** Signs the user up and confirms them with the code the pool "emailed", straight through the SDK. */
    void confirmedUser(String email) {
        cognito.signUp(b -> b.clientId(clientId).username(email).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email)));
        cognito.confirmSignUp(b -> b.clientId(clientId).username(email).confirmationCode(code(email)));
    }

    void admin(String email) {
        confirmedUser(email);
        cognito.adminAddUserToGroup(b -> b.userPoolId(id).username(email).groupName(UserPoolDefinition.ADMIN_GROUP));
    }

    String code(String email) {
        return cloud.cognitoConfirmationCode(id, email);
    }

    AuthenticationResultType login(String email) {
        return login(email, clientId);
    }

    AuthenticationResultType login(String email, String client) {
        return cognito.initiateAuth(b -> b.clientId(client).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD))).authenticationResult();
    }
}

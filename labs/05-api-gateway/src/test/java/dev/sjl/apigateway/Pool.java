package dev.sjl.apigateway;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import dev.sjl.cognito.PreTokenGenerationHandler;
import dev.sjl.cognito.UserPoolDefinition;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.TestResources;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreTokenGenerationLambdaVersionType;

import java.util.Map;

/**
 * Lab 04's user pool, made from its reference's {@code UserPoolDefinition} in the local cloud, with its
 * PreTokenGeneration trigger (the verified email in the access token). Tokens come from the real Cognito flow.
 */
record Pool(CognitoIdentityProviderClient cognito, LocalCloud cloud, String id, String clientId, String issuer) {

    static final String PASSWORD = "Correct-Horse-9-battery";

    static Pool create(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        return create(cognito, cloud, resources::name);
    }

    /** @param names a unique resource name for a base name (the test's prefix, or the benchmark's) */
    static Pool create(CognitoIdentityProviderClient cognito, LocalCloud cloud,
                       java.util.function.UnaryOperator<String> names) {
        String preToken = names.apply("pre-token");
        cloud.functions().register(preToken, Functions.handler(CognitoUserPoolPreTokenGenerationEventV2.class,
                new PreTokenGenerationHandler()));
        LambdaConfigType triggers = LambdaConfigType.builder()
                .preTokenGenerationConfig(p -> p.lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0)
                        .lambdaArn(cloud.functions().arn(preToken)))
                .build();
        String id = cognito.createUserPool(UserPoolDefinition.pool(names.apply("users"), triggers)).userPool().id();
        String clientId = cognito.createUserPoolClient(UserPoolDefinition.appClient(id, "web")).userPoolClient().clientId();
        cognito.createGroup(UserPoolDefinition.adminGroup(id));
        return new Pool(cognito, cloud, id, clientId, cloud.endpoint(Service.COGNITO) + "/" + id);
    }

    /** Another app client of the same pool (an admin console): its tokens are not for this API. */
    String otherClient() {
        return cognito.createUserPoolClient(UserPoolDefinition.appClient(id, "console")).userPoolClient().clientId();
    }

    void user(String email) {
        cognito.signUp(b -> b.clientId(clientId).username(email).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email)));
        cognito.confirmSignUp(b -> b.clientId(clientId).username(email)
                .confirmationCode(cloud.cognitoConfirmationCode(id, email)));
    }

    void admin(String email) {
        user(email);
        cognito.adminAddUserToGroup(b -> b.userPoolId(id).username(email).groupName(UserPoolDefinition.ADMIN_GROUP));
    }

    AuthenticationResultType login(String email) {
        return login(email, clientId);
    }

    AuthenticationResultType login(String email, String client) {
        return cognito.initiateAuth(b -> b.clientId(client).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD))).authenticationResult();
    }
}

package dev.sjl.preferences;

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

/** Lab 04's user pool made from its reference's definition in the local cloud; tokens come from the real flow. */
record Pool(CognitoIdentityProviderClient cognito, LocalCloud cloud, String id, String clientId, String issuer) {

    static final String PASSWORD = "Correct-Horse-9-battery";

    static Pool create(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        String preToken = resources.name("pre-token");
        cloud.functions().register(preToken, Functions.handler(CognitoUserPoolPreTokenGenerationEventV2.class,
                new PreTokenGenerationHandler()));
        LambdaConfigType triggers = LambdaConfigType.builder()
                .preTokenGenerationConfig(p -> p.lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0)
                        .lambdaArn(cloud.functions().arn(preToken)))
                .build();
        String id = cognito.createUserPool(UserPoolDefinition.pool(resources.name("users"), triggers)).userPool().id();
        String clientId = cognito.createUserPoolClient(UserPoolDefinition.appClient(id, "web")).userPoolClient().clientId();
        return new Pool(cognito, cloud, id, clientId, cloud.endpoint(Service.COGNITO) + "/" + id);
    }

    /** Signs a user up and confirms them; answers their tokens. */
    AuthenticationResultType user(String email) {
        cognito.signUp(b -> b.clientId(clientId).username(email).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email)));
        cognito.confirmSignUp(b -> b.clientId(clientId).username(email)
                .confirmationCode(cloud.cognitoConfirmationCode(id, email)));
        return cognito.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD))).authenticationResult();
    }
}

package dev.sjl.functions;

import dev.sjl.apigateway.ApiKeyAuthorizer;
import dev.sjl.apigateway.MeHandler;
import dev.sjl.apigateway.UserApi;
import dev.sjl.apigateway.UsersHandler;
import dev.sjl.cognito.PreSignUpHandler;
import dev.sjl.cognito.PreTokenGenerationHandler;
import dev.sjl.documents.DocumentValidator;
import dev.sjl.notifications.NotificationWorker;
import dev.sjl.notifications.SignUpPublisher;
import dev.sjl.preferences.PreferencesApi;
import dev.sjl.preferences.PreferencesHandler;

import java.util.List;

/**
 * Every function of the user service, one list for the code (this module's packages) and the infrastructure (deploy's
 * stack). Where a lab's reference has a no-argument constructor that builds what Lambda needs, the reference is the
 * entry class; where it has none, or its no-argument constructor keeps data in memory, this module's entry class
 * wires it from the environment.
 */
public final class FunctionCatalog {

    public static final String AVATARS = "avatars";
    public static final String THUMBNAILS = "thumbnails";
    public static final String SIGNUP_PUBLISHER = "signup-publisher";
    public static final String EMAIL_WORKER = "email-worker";
    public static final String SMS_WORKER = "sms-worker";
    public static final String DOCUMENT_VALIDATOR = "document-validator";
    public static final String PRE_SIGN_UP = "pre-sign-up";
    public static final String POST_CONFIRMATION = "post-confirmation";
    public static final String PRE_TOKEN_GENERATION = "pre-token-generation";
    public static final String PREFERENCES = PreferencesApi.FUNCTION;

    private static final String LAB04 = "solution-04-cognito";
    private static final String LAB05 = "solution-05-api-gateway";
    private static final String LAB06 = "solution-06-dynamodb-s3";
    private static final String LAB07 = "solution-07-sns-sqs";
    private static final String LAB09 = "solution-09-capstone";
    private static final String COGNITO = "cognitoidentityprovider";

    private FunctionCatalog() {
    }

    /** Every function of the service, in the order the stack creates them. */
    public static final List<ServiceFunction> ALL = List.of(
            new ServiceFunction(UserApi.ACCOUNTS_FUNCTION, AccountsFunction.class, 1024, 10,
                    List.of(LAB04, LAB06), List.of(COGNITO, "dynamodb")),
            new ServiceFunction(UserApi.ME_FUNCTION, MeHandler.class, 512, 5, List.of(LAB05), List.of()),
            new ServiceFunction(UserApi.USERS_FUNCTION, UsersHandler.class, 1024, 10, List.of(LAB05), List.of(COGNITO)),
            new ServiceFunction(UserApi.INTERNAL_USERS_FUNCTION, InternalUsersFunction.class, 512, 5,
                    List.of(LAB05, LAB06), List.of("dynamodb")),
            new ServiceFunction(UserApi.API_KEY_AUTHORIZER_FUNCTION, ApiKeyAuthorizer.class, 512, 5,
                    List.of(LAB05), List.of("ssm")),
            new ServiceFunction(AVATARS, AvatarsFunction.class, 1024, 10, List.of(LAB06), List.of("s3", "dynamodb")),
            // Image decoding and scaling: more memory is also more CPU.
            new ServiceFunction(THUMBNAILS, ThumbnailsFunction.class, 2048, 30, List.of(LAB06),
                    List.of("s3", "dynamodb")),
            // DynamoDB's classes too: SignUpPublisher's static set-up helper (enabling the table's stream) names them,
            // though the function itself only publishes.
            new ServiceFunction(SIGNUP_PUBLISHER, SignUpPublisher.class, 512, 30, List.of(LAB07),
                    List.of("sns", "dynamodb")),
            new ServiceFunction(EMAIL_WORKER, NotificationWorker.class, 512, 30, List.of(LAB07), List.of("dynamodb")),
            new ServiceFunction(SMS_WORKER, NotificationWorker.class, 512, 30, List.of(LAB07), List.of("dynamodb")),
            new ServiceFunction(DOCUMENT_VALIDATOR, DocumentValidator.class, 1024, 30, List.of(LAB07), List.of("s3")),
            // Cognito waits 5 seconds for a trigger, whatever the function's timeout says.
            new ServiceFunction(PRE_SIGN_UP, PreSignUpHandler.class, 512, 5, List.of(LAB04), List.of()),
            new ServiceFunction(POST_CONFIRMATION, PostConfirmationFunction.class, 512, 5, List.of(LAB04, LAB06),
                    List.of("dynamodb")),
            new ServiceFunction(PRE_TOKEN_GENERATION, PreTokenGenerationHandler.class, 512, 5, List.of(LAB04),
                    List.of()),
            new ServiceFunction(PREFERENCES, PreferencesHandler.class, 512, 5, List.of(LAB09), List.of("dynamodb")));

    public static ServiceFunction named(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function named " + name));
    }
}

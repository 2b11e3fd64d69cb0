package dev.sjl.deploy;

import dev.sjl.apigateway.ApiKeyAuthorizer;
import dev.sjl.apigateway.InternalUsersHandler;
import dev.sjl.apigateway.MeHandler;
import dev.sjl.apigateway.UserApi;
import dev.sjl.apigateway.UsersHandler;
import dev.sjl.avatars.AvatarApi;
import dev.sjl.avatars.ThumbnailHandler;
import dev.sjl.cognito.CognitoAuthHandler;
import dev.sjl.cognito.PostConfirmationHandler;
import dev.sjl.cognito.PreSignUpHandler;
import dev.sjl.cognito.PreTokenGenerationHandler;
import dev.sjl.documents.DocumentValidator;
import dev.sjl.notifications.NotificationWorker;
import dev.sjl.notifications.SignUpPublisher;

import java.util.List;
import java.util.Objects;

/**
 * One Lambda function of the user service: its name (lab 05's {@code UserApi.*_FUNCTION} constants and the capstone's
 * own), the handler class the labs test, and its size. The handler is a class reference, not a string, so a renamed
 * handler breaks this build instead of a deployment, and the IAM coverage check reads the same class's bytecode.
 */
public record ServiceFunction(String name, Class<?> handler, int memoryMb, int timeoutSeconds) {

    public static final String AVATARS = "avatars";
    public static final String THUMBNAILS = "thumbnails";
    public static final String SIGNUP_PUBLISHER = "signup-publisher";
    public static final String EMAIL_WORKER = "email-worker";
    public static final String SMS_WORKER = "sms-worker";
    public static final String DOCUMENT_VALIDATOR = "document-validator";
    public static final String PRE_SIGN_UP = "pre-sign-up";
    public static final String POST_CONFIRMATION = "post-confirmation";
    public static final String PRE_TOKEN_GENERATION = "pre-token-generation";

    public ServiceFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
    }

    /** What Lambda's runtime calls: every handler here implements {@code RequestHandler}. */
    public String handlerString() {
        return handler.getName() + "::handleRequest";
    }

    /** Every function of the service, in the order the stack creates them. */
    public static final List<ServiceFunction> ALL = List.of(
            new ServiceFunction(UserApi.ACCOUNTS_FUNCTION, CognitoAuthHandler.class, 1024, 10),
            new ServiceFunction(UserApi.ME_FUNCTION, MeHandler.class, 512, 5),
            new ServiceFunction(UserApi.USERS_FUNCTION, UsersHandler.class, 1024, 10),
            new ServiceFunction(UserApi.INTERNAL_USERS_FUNCTION, InternalUsersHandler.class, 512, 5),
            new ServiceFunction(UserApi.API_KEY_AUTHORIZER_FUNCTION, ApiKeyAuthorizer.class, 512, 5),
            new ServiceFunction(AVATARS, AvatarApi.class, 1024, 10),
            // Image decoding and scaling: more memory is also more CPU.
            new ServiceFunction(THUMBNAILS, ThumbnailHandler.class, 2048, 30),
            new ServiceFunction(SIGNUP_PUBLISHER, SignUpPublisher.class, 512, 30),
            new ServiceFunction(EMAIL_WORKER, NotificationWorker.class, 512, 30),
            new ServiceFunction(SMS_WORKER, NotificationWorker.class, 512, 30),
            new ServiceFunction(DOCUMENT_VALIDATOR, DocumentValidator.class, 1024, 30),
            // Cognito waits 5 seconds for a trigger, whatever the function's timeout says.
            new ServiceFunction(PRE_SIGN_UP, PreSignUpHandler.class, 512, 5),
            new ServiceFunction(POST_CONFIRMATION, PostConfirmationHandler.class, 512, 5),
            new ServiceFunction(PRE_TOKEN_GENERATION, PreTokenGenerationHandler.class, 512, 5));

    public static ServiceFunction named(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function named " + name));
    }
}

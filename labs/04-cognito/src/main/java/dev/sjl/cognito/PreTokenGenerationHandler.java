package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;

/**
 * The pool's PreTokenGeneration trigger (event version 2, which can change access tokens): it adds the user's email
 * to the access token, so {@code GET /users/me} answers from the verified token without a call to Cognito or the
 * store. Only claims the API needs go in: an access token travels with every request.
 */
public final class PreTokenGenerationHandler
        implements RequestHandler<CognitoUserPoolPreTokenGenerationEventV2, CognitoUserPoolPreTokenGenerationEventV2> {

    public static final String EMAIL_CLAIM = "email";

    // tag::pre-token-generation[]
    @Override
    public CognitoUserPoolPreTokenGenerationEventV2 handleRequest(CognitoUserPoolPreTokenGenerationEventV2 event, Context context) {
        // TODO: add the email attribute to the access token as EMAIL_CLAIM (a V2 response:
        //  claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride), only when email_verified is "true".
        throw new UnsupportedOperationException("Task 4: add the verified email to the access token");
    }
    // end::pre-token-generation[]
}

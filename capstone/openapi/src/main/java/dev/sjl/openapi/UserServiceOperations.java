package dev.sjl.openapi;

import dev.sjl.apigateway.InternalUsersHandler;
import dev.sjl.apigateway.UserApi;
import dev.sjl.apigateway.UsersHandler;
import dev.sjl.avatars.AvatarApi;
import dev.sjl.avatars.AvatarUploads;
import dev.sjl.cognito.CognitoAccounts;
import dev.sjl.cognito.CognitoAuthHandler;
import dev.sjl.cognito.CognitoTokens;
import dev.sjl.cognito.UserPoolDefinition;
import dev.sjl.http.HttpRequest;
import dev.sjl.preferences.PreferencesApi;
import dev.sjl.preferences.VersionedPreferences;
import dev.sjl.system.SystemApi;
import dev.sjl.users.Emails;

import java.util.List;
import java.util.Map;

/**
 * The user service's routes as a client sees them: bodies, answers and error codes, read from the functions that
 * serve them (lab 04's account routes behind lab 05's gateway, lab 05's user routes, lab 06's avatar routes, lab 09's
 * preferences routes). Each
 * request and response body is the record the function binds or writes, so a changed record changes the document.
 */
public final class UserServiceOperations {

    private static final String BAD_JSON = "The body is not the JSON object this route reads (invalid_json: broken, "
            + "empty, an unknown field, a field of the wrong type)";
    private static final String TOO_LARGE = "The body is larger than " + HttpRequest.MAX_JSON_BYTES + " bytes";
    private static final String THROTTLED = "The user pool refused: too many attempts for now";
    private static final String POOL_DOWN = "The user pool could not be reached: try again later";
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control",
            "no-store: the body holds credentials that no cache may keep (RFC 6749, section 5.1)");

    private UserServiceOperations() {
    }

    static RecordSchema credentials() {
        return RecordSchema.request(CognitoAuthHandler.Credentials.class)
                .field("email", "format", "email", "maxLength", Emails.MAX_BYTES,
                        "description", "The account's email address, also its sign-in name")
                .field("password", "minLength", UserPoolDefinition.MIN_PASSWORD_LENGTH,
                        "description", UserPoolDefinition.PASSWORD_RULE);
    }

    static RecordSchema tokens() {
        return RecordSchema.response(CognitoTokens.class)
                .description("Cognito's tokens. A refresh answers a new refreshToken too: keep it in place of the one sent.")
                .field("accessToken", "description", "Send it as 'Authorization: Bearer <accessToken>' to the user routes")
                .field("idToken", "description", "Who signed in, for the client's own display; it opens no route")
                .field("refreshToken", "description", "For POST /token/refresh (once: a refresh spends it) and POST /logout")
                .field("expiresIn", "description", "Seconds until the access and ID tokens expire")
                .field("tokenType", "const", "Bearer");
    }

    static RecordSchema refreshRequest() {
        return RecordSchema.request(CognitoAuthHandler.RefreshRequest.class)
                .field("refreshToken", "description", "The newest refreshToken of the login (from the login or the last refresh)");
    }

    /** Every route of the user service, in the order a client meets them. */
    public static List<OperationDoc> all() {
        return List.of(
                OperationDoc.route(UserApi.SIGNUP, "signUp", "Register an email address and a password")
                        .description("The same answer for a new address and a registered one, so that nobody can "
                                + "test which addresses have an account. A confirmation code is emailed.")
                        .body(credentials())
                        .answers(202, "Accepted: confirm with the emailed code",
                                RecordSchema.response(CognitoAccounts.SignupAccepted.class)
                                        .field("status", "const", "confirmation_required")
                                        .field("message", "const", CognitoAccounts.SIGNUP_ACCEPTED))
                        .fails(400, BAD_JSON + "; an address that is not one (invalid_email); a password the pool "
                                + "refuses (weak_password); an address the sign-up trigger refuses (signup_refused)",
                                "invalid_json", "invalid_email", "weak_password", "signup_refused")
                        .fails(413, TOO_LARGE, "payload_too_large")
                        .fails(429, THROTTLED, "too_many_requests")
                        .fails(503, POOL_DOWN, "identity_provider_unavailable"),
                OperationDoc.route(UserApi.CONFIRM, "confirmSignUp", "Confirm the address with the emailed code")
                        .description("The pool's PostConfirmation trigger then creates the user's profile.")
                        .body(RecordSchema.request(CognitoAuthHandler.Confirmation.class)
                                .field("email", "format", "email", "maxLength", Emails.MAX_BYTES)
                                .field("code", "minLength", 1, "description", "The code from the confirmation email"))
                        .answers(204, "Confirmed: the account can log in")
                        .fails(400, BAD_JSON + "; invalid_email; a wrong, expired or blank code (invalid_code)",
                                "invalid_json", "invalid_email", "invalid_code")
                        .fails(401, "No account waits for this code (the same answer as a wrong password)",
                                "invalid_credentials")
                        .fails(413, TOO_LARGE, "payload_too_large")
                        .fails(429, THROTTLED, "too_many_requests")
                        .fails(503, POOL_DOWN, "identity_provider_unavailable"),
                OperationDoc.route(UserApi.LOGIN, "logIn", "Log in with email and password")
                        .body(credentials())
                        .answers(200, "The tokens of a new session", tokens(), NO_STORE)
                        .fails(400, BAD_JSON, "invalid_json")
                        .fails(401, "An unknown address and a wrong password get this one answer", "invalid_credentials")
                        .fails(403, "The address is not confirmed yet", "not_confirmed")
                        .fails(413, TOO_LARGE, "payload_too_large")
                        .fails(429, THROTTLED, "too_many_requests")
                        .fails(503, POOL_DOWN, "identity_provider_unavailable"),
                OperationDoc.route(UserApi.REFRESH, "refreshTokens", "New access, ID and refresh tokens for a refresh token")
                        .description("The refresh token sent is spent. Sent again, it ends every login of its owner: "
                                + "two parties held it, and either may be a thief. Refresh one request at a time.")
                        .body(refreshRequest())
                        .answers(200, "New access, ID and refresh tokens", tokens(), NO_STORE)
                        .fails(400, BAD_JSON, "invalid_json")
                        .fails(401, "The refresh token is missing, invalid, expired, revoked or already spent: log in again",
                                "invalid_refresh_token")
                        .fails(413, TOO_LARGE, "payload_too_large")
                        .fails(429, THROTTLED, "too_many_requests")
                        .fails(503, POOL_DOWN, "identity_provider_unavailable"),
                OperationDoc.route(UserApi.LOGOUT, "logOut", "Revoke the refresh token and the access tokens issued from it")
                        .description("Logging out twice, or with an unknown token, is not an error: the session is "
                                + "over either way.")
                        .body(refreshRequest())
                        .answers(204, "The session is over")
                        .fails(400, BAD_JSON, "invalid_json")
                        .fails(413, TOO_LARGE, "payload_too_large")
                        .fails(429, THROTTLED, "too_many_requests")
                        .fails(503, POOL_DOWN, "identity_provider_unavailable"),
                OperationDoc.route(UserApi.ME, "getMe", "The caller, as the gateway verified their access token")
                        .answers(200, "The caller", RecordSchema.response(CognitoAuthHandler.Me.class)
                                .nullable("email")
                                .field("id", "description", "The user's sub in the pool")
                                .field("groups", "description", "The pool groups the user belongs to, e.g. admin")),
                OperationDoc.route(UserApi.USERS, "listUsers", "The pool's users, for the admin group only")
                        .answers(200, "Up to 60 users", RecordSchema.response(UsersPage.class)
                                .field("users", "maxItems", 60)
                                .with(RecordSchema.response(UsersHandler.UserSummary.class)
                                        .nullable("id", "email")
                                        .field("status", "description", "Cognito's status, e.g. CONFIRMED")))
                        .fails(403, "The caller is not in the " + UserPoolDefinition.ADMIN_GROUP + " group", "forbidden"),
                OperationDoc.route(UserApi.INTERNAL_USER, "getUserForMachineClient",
                                "A user's profile by id, for machine clients with an API key")
                        .pathParameter("id", "The user's id (their sub)")
                        .answers(200, "The profile, and which client asked",
                                RecordSchema.response(InternalUsersHandler.InternalProfile.class)
                                        .field("requestedBy", "description", "The client the API key belongs to"))
                        .fails(404, "No user has this id", "user_not_found"),
                OperationDoc.route(SystemApi.AVATAR_UPLOAD, "requestAvatarUpload",
                                "A presigned PUT to upload the caller's avatar straight to S3")
                        .description("The function never carries the image: the client PUTs the bytes to the "
                                + "returned url with exactly the returned headers (the type and the length are signed) "
                                + "before the ticket expires. A thumbnail is made when they land.")
                        .body(RecordSchema.request(AvatarApi.UploadRequest.class)
                                .field("contentType", "enum", AvatarUploads.CONTENT_TYPES.stream().sorted().toList())
                                .field("size", "minimum", 1, "maximum", AvatarUploads.MAX_BYTES,
                                        "description", "The exact number of bytes that will be uploaded")
                                .field("fileName", "description", "The file's name on the client; never part of the key")
                                .optional("fileName"))
                        .answers(201, "The upload ticket", RecordSchema.response(AvatarApi.TicketBody.class)
                                .field("expiresAt", "format", "date-time")
                                .field("headers", "description", "Headers the PUT must send exactly as given"))
                        .fails(400, BAD_JSON + " (a userId field included); a type other than PNG or JPEG, a "
                                + "missing size or one out of bounds (invalid_avatar)", "invalid_json", "invalid_avatar")
                        .fails(413, TOO_LARGE, "payload_too_large"),
                OperationDoc.route(SystemApi.AVATAR, "getAvatar", "A short-lived link to the caller's avatar thumbnail")
                        .answers(200, "A presigned GET of the thumbnail", RecordSchema.response(AvatarApi.AvatarLink.class)
                                .field("expiresAt", "format", "date-time"))
                        .fails(404, "No avatar yet: upload one first", "no_avatar"),
                OperationDoc.route(PreferencesApi.GET_PREFERENCES, "getPreferences",
                                "The caller's notification preferences, with the version to send back on a change")
                        .description("Before any change: email on, SMS off, version 0.")
                        .answers(200, "The caller's preferences", preferences()),
                OperationDoc.route(PreferencesApi.PUT_PREFERENCES, "putPreferences",
                                "Replace the caller's notification preferences")
                        .description("Send every channel and the version you read. The same change sent again "
                                + "(a retry) answers what is stored; a change made since you read answers 409: read "
                                + "again, then decide.")
                        .body(preferences())
                        .answers(200, "What is stored now, at its new version", preferences())
                        .fails(400, BAD_JSON + "; a channel that is not a JSON boolean, a missing one, an unknown "
                                + "field or a negative version (invalid_preferences)", "invalid_json",
                                "invalid_preferences")
                        .fails(409, "The preferences changed since the version sent", "stale_version")
                        .fails(413, TOO_LARGE, "payload_too_large"));
    }

    /**
     * One schema for both directions: the PUT sends exactly what the GET answers (every channel and the version read),
     * and lab 09's parser refuses any other field.
     */
    static RecordSchema preferences() {
        return RecordSchema.request(VersionedPreferences.class)
                .field("email", "description", "E-mail notifications on or off")
                .field("sms", "description", "SMS notifications on or off")
                .field("version", "minimum", 0, "description", "The stored version: a change sends back the one it read");
    }

    /** The body of {@code GET /users}: {@code UsersHandler} writes {@code Map.of("users", list)}, this is its shape. */
    record UsersPage(List<UsersHandler.UserSummary> users) {
    }
}

package dev.sjl.preferences;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.http.HttpException;
import dev.sjl.http.HttpRequest;

import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of {@code PUT /users/me/preferences}, checked before anything is written:
 * {@code {"email": true, "sms": false, "version": 3}} — every channel, as a JSON boolean, and the version the client
 * read (0 before the first save). Nothing else: not a {@code userId} (the caller is the token's), not a channel the
 * service does not know.
 */
public record PreferencesUpdate(Preferences preferences, long expectedVersion) {

    /** The fields a body may hold: the channels and the version. */
    public static final List<String> FIELDS = List.of("email", "sms", "version");

    /** The code of every error about the body's content (its syntax is {@code invalid_json}, lab 02's). */
    public static final String INVALID = "invalid_preferences";

    private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    // tag::read-body[]
    /**
     * The update the body asks for.
     *
     * @throws HttpException 400 {@code invalid_json} for a body that is not JSON (lab 02's reader), 400
     *                       {@code invalid_preferences} for JSON that is not a valid update, 413 for a huge body
     */
    public static PreferencesUpdate from(HttpRequest request) {
        // BEGIN TASK 3
        // A tree, not a record: Jackson would turn "true", 1 or null into a boolean without a word, and the rules here
        // are the service's, stated in its own messages.
        JsonNode body = request.json(JsonNode.class);
        if (!body.isObject()) {
            throw invalid("The body must be a JSON object such as {\"email\": true, \"sms\": false, \"version\": 0}.");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid((PRINTABLE_NAME.matcher(name).matches() ? "Unknown field '" + name + "'" : "An unknown field")
                        + ": the body holds only " + String.join(", ", FIELDS)
                        + ". Whose preferences they are comes from your token, never from the body.");
            }
        }
        boolean email = channel(body, "email");
        boolean sms = channel(body, "sms");
        JsonNode version = body.get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.longValue() < 0) {
            throw invalid("'version' is required: the whole number the last GET answered (0 before the first save).");
        }
        return new PreferencesUpdate(new Preferences(email, sms), version.longValue());
        // STARTER
        //| // TODO: request.json(JsonNode.class) reads the body (malformed JSON is already a 400 invalid_json). Then refuse,
        //| //  each with a 400 INVALID whose message is ours: a body that is not an object; any field not in FIELDS (a
        //| //  userId too); a channel that is missing or not a JSON boolean ("true" and 1 are not booleans); a version that
        //| //  is missing, not a whole number, or negative. Never a 500 for anything a client can send.
        //| throw new UnsupportedOperationException("Task 3: read and check the body of PUT /users/me/preferences");
        // END TASK 3
    }
    // end::read-body[]
    // BEGIN TASK 3

    /** Every channel must be sent: a missing one is not "off", it is a client that forgot it. */
    private static boolean channel(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || !value.isBoolean()) {
            throw invalid("'" + name + "' is required and must be true or false (a JSON boolean, not text or a number).");
        }
        return value.booleanValue();
    }

    private static HttpException invalid(String message) {
        return HttpException.badRequest(INVALID, message);
    }
    // END TASK 3
}

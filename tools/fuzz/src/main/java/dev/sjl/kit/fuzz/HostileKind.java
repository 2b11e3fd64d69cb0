package dev.sjl.kit.fuzz;

/**
 * The ways a generated request is hostile. {@link HostileRequests} takes them in turn, in this order (request 0 is a
 * {@link #PREFLIGHT}, request 1 a {@link #TRUNCATED_JSON}, ...), so any {@code values().length} consecutive requests
 * hold one of each; the details of each request (which route, which value, how long) come from the seed.
 */
public enum HostileKind {
    /** A CORS preflight (OPTIONS with Access-Control-Request-Method) from an origin that is allowed, or looks it. */
    PREFLIGHT("CORS preflight"),
    /** A valid body cut short anywhere, inside a string too ({@code {"email":"a}). */
    TRUNCATED_JSON("truncated JSON"),
    /** A raw LF, CR, NUL, TAB, other C0 control, DEL or U+2028 inside a string value or between tokens. */
    CONTROL_CHARS("raw control characters in JSON"),
    /** A base64 body whose bytes are not UTF-8 (a lone continuation byte, an overlong form, an encoded surrogate). */
    INVALID_UTF8("invalid UTF-8"),
    /** An unpaired surrogate, raw in the text or as a JSON escape. */
    LONE_SURROGATE("lone surrogate"),
    /** A number of 1,001 or 10,000 digits, an exponent out of any range, NaN, leading zeros, hex. */
    HUGE_NUMBER("huge or malformed number"),
    /** A string value of 50,000 to 200,000 characters, ASCII or not. */
    LONG_STRING("very long string"),
    /** A field name of 10,000, 50,001 or 100,000 characters. */
    LONG_FIELD_NAME("very long field name"),
    /** 1,000, 1,001 or 10,000 levels of arrays or objects, closed or not. */
    DEEP_NESTING("deep nesting"),
    /** The same field twice, with different values. */
    DUPLICATE_KEYS("duplicate keys"),
    /** An array, a number, a string, a boolean or null where an object (or a field's value) is expected. */
    WRONG_TYPE("wrong JSON type"),
    /** No body at all, an empty or blank one, or the JSON {@code null}. */
    NULL_BODY("null or empty body"),
    /** {@code isBase64Encoded} that lies: set for a plain body, unset for a base64 one, base64 of binary garbage. */
    LYING_BASE64("lying base64 flag"),
    /** A valid body under a content type that is not JSON, or a content type with line breaks or of 5,000 chars. */
    WRONG_CONTENT_TYPE("wrong content type"),
    /** A body from just over 64 KiB to 1 MiB. */
    OVERSIZED_BODY("oversized body"),
    /** A valid body plus fields the route does not know ({@code id}, {@code role}, {@code __proto__}, a thousand). */
    UNKNOWN_FIELDS("unknown fields"),
    /** The caller's valid body with one to five random edits (characters deleted, inserted, swapped, repeated). */
    MUTATED_BODY("mutated valid body"),
    /** Header values with CR/LF, NUL, non-ASCII or 10,000 characters; odd names; Origin twice in two cases. */
    HOSTILE_HEADERS("hostile headers"),
    /** A route's path with hostile parameters (CR/LF, %00, %zz, %2F, {@code ..}, 10,000 characters) or shape. */
    HOSTILE_PATH("hostile path"),
    /** Query strings with repeated keys, {@code +}, {@code %2F}, {@code %zz}, CR/LF, non-ASCII or long values. */
    HOSTILE_QUERY("hostile query string"),
    /** Lower-case, unknown, empty, missing or 10,000-character methods, and known paths with other methods (405). */
    HOSTILE_METHOD("hostile method"),
    /** A path no route has (404). */
    UNKNOWN_ROUTE("unknown route"),
    /** No request context, no {@code http} in it, odd stages, request ids that are long or hold line breaks. */
    HOSTILE_CONTEXT("hostile request context"),
    /** The event {@code null}: an Invoke whose payload is {@code null}. */
    NULL_EVENT("null event"),
    /** A well-formed request with the caller's valid body: the routes' happy paths run between the hostile ones. */
    VALID("valid request");

    private final String label;

    HostileKind(String label) {
        this.label = label;
    }

    /** A few words for reports: "truncated JSON". */
    public String label() {
        return label;
    }
}

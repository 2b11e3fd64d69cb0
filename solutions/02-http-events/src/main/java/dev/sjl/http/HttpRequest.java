package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One HTTP request as API Gateway's payload 2.0 delivers it, with the path parameters of the route it matched.
 * The accessors hide the format's traps: header names in any case, base64 bodies, the stage in {@code rawPath}.
 */
public final class HttpRequest {

    /**
     * The largest JSON body {@link #json} reads, in bytes of UTF-8 (what the client sent), not in Java chars: an
     * {@code é} is one char and two bytes. Larger bodies get a 413 before any parsing.
     */
    public static final int MAX_JSON_BYTES = 64 * 1024;

    /** API Gateway's ids are short and base64-like; anything else in a hand-made event is not worth repeating. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9+/=_.-]{1,128}");

    private final APIGatewayV2HTTPEvent event;
    private final Map<String, String> pathParams;
    private final String requestId;

    /** A request that has not been matched to a route yet. */
    public HttpRequest(APIGatewayV2HTTPEvent event) {
        this(event, Map.of());
    }

    /**
     * @param event the event as the runtime delivered it; {@code null} (an Invoke whose payload is {@code null})
     *              reads as a request without method or path, which no route matches
     */
    public HttpRequest(APIGatewayV2HTTPEvent event, Map<String, String> pathParams) {
        this(event == null ? new APIGatewayV2HTTPEvent() : event, pathParams, requestIdOf(event));
    }

    private HttpRequest(APIGatewayV2HTTPEvent event, Map<String, String> pathParams, String requestId) {
        this.event = event;
        this.pathParams = Map.copyOf(pathParams);
        this.requestId = requestId;
    }

    /** The same request once a route matched it: keeps the request id, so logs and responses agree. */
    HttpRequest withPathParams(Map<String, String> params) {
        return new HttpRequest(event, params, requestId);
    }

    /** The method in upper case, e.g. {@code GET}; empty for an event that did not come from API Gateway. */
    public String method() {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        return http == null || http.getMethod() == null ? "" : http.getMethod().toUpperCase(Locale.ROOT);
    }

    // tag::path[]
    /**
     * The path the client asked for, still percent-encoded. On a named stage (not {@code $default}) API Gateway
     * puts the stage in front of {@code rawPath} ({@code /dev/users/42}); the routes are written without it.
     */
    public String path() {
        String raw = event.getRawPath() == null || event.getRawPath().isEmpty() ? "/" : event.getRawPath();
        String stage = event.getRequestContext() == null ? null : event.getRequestContext().getStage();
        // "$default" never appears in a path, so only a named stage can match here.
        if (stage != null && raw.startsWith("/" + stage + "/")) {
            return raw.substring(stage.length() + 1);
        }
        return raw;
    }
    // end::path[]

    /** A parameter of the route's template, e.g. {@code id} for {@code /users/{id}}, already percent-decoded. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            // A programming error (the template has no such parameter), so it surfaces as a 500 and a log line.
            throw new IllegalArgumentException("No path parameter '" + name + "' in this route");
        }
        return value;
    }

    /** A query string parameter, decoded by API Gateway; a repeated parameter arrives comma-joined ({@code a,b}). */
    public Optional<String> query(String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? Optional.empty() : Optional.ofNullable(query.get(name));
    }

    /** A header by name in any case: API Gateway lower-cases names, hand-written events and other proxies may not. */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return Optional.ofNullable(header.getValue());
            }
        }
        return Optional.empty();
    }

    // tag::body[]
    /**
     * The body as text, base64-decoded when API Gateway encoded it, and empty when there is none.
     * API Gateway base64-encodes bodies whose content type it does not treat as text, so the flag decides, never the
     * content type the client claims.
     */
    public String body() {
        // BEGIN TASK 3
        String body = event.getBody();
        if (body == null) {
            return "";
        }
        if (!event.getIsBase64Encoded()) {
            return body;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException notBase64) {
            throw HttpException.badRequest("invalid_body", "The request body is marked as base64 but is not.");
        }
        try {
            // A decoder of its own reports bytes that are not UTF-8; new String(bytes, UTF_8) would quietly turn
            // them into U+FFFD and store a name nobody typed.
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw HttpException.badRequest("invalid_body", "The request body is not UTF-8 text.");
        }
        // STARTER
        //| // TODO: event.getBody() may be null. When event.getIsBase64Encoded() (that flag decides, not the Content-Type),
        //| //  decode standard base64 and read the bytes as UTF-8 (name the charset: the JVM's default may be another).
        //| //  A body that is not valid base64, or whose bytes are not UTF-8, is the client's mistake: HttpException 400
        //| //  "invalid_body" (new String(bytes, UTF_8) does not tell you: it replaces bad bytes without a word).
        //| throw new UnsupportedOperationException("Task 3: return the body, decoding base64 when the event says so");
        // END TASK 3
    }

    /**
     * The body parsed as JSON into {@code type} (a record, usually). Every way a client can get it wrong is a 4xx
     * whose message names the problem in our words: never the body, never Jackson's text, never an unbounded piece
     * of what the client sent. Only a {@code type} that cannot be bound at all is our bug, and becomes a 500.
     */
    public <T> T json(Class<T> type) {
        // BEGIN TASK 3
        String body = body();
        if (utf8Length(body) > MAX_JSON_BYTES) {
            throw new HttpException(413, "payload_too_large",
                    "The request body is larger than " + MAX_JSON_BYTES + " bytes.");
        }
        if (body.isBlank()) {
            throw invalidJson("The request body is empty; send a JSON object.");
        }
        T value;
        try {
            value = Json.MAPPER.readValue(body, type);
        } catch (InvalidDefinitionException bug) {
            // Not the client's fault: the type itself cannot be bound (no creator, an abstract type). Checked before
            // MismatchedInputException, which it extends.
            throw new IllegalStateException("Cannot bind JSON to " + type.getName(), bug);
        } catch (ValueInstantiationException e) {
            // The type's constructor threw: its own HttpException is an answer, anything else is our bug.
            if (e.getCause() instanceof HttpException deliberate) {
                throw deliberate;
            }
            throw new IllegalStateException("Cannot create " + type.getName() + " from JSON", e);
        } catch (UnrecognizedPropertyException e) {
            throw invalidJson(quoted(fieldPath(e)).map(field -> "Unknown field " + field + ".")
                    .orElse("The request body has an unknown field (its name is too long or unusual to repeat)."));
        } catch (MismatchedInputException e) {
            throw invalidJson(fieldPath(e).isEmpty()
                    ? "The request body does not have the expected shape; send a JSON object."
                    : wrongType(e));
        } catch (JsonProcessingException e) {
            // The parser refused the text. Inside a field's value Jackson wraps its parser's exception in a
            // JsonMappingException, so the parser's own classes are looked for along the cause chain.
            throw invalidJson(unreadable(e));
        }
        if (value == null) {
            throw invalidJson("The request body is JSON null; send a JSON object.");
        }
        return value;
        // STARTER
        //| // TODO: parse body() with Json.MAPPER. A body over MAX_JSON_BYTES, counted in UTF-8 bytes (not chars), is
        //| //  HttpException 413 "payload_too_large", refused before parsing. Each other client mistake is HttpException
        //| //  400 "invalid_json" with its own message: empty or blank body; JSON null; broken syntax (say the line and
        //| //  column), wherever it is, inside a field's value too; a number, a name or a nesting past the parser's limits;
        //| //  an unknown field or a value of the wrong type (name the field by its path, e.g. 'address.city' or
        //| //  'scores[1]', but never an unbounded name); the wrong shape at the top. Never put the body, or Jackson's own
        //| //  message, into the response. A type that Jackson cannot bind at all is our bug, not the client's: not a 400.
        //| throw new UnsupportedOperationException("Task 3: parse the JSON body, answering every client mistake with 400 invalid_json");
        // END TASK 3
    }
    // BEGIN TASK 3

    private static HttpException invalidJson(String message) {
        return HttpException.badRequest("invalid_json", message);
    }

    /** What the parser refused, in words a client can act on: where the syntax breaks, or which limit it crossed. */
    private static String unreadable(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return "The request body is too large in one place: a number longer than 1000 digits, a field name "
                        + "longer than 50000 characters or nesting deeper than 1000 levels.";
            }
            if (cause instanceof InputCoercionException && e instanceof JsonMappingException mapping) {
                return wrongType(mapping);
            }
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1
                ? "The request body is not valid JSON."
                : "The request body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").";
    }

    private static String wrongType(JsonMappingException e) {
        return quoted(fieldPath(e)).map(field -> "Field " + field + " has the wrong type.")
                .orElse("A field of the request body has the wrong type.");
    }

    /** {@code address.city} or {@code items[2]}: where in the document the problem is. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * A field path worth repeating to the client, in quotes: the client chose the names of unknown fields, and one of
     * 50,000 characters or with control characters in it is not something to send back (or to a log).
     */
    private static Optional<String> quoted(String path) {
        if (path.isEmpty() || path.length() > 64 || !path.chars().allMatch(c -> c >= 0x20 && c < 0x7f
                || Character.isLetterOrDigit(c))) {
            return Optional.empty();
        }
        return Optional.of("'" + path + "'");
    }

    /** The size of the text in UTF-8, counted without copying it (a surrogate pair is one 4-byte character). */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
    // END TASK 3
    // end::body[]

    /** API Gateway's id for this request: the client sees it in the {@code apigw-requestid} header. */
    public String requestId() {
        return requestId;
    }

    /** The raw event, for what the accessors do not cover (cookies, the authorizer's claims, source IP). */
    public APIGatewayV2HTTPEvent event() {
        return event;
    }

    /**
     * The correlation id comes from API Gateway, never from a client header: a client could send the id of someone
     * else's request and muddle the logs. An event with none (a hand-made test event, a {@code null} payload) gets a
     * fresh one, and so does an id API Gateway would never send (hundreds of characters, a line break): it goes into
     * every error body and log line, so it must not be a way to write into them.
     */
    private static String requestIdOf(APIGatewayV2HTTPEvent event) {
        var context = event == null ? null : event.getRequestContext();
        String id = context == null ? null : context.getRequestId();
        return id != null && REQUEST_ID.matcher(id).matches() ? id : UUID.randomUUID().toString();
    }
}

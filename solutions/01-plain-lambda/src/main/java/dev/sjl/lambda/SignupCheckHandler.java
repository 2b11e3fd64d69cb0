package dev.sjl.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.lambda.SignupCheckResult.NewUser;
import dev.sjl.lambda.SignupCheckResult.Problem;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user service's first step on sign-up: checks a new user's record and returns it normalized, or says what is
 * wrong with it. Invoked directly ({@code RequestResponse}) by the sign-up flow; an accepted record is later stored
 * and published as a {@code UserSignedUp} event.
 *
 * <p>Init work (once per execution environment) belongs in the constructor: read and check the configuration,
 * compile the patterns, build the JSON mapper. Per-invoke work belongs in {@link #handleRequest}: only what depends
 * on the event.
 *
 * <p>Bad input gets an answer, never an exception: a null event is {@code empty_event}, a record too large to forward
 * is {@code payload_too_large}, anything else wrong is one problem per field. What never reaches this code is
 * an event the runtime cannot turn into a {@link SignupRequest} (a JSON array, an object where a string belongs):
 * the Java runtime's deserializer refuses it before the handler runs and the caller gets the runtime's error document,
 * which is Lambda's documented behaviour for an input it cannot deserialize.
 */
public class SignupCheckHandler implements RequestHandler<SignupRequest, SignupCheckResult> {

    /** The longest address SMTP can carry (RFC 5321: 256 octets for the path, minus the angle brackets). */
    private static final int MAX_EMAIL_BYTES = 254;
    /** The longest local part (before the {@code @}) SMTP can carry, RFC 5321 §4.5.3.1.1. */
    private static final int MAX_LOCAL_PART_BYTES = 64;
    private static final int MAX_DISPLAY_NAME_LENGTH = 64;
    /** bcrypt, which hashes the password next, ignores every byte after the 72nd. */
    private static final int MAX_PASSWORD_BYTES = 72;
    // BEGIN TASK 4
    private static final Pattern EMAIL = Pattern.compile(
            "[^@\\s]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+)");
    // END TASK 4

    private final SignupCheckConfig config;
    private final JsonLog log;
    // BEGIN TASK 5
    private final ObjectMapper json = new ObjectMapper();
    // END TASK 5
    // BEGIN TASK 4
    private final AtomicBoolean coldStart = new AtomicBoolean(true);
    // END TASK 4

    // tag::constructors[]
    /** Used by the Lambda runtime: everything comes from the environment, and a bad setting fails init. */
    public SignupCheckHandler() {
        // BEGIN TASK 3
        this(SignupCheckConfig.from(Env.system()), JsonLog.stdout("signup-check"));
        // STARTER
        //| // TODO: read nothing from a static field: the environment is read here, once, when the runtime builds us.
        //| throw new UnsupportedOperationException("Task 3: build the configuration from Env.system() and log to "
        //|         + "standard output, through the other constructor");
        // END TASK 3
    }

    /** Used by tests: configuration and log sink are handed in, nothing is read from the process. */
    public SignupCheckHandler(SignupCheckConfig config, JsonLog log) {
        // BEGIN TASK 3
        this.config = Objects.requireNonNull(config, "config");
        this.log = Objects.requireNonNull(log, "log");
        log.info("configuration loaded", Map.of(
                "allowedEmailDomains", config.allowedEmailDomains().isEmpty() ? "*"
                        : String.join(",", config.allowedEmailDomains()),
                "minPasswordLength", config.minPasswordLength(),
                "maxRecordBytes", config.maxRecordBytes()));
        // STARTER
        //| throw new UnsupportedOperationException("Task 3: keep config and log, then log \"configuration loaded\" "
        //|         + "with the settings");
        // END TASK 3
    }
    // end::constructors[]

    // tag::handle-request[]
    @Override
    public SignupCheckResult handleRequest(SignupRequest request, Context context) {
        // BEGIN TASK 4
        boolean cold = coldStart.getAndSet(false);
        String requestId = context.getAwsRequestId();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requestId", requestId);
        fields.put("coldStart", cold);

        if (request == null) {
            log.warn("signup rejected", withError(fields, "empty_event"));
            return SignupCheckResult.rejected("empty_event", "The event is empty: send a signup request.",
                    requestId);
        }
        Map<String, String> profile = request.getProfile() == null ? Map.of() : request.getProfile();
        // END TASK 4
        // BEGIN TASK 5
        int recordBytes = jsonBytes(new NewUser(request.getEmail(), request.getDisplayName(), profile));
        fields.put("recordBytes", recordBytes);
        if (recordBytes > config.maxRecordBytes()) {
            log.warn("signup rejected", withError(fields, "payload_too_large"));
            return SignupCheckResult.rejected("payload_too_large", "The user record takes " + recordBytes
                    + " bytes as JSON; this function accepts at most " + config.maxRecordBytes() + " (MAX_RECORD_BYTES)"
                    + " because an accepted record is published as an event, and SNS caps a message at "
                    + LambdaLimits.SNS_MESSAGE_BYTES + " bytes.", requestId);
        }
        // STARTER
        //| // TODO (task 5): first of all, refuse a record larger than config.maxRecordBytes() as JSON.
        // END TASK 5
        // BEGIN TASK 4

        // NFC: an "é" typed as one character or as "e" + a combining accent is one address, not two accounts.
        String email = request.getEmail() == null ? ""
                : Normalizer.normalize(request.getEmail().strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        String displayName = request.getDisplayName() == null ? "" : request.getDisplayName().strip();
        List<Problem> problems = new ArrayList<>();
        checkEmail(email, problems, fields);
        checkDisplayName(displayName, problems);
        checkPassword(request.getPassword(), problems);
        if (!problems.isEmpty()) {
            fields.put("problems", problems.stream().map(p -> p.field() + ":" + p.code()).toList());
            log.info("signup rejected", withError(fields, "invalid_signup"));
            return SignupCheckResult.invalid(problems, requestId);
        }
        log.info("signup accepted", fields);
        return SignupCheckResult.accepted(new NewUser(email, displayName, profile), requestId);
        // STARTER
        //| // TODO: a rejection is a SignupCheckResult, never an exception: Lambda retries failed async invocations.
        //| throw new UnsupportedOperationException("Task 4: check the email, display name and password, log one line, "
        //|         + "and return a SignupCheckResult");
        // END TASK 4
    }
    // end::handle-request[]
    // BEGIN TASK 4

    private void checkEmail(String email, List<Problem> problems, Map<String, Object> fields) {
        Matcher address = EMAIL.matcher(email);
        if (email.isEmpty()) {
            problems.add(new Problem("email", "required", "Email is required."));
        } else if (utf8Bytes(email) > MAX_EMAIL_BYTES) {
            problems.add(new Problem("email", "too_long", "Email must be at most " + MAX_EMAIL_BYTES
                    + " bytes in UTF-8."));
        } else if (email.codePoints().anyMatch(SignupCheckHandler::invisible)) {
            // A zero-width space, a no-break space or a NUL would make a second account that looks like the first.
            problems.add(new Problem("email", "invalid_email", "Email must not contain control characters, "
                    + "invisible characters or spaces."));
        } else if (!address.matches() || utf8Bytes(email.substring(0, email.indexOf('@'))) > MAX_LOCAL_PART_BYTES) {
            problems.add(new Problem("email", "invalid_email", "Email must look like name@example.com."));
        } else {
            // The domain helps an operator spot abuse; the address itself is personal data and stays out of logs.
            fields.put("emailDomain", address.group(1));
            if (!config.allows(address.group(1))) {
                problems.add(new Problem("email", "domain_not_allowed", "Sign-up is not open to this email domain."));
            }
        }
    }

    /**
     * Characters that show as nothing or as a plain space, or are not text at all: control (NUL, TAB), format
     * (zero-width space U+200B, word joiner U+2060, soft hyphen), space and line separators (no-break space U+00A0),
     * unassigned, private-use and lone surrogates. Look-alikes from other scripts (a Cyrillic "а") are visible and
     * legal in an internationalized address; telling them apart is a policy for the user directory, not this check.
     */
    private static boolean invisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED, Character.PRIVATE_USE,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static void checkDisplayName(String displayName, List<Problem> problems) {
        if (displayName.isEmpty()) {
            problems.add(new Problem("displayName", "required", "Display name is required."));
        } else if (displayName.codePointCount(0, displayName.length()) > MAX_DISPLAY_NAME_LENGTH) {
            problems.add(new Problem("displayName", "too_long", "Display name must be at most "
                    + MAX_DISPLAY_NAME_LENGTH + " characters."));
        } else if (displayName.codePoints().anyMatch(Character::isISOControl)) {
            problems.add(new Problem("displayName", "invalid_characters",
                    "Display name must not contain control characters."));
        }
    }

    private void checkPassword(String password, List<Problem> problems) {
        // Never stripped or lower-cased: every character of a password counts, spaces included.
        if (password == null || password.isEmpty()) {
            problems.add(new Problem("password", "required", "Password is required."));
        } else if (password.codePoints().anyMatch(Character::isISOControl)) {
            // bcrypt reads a C string: it stops at the first NUL, so "twelve NULs" would log in with "".
            problems.add(new Problem("password", "invalid_characters",
                    "Password must not contain control characters; bcrypt would stop at the first NUL."));
        } else if (password.codePointCount(0, password.length()) < config.minPasswordLength()) {
            problems.add(new Problem("password", "too_short", "Password must be at least "
                    + config.minPasswordLength() + " characters."));
        } else if (utf8Bytes(password) > MAX_PASSWORD_BYTES) {
            problems.add(new Problem("password", "too_long", "Password must be at most " + MAX_PASSWORD_BYTES
                    + " bytes; bcrypt would silently ignore the rest."));
        }
    }

    private static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Map<String, Object> withError(Map<String, Object> fields, String error) {
        fields.put("error", error);
        return fields;
    }
    // END TASK 4
    // BEGIN TASK 5

    private int jsonBytes(NewUser user) {
        try {
            return json.writeValueAsBytes(user).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record of strings always serializes", e);
        }
    }
    // END TASK 5
}

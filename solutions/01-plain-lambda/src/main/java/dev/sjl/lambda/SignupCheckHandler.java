package dev.sjl.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.lambda.SignupCheckResult.NewUser;
import dev.sjl.lambda.SignupCheckResult.Problem;

import java.nio.charset.StandardCharsets;
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
 * <p>Init work (once per execution environment) is in the constructor: read and check the configuration, compile
 * the patterns, build the JSON mapper. Per-invoke work is in {@link #handleRequest}: only what depends on the event.
 */
public class SignupCheckHandler implements RequestHandler<SignupRequest, SignupCheckResult> {

    /** The longest address SMTP can carry (RFC 5321: 256 octets for the path, minus the angle brackets). */
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_DISPLAY_NAME_LENGTH = 64;
    /** bcrypt, which hashes the password next, ignores every byte after the 72nd. */
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern EMAIL = Pattern.compile(
            "[^@\\s]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+)");

    private final SignupCheckConfig config;
    private final JsonLog log;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    // tag::constructors[]
    /** Used by the Lambda runtime: everything comes from the environment, and a bad setting fails init. */
    public SignupCheckHandler() {
        this(SignupCheckConfig.from(Env.system()), JsonLog.stdout("signup-check"));
    }

    /** Used by tests: configuration and log sink are handed in, nothing is read from the process. */
    public SignupCheckHandler(SignupCheckConfig config, JsonLog log) {
        this.config = Objects.requireNonNull(config, "config");
        this.log = Objects.requireNonNull(log, "log");
        log.info("configuration loaded", Map.of(
                "allowedEmailDomains", config.allowedEmailDomains().isEmpty() ? "*"
                        : String.join(",", config.allowedEmailDomains()),
                "minPasswordLength", config.minPasswordLength(),
                "maxRecordBytes", config.maxRecordBytes()));
    }
    // end::constructors[]

    // tag::handle-request[]
    @Override
    public SignupCheckResult handleRequest(SignupRequest request, Context context) {
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
        int recordBytes = jsonBytes(new NewUser(request.getEmail(), request.getDisplayName(), profile));
        fields.put("recordBytes", recordBytes);
        if (recordBytes > config.maxRecordBytes()) {
            log.warn("signup rejected", withError(fields, "payload_too_large"));
            return SignupCheckResult.rejected("payload_too_large", "The user record takes " + recordBytes
                    + " bytes as JSON; this function accepts at most " + config.maxRecordBytes() + " (MAX_RECORD_BYTES)"
                    + " because an accepted record is published as an event, and SNS caps a message at "
                    + LambdaLimits.SNS_MESSAGE_BYTES + " bytes.", requestId);
        }

        String email = request.getEmail() == null ? "" : request.getEmail().strip().toLowerCase(Locale.ROOT);
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
    }
    // end::handle-request[]

    private void checkEmail(String email, List<Problem> problems, Map<String, Object> fields) {
        Matcher address = EMAIL.matcher(email);
        if (email.isEmpty()) {
            problems.add(new Problem("email", "required", "Email is required."));
        } else if (email.length() > MAX_EMAIL_LENGTH) {
            problems.add(new Problem("email", "too_long", "Email must be at most " + MAX_EMAIL_LENGTH
                    + " characters."));
        } else if (!address.matches()) {
            problems.add(new Problem("email", "invalid_email", "Email must look like name@example.com."));
        } else {
            // The domain helps an operator spot abuse; the address itself is personal data and stays out of logs.
            fields.put("emailDomain", address.group(1));
            if (!config.allows(address.group(1))) {
                problems.add(new Problem("email", "domain_not_allowed", "Sign-up is not open to this email domain."));
            }
        }
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
        } else if (password.codePointCount(0, password.length()) < config.minPasswordLength()) {
            problems.add(new Problem("password", "too_short", "Password must be at least "
                    + config.minPasswordLength() + " characters."));
        } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            problems.add(new Problem("password", "too_long", "Password must be at most " + MAX_PASSWORD_BYTES
                    + " bytes; bcrypt would silently ignore the rest."));
        }
    }

    private int jsonBytes(NewUser user) {
        try {
            return json.writeValueAsBytes(user).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record of strings always serializes", e);
        }
    }

    private static Map<String, Object> withError(Map<String, Object> fields, String error) {
        fields.put("error", error);
        return fields;
    }
}

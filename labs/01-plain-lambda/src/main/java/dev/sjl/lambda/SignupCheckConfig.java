package dev.sjl.lambda;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The signup check's configuration, read from the environment once, at init.
 *
 * @param allowedEmailDomains the email domains that may sign up, lower case; empty means any domain
 * @param minPasswordLength   the fewest characters a password may have
 * @param maxRecordBytes      the largest user record (as JSON) the function accepts, because it forwards it
 */
public record SignupCheckConfig(Set<String> allowedEmailDomains, int minPasswordLength, int maxRecordBytes) {

    // tag::environment[]
    public static final EnvVar ALLOWED_EMAIL_DOMAINS = new EnvVar("ALLOWED_EMAIL_DOMAINS", true, false,
            "Comma-separated email domains that may sign up (example.com,example.org), or * for any domain");
    public static final EnvVar MIN_PASSWORD_LENGTH = new EnvVar("MIN_PASSWORD_LENGTH", false, false,
            "Fewest characters in a password, 8 to 64; default 12");
    public static final EnvVar MAX_RECORD_BYTES = new EnvVar("MAX_RECORD_BYTES", false, false,
            "Largest user record accepted, in bytes of JSON, 1024 to 262144 (the SNS message limit); default 16384");

    /** Every variable this function reads: the handbook's table and the 4 KB check both come from this list. */
    public static final List<EnvVar> ENVIRONMENT = List.of(ALLOWED_EMAIL_DOMAINS, MIN_PASSWORD_LENGTH,
            MAX_RECORD_BYTES);
    // end::environment[]

    public SignupCheckConfig {
        allowedEmailDomains = Set.copyOf(Objects.requireNonNull(allowedEmailDomains, "allowedEmailDomains"));
    }

    // tag::from-env[]
    /** Reads and checks every variable, so a bad configuration fails init instead of a later request. */
    public static SignupCheckConfig from(Env env) {
        // TODO (task 5): before anything else, check the declared variables against Lambda's 4 KB.
        // TODO: no default for ALLOWED_EMAIL_DOMAINS: "*" must be a deliberate choice, not what a typo gives you.
        throw new UnsupportedOperationException("Task 3: read ALLOWED_EMAIL_DOMAINS, MIN_PASSWORD_LENGTH and "
                + "MAX_RECORD_BYTES through env, checking each");
    }
    // end::from-env[]

    /** Whether an address at this (lower-case) domain may sign up. */
    public boolean allows(String domain) {
        return allowedEmailDomains.isEmpty() || allowedEmailDomains.contains(domain);
    }
}

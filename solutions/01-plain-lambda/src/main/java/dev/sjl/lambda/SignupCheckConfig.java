package dev.sjl.lambda;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

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
    // BEGIN TASK 3

    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    // END TASK 3

    public SignupCheckConfig {
        allowedEmailDomains = Set.copyOf(Objects.requireNonNull(allowedEmailDomains, "allowedEmailDomains"));
    }

    // tag::from-env[]
    /** Reads and checks every variable, so a bad configuration fails init instead of a later request. */
    public static SignupCheckConfig from(Env env) {
        // BEGIN TASK 5
        LambdaLimits.checkEnvironment(env, ENVIRONMENT);
        // STARTER
        //| // TODO (task 5): before anything else, check the declared variables against Lambda's 4 KB.
        // END TASK 5
        // BEGIN TASK 3
        return new SignupCheckConfig(
                domains(env.require(ALLOWED_EMAIL_DOMAINS)),
                env.intInRange(MIN_PASSWORD_LENGTH, 8, 64, 12),
                env.intInRange(MAX_RECORD_BYTES, 1024, LambdaLimits.SNS_MESSAGE_BYTES, 16 * 1024));
        // STARTER
        //| // TODO: no default for ALLOWED_EMAIL_DOMAINS: "*" must be a deliberate choice, not what a typo gives you.
        //| throw new UnsupportedOperationException("Task 3: read ALLOWED_EMAIL_DOMAINS, MIN_PASSWORD_LENGTH and "
        //|         + "MAX_RECORD_BYTES through env, checking each");
        // END TASK 3
    }
    // end::from-env[]

    /** Whether an address at this (lower-case) domain may sign up. */
    public boolean allows(String domain) {
        return allowedEmailDomains.isEmpty() || allowedEmailDomains.contains(domain);
    }
    // BEGIN TASK 3

    private static Set<String> domains(String raw) {
        String name = ALLOWED_EMAIL_DOMAINS.name();
        if (raw.strip().equals("*")) {
            return Set.of();
        }
        Set<String> domains = new LinkedHashSet<>();
        for (String entry : raw.split(",", -1)) {
            String domain = entry.strip().toLowerCase(Locale.ROOT);
            if (domain.isEmpty()) {
                throw new ConfigurationException(name, name + " has an empty entry; list domains separated by "
                        + "commas, e.g. example.com,example.org, or set it to * for any domain.");
            }
            if (!DOMAIN.matcher(domain).matches()) {
                throw new ConfigurationException(name, name + " contains \"" + domain + "\", which is not a domain "
                        + "name; list domains like example.com, or set it to * alone for any domain.");
            }
            domains.add(domain);
        }
        return domains;
    }
    // END TASK 3
}

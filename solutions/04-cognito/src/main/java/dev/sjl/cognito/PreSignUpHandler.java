package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pool's PreSignUp trigger: only emails of the allowed domains (all, when none is configured), and never a
 * disposable one. Cognito shows the trigger's exception message to whoever called SignUp, so it is one fixed
 * sentence: no domain list, no rule, no stack trace, nothing an attacker could use to probe the policy.
 */
public final class PreSignUpHandler implements RequestHandler<CognitoUserPoolPreSignUpEvent, CognitoUserPoolPreSignUpEvent> {

    public static final EnvVar ALLOWED_EMAIL_DOMAINS = new EnvVar("ALLOWED_EMAIL_DOMAINS", false, false,
            "Comma-separated email domains that may sign up; absent or empty: every domain not known to be disposable.");

    /** A few well-known throw-away mail services; a real deployment loads a maintained list. */
    public static final Set<String> DISPOSABLE_DOMAINS = Set.of("mailinator.com", "guerrillamail.com", "10minutemail.com",
            "trashmail.com", "yopmail.com", "tempmail.dev");

    /** The one message a refused sign-up carries. */
    public static final String REFUSED = "Sign-up is not available for this email address.";

    /** The trigger refused the sign-up; its message is {@link #REFUSED}, nothing else. */
    public static final class SignUpRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SignUpRefusedException() {
            super(REFUSED, null, false, false);
        }
    }

    private final Set<String> allowedDomains;
    private final Set<String> disposableDomains;

    /** For the Lambda runtime: the allow-list from the environment. */
    public PreSignUpHandler() {
        this(Env.system());
    }

    /** The allow-list from {@link #ALLOWED_EMAIL_DOMAINS}, and {@link #DISPOSABLE_DOMAINS}. */
    public PreSignUpHandler(Env env) {
        this(env.optional(ALLOWED_EMAIL_DOMAINS).map(PreSignUpHandler::domains).orElse(Set.of()), DISPOSABLE_DOMAINS);
    }

    /** @param allowedDomains the only domains that may sign up, lower case; empty for every domain */
    public PreSignUpHandler(Set<String> allowedDomains, Set<String> disposableDomains) {
        this.allowedDomains = Set.copyOf(allowedDomains);
        this.disposableDomains = Set.copyOf(disposableDomains);
    }

    // tag::pre-sign-up[]
    @Override
    public CognitoUserPoolPreSignUpEvent handleRequest(CognitoUserPoolPreSignUpEvent event, Context context) {
        // BEGIN TASK 4
        Map<String, String> attributes = event.getRequest() == null ? null : event.getRequest().getUserAttributes();
        String email = attributes == null ? null : attributes.get("email");
        int at = email == null ? -1 : email.lastIndexOf('@');
        if (at <= 0) {
            // No @, or nothing before it: not an address.
            throw new SignUpRefusedException();
        }
        // Domains are case-insensitive (RFC 5321): EXAMPLE.com is example.com.
        String domain = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        if (disposableDomains.contains(domain) || !allowedDomains.isEmpty() && !allowedDomains.contains(domain)) {
            throw new SignUpRefusedException();
        }
        return event;
        // STARTER
        //| // TODO: read the email attribute; refuse (throw new SignUpRefusedException()) a missing email, one with nothing
        //| //  before its @, a disposable domain, and, when allowedDomains is not empty, any other domain. Domains compare case-insensitively. Otherwise
        //| //  return the event unchanged: the user still confirms their email with the code.
        //| throw new UnsupportedOperationException("Task 4: allow or refuse the sign-up by its email domain");
        // END TASK 4
    }
    // end::pre-sign-up[]

    static Set<String> domains(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(d -> d.strip().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}

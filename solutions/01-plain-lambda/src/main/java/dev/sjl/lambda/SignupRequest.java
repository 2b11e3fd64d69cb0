package dev.sjl.lambda;

import java.util.Map;

/**
 * What the signup check is invoked with: the fields of a new user, as the sign-up form sends them.
 *
 * <p>A class with a no-arg constructor and setters, not a record: the Java runtime's built-in JSON serializer turns
 * Jackson's creator detection off, so it can only build an input object through a no-arg constructor and setters
 * (the way the aws-lambda-java-events classes are written). A record as input type fails on the first invocation.
 */
public class SignupRequest {

    private String email;
    private String password;
    private String displayName;
    private Map<String, String> profile;

    /** Used by the runtime's serializer. */
    public SignupRequest() {
    }

    /**
     * @param email       the address to sign up with
     * @param password    the chosen password: validated here, never logged, never returned
     * @param displayName the name to show
     * @param profile     free-form preferences (locale, time zone, ...), forwarded with the record
     */
    public SignupRequest(String email, String password, String displayName, Map<String, String> profile) {
        this.email = email;
        this.password = password;
        this.displayName = displayName;
        this.profile = profile;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public Map<String, String> getProfile() {
        return profile;
    }

    public void setProfile(Map<String, String> profile) {
        this.profile = profile;
    }

    // BEGIN TASK 2
    // tag::redacted-to-string[]
    /**
     * Whatever prints this object, a log line, an exception message or a debugger, sees every field but the
     * password, which is left out altogether. (A record's generated toString would print it.)
     */
    @Override
    public String toString() {
        return "SignupRequest[email=" + email + ", displayName=" + displayName + ", profile=" + profile + "]";
    }
    // end::redacted-to-string[]
    // STARTER
    //| // TODO Task 2: whatever prints this object (a log line, an exception message, a debugger) must not see the
    //| //  password. Give the class a toString() that shows the other fields and hides that one.
    // END TASK 2
}

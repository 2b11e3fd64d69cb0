package dev.sjl.lambda;

import java.util.Comparator;
import java.util.List;

/**
 * The Lambda and messaging limits this function is built around, and the checks that make them fail early, with a
 * clear message, instead of late. (The other limits, such as the 15-minute timeout and the 50 MB zipped / 250 MB
 * unzipped package, are deployment settings: the lab's revision guide covers them.)
 */
public final class LambdaLimits {

    /** Lambda refuses a function whose own environment variables take more than 4 KB, measured as their JSON. */
    public static final int ENVIRONMENT_BYTES = 4 * 1024;

    /**
     * The largest SNS message, 256 KB. An accepted user record is published as a {@code UserSignedUp} event, so this,
     * not Lambda's 6 MB synchronous payload, is the ceiling that matters for the record.
     */
    public static final int SNS_MESSAGE_BYTES = 256 * 1024;

    private LambdaLimits() {
    }

    // tag::env-budget[]
    /**
     * Fails init when the declared variables would not fit Lambda's 4 KB. Lambda itself refuses such a configuration
     * at deploy time; checking it at init makes the same mistake fail in a unit test, long before a deploy, and names
     * the largest variable, the one to move to SSM Parameter Store.
     */
    public static void checkEnvironment(Env env, List<EnvVar> declared) {
        // BEGIN TASK 5
        int bytes = env.sizeInBytes(declared);
        if (bytes <= ENVIRONMENT_BYTES) {
            return;
        }
        EnvVar largest = declared.stream()
                .max(Comparator.comparingInt(v -> env.sizeInBytes(List.of(v))))
                .orElseThrow();
        throw new ConfigurationException(largest.name(), "The environment variables take " + bytes
                + " bytes, more than Lambda's " + ENVIRONMENT_BYTES + "-byte limit; the largest is " + largest.name()
                + ". Keep large values in SSM Parameter Store and read them at init.");
        // STARTER
        //| throw new UnsupportedOperationException("Task 5: throw a ConfigurationException naming the largest variable "
        //|         + "when the declared variables exceed ENVIRONMENT_BYTES");
        // END TASK 5
    }
    // end::env-budget[]
}

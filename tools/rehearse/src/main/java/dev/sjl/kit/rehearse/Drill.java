package dev.sjl.kit.rehearse;

import java.util.List;

/**
 * An "explain the system" exercise whose expected answer is derived from the references' code (routes, handlers,
 * configuration), so it stays true when the code changes.
 *
 * @param id            stable, e.g. {@code drill:03-jwt:walk-post-login}; the colon keeps it apart from question ids
 * @param lab           the lab whose reference it describes
 * @param kind          what is being explained
 * @param prompt        the exercise, as an interviewer would pose it
 * @param expectedSteps what a complete explanation covers, in order
 */
public record Drill(String id, String lab, Kind kind, String prompt, List<String> expectedSteps) {

    public enum Kind {
        /** The lab's functions, routes, configuration and lifecycle, as a whole. */
        ARCHITECTURE,
        /** One request, from the client through the function to its resources and back. */
        WALK,
        /** A handler's environment variables, the secrets among them, and failure at init. */
        CONFIG
    }

    public Drill {
        expectedSteps = List.copyOf(expectedSteps);
    }
}

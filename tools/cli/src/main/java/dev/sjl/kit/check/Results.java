package dev.sjl.kit.check;

import dev.sjl.kit.junit.LabResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One side's {@code lab-results.json}, or why there is none usable.
 *
 * @param results  the run, or null
 * @param missing  why it is absent (null when present)
 */
public record Results(LabResults results, String missing) {

    public static Results of(LabResults results) {
        return new Results(results, null);
    }

    public static Results missing(String why) {
        return new Results(null, why);
    }

    public boolean present() {
        return results != null;
    }

    /**
     * Reads a results file. With {@code since}, a file written before it is a leftover from an earlier build and
     * counts as missing: a module that failed to compile this time must not be judged on last week's run.
     */
    public static Results read(Path file, String shownAs, Instant since) {
        if (!Files.isRegularFile(file)) {
            return missing(shownAs + " does not exist: the tests did not run");
        }
        LabResults results;
        try {
            results = LabResults.read(file);
        } catch (IOException e) {
            return missing(shownAs + " cannot be read: " + e.getMessage());
        }
        if (since != null) {
            Instant finished;
            try {
                finished = Instant.parse(String.valueOf(results.finished()));
            } catch (DateTimeParseException e) {
                return missing(shownAs + " has no valid 'finished' time");
            }
            if (finished.isBefore(since)) {
                return missing(shownAs + " is left over from an earlier run (" + results.finished()
                        + "): the tests did not run this time");
            }
        }
        return of(results);
    }
}

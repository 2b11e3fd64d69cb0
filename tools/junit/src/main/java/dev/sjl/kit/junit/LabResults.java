package dev.sjl.kit.junit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.SortedSet;

/**
 * What one run of a lab's tests produced: the file {@code target/lab-results.json} that
 * {@code kit status} and the self-test read. One format, written here and read everywhere.
 *
 * @param lab       the lab folder name, e.g. {@code 03-jwt}
 * @param role      {@code starter} (labs/) or {@code reference} (solutions/)
 * @param finished  ISO-8601 instant the run ended
 * @param tests     every test that ran, in execution order
 * @param broken    containers (classes, factories) that failed before their tests could run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabResults(String lab, String role, String finished, List<TestResult> tests, List<TestResult> broken) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The outcome of one test. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestResult(String id, String className, String name, SortedSet<Integer> tasks, Status status,
                             FailureReason reason, Integer todoTask, String message) {
        public boolean passed() {
            return status == Status.PASSED;
        }
    }

    public enum Status { PASSED, FAILED, ABORTED, SKIPPED }

    /**
     * Writes the file whole or not at all (a temporary file beside it, then a rename): {@code kit check NN} reads a
     * reference's results while that reference's tests may still be running in another JVM, and must never see half a
     * file.
     */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
        try {
            JSON.writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    public static LabResults read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), LabResults.class);
    }

    /** This run followed by a later one into the same file (the engine runs a shortcut's test classes one by one). */
    public LabResults then(LabResults later) {
        List<TestResult> allTests = new java.util.ArrayList<>(tests == null ? List.of() : tests);
        allTests.addAll(later.tests() == null ? List.of() : later.tests());
        List<TestResult> allBroken = new java.util.ArrayList<>(broken == null ? List.of() : broken);
        allBroken.addAll(later.broken() == null ? List.of() : later.broken());
        return new LabResults(later.lab(), later.role(), later.finished(), List.copyOf(allTests), List.copyOf(allBroken));
    }
}

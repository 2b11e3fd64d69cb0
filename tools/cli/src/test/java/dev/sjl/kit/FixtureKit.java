package dev.sjl.kit;

import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;
import dev.sjl.kit.lab.Workspace;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** A one-lab kit in a temporary folder, and a way to run {@code kit} commands against it and read what they print. */
final class FixtureKit {

    static final String HINTS = """
            # Lab 42 hints

            ## 1. Parse
            - Parse gentle.
            - Parse closer.
            - Parse nearly.

            ## 2. Render
            - Render gentle.
            - Render closer,
              over two lines.
            - Render nearly.
            """;

    final Path root;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    FixtureKit(Path root) throws IOException {
        this.root = root;
        write(".gitignore", "target/\n.kit/\n");
        write("pom.xml", pom("serverless-java-labs", "<modules><module>labs</module><module>solutions</module></modules>"));
        write("labs/pom.xml", pom("labs", "<modules><module>42-fixture</module></modules>"));
        write("solutions/pom.xml", pom("solutions", "<modules><module>42-fixture</module></modules>"));
        write("labs/42-fixture/pom.xml", "<project><parent><artifactId>labs</artifactId></parent>"
                + "<artifactId>lab-42-fixture</artifactId><name>Fixture</name></project>\n");
        write("solutions/42-fixture/pom.xml", "<project><parent><artifactId>solutions</artifactId></parent>"
                + "<artifactId>solution-42-fixture</artifactId><name>Fixture (reference)</name></project>\n");
        write("labs/42-fixture/README.md", "# Lab 42 · Fixture: parse and render\n\n**Time:** 30 min\n");
        write("labs/42-fixture/hints.md", HINTS);
        write("labs/42-fixture/src/main/java/dev/sjl/fixture/Parser.java", """
                class Parser {
                    int parse(String s) {
                        throw new UnsupportedOperationException("Task 1: parse");
                    }
                }
                """);
        write("solutions/42-fixture/src/main/java/dev/sjl/fixture/Parser.java", """
                class Parser {
                    int parse(String s) {
                        // BEGIN TASK 1
                        return Integer.parseInt(s);
                        // STARTER
                        //| throw new UnsupportedOperationException("Task 1: parse");
                        // END TASK 1
                    }
                }
                """);
    }

    void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Writes a starter run: task 1 green, task 2 red (or both as given). */
    void starterRun(Status parses, Status renders) throws IOException {
        results("labs", "starter", parses, renders);
    }

    /** Writes the starter run of {@code -Dgroups=task:1}: task 1's test only, passed. */
    void filteredStarterRun() throws IOException {
        writeResults("labs", "starter", List.of(test("parses", 1, Status.PASSED)));
    }

    void results(String side, String role, Status parses, Status renders) throws IOException {
        writeResults(side, role, List.of(test("parses", 1, parses), test("renders", 2, renders)));
    }

    private void writeResults(String side, String role, List<TestResult> tests) throws IOException {
        new LabResults("42-fixture", role, "2030-01-01T00:00:00Z", tests, List.of())
                .write(root.resolve(side + "/42-fixture/target/lab-results.json"));
        // results newer than the sources, as after a real run
        Files.setLastModifiedTime(root.resolve(side + "/42-fixture/target/lab-results.json"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    }

    private static TestResult test(String method, int task, Status status) {
        boolean failed = status == Status.FAILED;
        return new TestResult("[engine:junit-jupiter]/[class:dev.sjl.fixture.FixtureTest]/[method:" + method + "()]",
                "dev.sjl.fixture.FixtureTest", "Does " + method, new TreeSet<>(List.of(task)), status,
                failed ? FailureReason.TODO : null, failed ? task : null, failed ? "Task " + task + ": write it" : null);
    }

    /** Runs {@code kit args...}; returns the exit code. */
    int kit(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false, false);
        return Kit.execute(console, () -> new Workspace(root), args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    private static String pom(String artifactId, String body) {
        return "<project><modelVersion>4.0.0</modelVersion><groupId>dev.sjl</groupId><artifactId>" + artifactId
                + "</artifactId>" + body + "</project>";
    }
}

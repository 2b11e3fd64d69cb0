package dev.sjl.kit.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code kit rehearse} in a real terminal: tmux gives the JVM a pseudo-terminal (so it runs interactively, as for a
 * person), the test types with {@code send-keys} and reads the screen with {@code capture-pane}.
 */
class RehearseTerminalTest {

    private static final Path TMUX = Path.of("/usr/bin/tmux");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern HEADER = Pattern.compile("(?m)^\\[(\\d+)/(\\d+)] .* · (\\S+)$");

    @TempDir
    Path root;


    @BeforeEach
    void needsTmux() {
        assumeTrue(Files.isExecutable(TMUX), "tmux is not installed (apt-get install tmux): terminal test skipped");
        FixtureRepo.copyTo(root);
    }

    @AfterEach
    void stopTmux() throws Exception {
        if (Files.isExecutable(TMUX)) {
            tmuxAllowingFailure("kill-server");
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers, reveals and grades in a terminal, quits, then resumes where it left off; Ctrl-C saves")
    void scriptedTerminalSession() throws Exception {
        // First sitting: type an answer, reveal, grade "good", quit on the next card.
        startShell("first");
        type("first", rehearseCommand());
        String first = awaitHeader("first", 1);
        assertThat(screen("first")).as("Interactive on a terminal: no scripted-mode notice")
                .doesNotContain("scripted mode");
        type("first", "A cold start runs the constructor once; each event runs only the handler.");
        keys("first", "Enter");
        await("first", "Grade yourself");
        assertThat(screen("first")).contains("Model answer", "Key points");
        type("first", "3");
        await("first", "Next review in 1 day (2026-03-03), ease 2.50.");
        String second = awaitHeader("first", 2);
        type("first", "q");
        await("first", "Stopped: 1 card reviewed; progress saved in .kit/rehearse.json.");
        await("first", "[exit 0]");
        assertThat(state().fieldNames()).toIterable().as("Only the graded card is saved").containsExactly(first);

        // Second sitting: it starts with the card the first one stopped on, not with the graded one.
        startShell("second");
        type("second", rehearseCommand());
        assertThat(awaitHeader("second", 1)).as("The new session continues where the last one stopped")
                .isEqualTo(second);
        assertThat(screen("second")).doesNotContain("· " + first);
        keys("second", "Enter");
        await("second", "Grade yourself");
        type("second", "hard");
        await("second", "Next review in 1 day (2026-03-03), ease 2.36.");
        awaitHeader("second", 2);
        keys("second", "C-c");
        await("second", "Interrupted: 1 card reviewed; progress saved in .kit/rehearse.json.");
        await("second", "[exit 130]");

        JsonNode cards = state();
        assertThat(cards.fieldNames()).toIterable().containsExactlyInAnyOrder(first, second);
        assertThat(cards.path(second).path("easeFactor").decimalValue()).isEqualByComparingTo("2.36");
    }

    private String rehearseCommand() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The class path goes in a java @argfile: typed into the pane, a reactor build's class path (thousands of
        // characters) can reach the shell cut short, which then waits for the rest of a quoted word.
        Path args = root.resolve("java.args");
        Files.writeString(args, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        return "'" + java + "' -XX:TieredStopAtLevel=1 -Xshare:auto '@" + args + "' " + RehearseCommand.class.getName()
                + " --root '" + root + "' --seed 7 --now 2026-03-02T09:00:00Z 01; echo \"[exit $?]\"";
    }

    private JsonNode state() throws IOException {
        return new ObjectMapper().readTree(root.resolve(".kit/rehearse.json").toFile()).path("cards");
    }

    private void startShell(String session) throws Exception {
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", "-c", root.toString(),
                "env -u KIT_ROOT PS1='$ ' bash --norc --noprofile");
    }

    private void type(String session, String text) throws Exception {
        tmux("send-keys", "-t", session, "-l", text);
        keys(session, "Enter");
    }

    private void keys(String session, String key) throws Exception {
        tmux("send-keys", "-t", session, key);
    }

    private String screen(String session) throws Exception {
        return tmux("capture-pane", "-p", "-J", "-t", session, "-S", "-");
    }

    /** Polls the screen until {@code text} appears, for a bounded time. */
    private String await(String session, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String screen = screen(session);
            if (screen.contains(text)) {
                return screen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + WAIT.toSeconds() + " s for \"" + text + "\"; the screen:\n"
                        + screen);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Waits for the header of the n-th card and returns its id. */
    private String awaitHeader(String session, int n) throws Exception {
        String screen = await(session, "[" + n + "/");
        Matcher m = HEADER.matcher(screen);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == n) {
                ids.add(m.group(3));
            }
        }
        assertThat(ids).as("Card header [%d/N] on screen:%n%s", n, screen).hasSize(1);
        return ids.get(0);
    }

    private String tmux(String... args) throws Exception {
        Result r = run(args);
        if (r.exit != 0) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed (" + r.exit + "): " + r.output);
        }
        return r.output;
    }

    private void tmuxAllowingFailure(String... args) throws Exception {
        run(args);
    }

    private record Result(int exit, String output) {
    }

    private Result run(String... args) throws Exception {
        // A private server whose socket lives in the test's temporary folder: nothing shared, nothing left behind.
        List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-S", root.resolve(".tmux").toString(),
                "-f", "/dev/null"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux " + String.join(" ", args) + " did not return");
        }
        return new Result(p.exitValue(), output);
    }
}

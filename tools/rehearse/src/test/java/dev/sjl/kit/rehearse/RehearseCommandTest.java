package dev.sjl.kit.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The session in scripted mode (stdin not a terminal), in process: the same protocol a person types. */
class RehearseCommandTest {

    private static final Pattern HEADER = Pattern.compile("(?m)^\\[(\\d+)/(\\d+)] (.*) · (\\S+)$");
    private static final String DAY_ONE = "2026-03-02T09:00:00Z";

    @TempDir
    Path root;

    private record Run(int exit, String out, String err) {
        /** The ids of the cards shown, in order. */
        List<String> shown() {
            List<String> ids = new ArrayList<>();
            Matcher m = HEADER.matcher(out);
            while (m.find()) {
                ids.add(m.group(4));
            }
            return ids;
        }
    }

    private Run rehearse(String input, String... args) {
        return rehearse(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new StringWriter(), args);
    }

    private Run rehearse(InputStream in, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RehearseCommand(in, false, Map.of(),
                () -> Drills.from(DrillsTest.MODEL)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--root", root.toString(), "--seed", "7"));
        if (List.of(args).stream().noneMatch(a -> a.startsWith("--now"))) {
            all.add("--now=" + DAY_ONE);
        }
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private JsonNode state() throws IOException {
        return new ObjectMapper().readTree(root.resolve(".kit/rehearse.json").toFile()).path("cards");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Answers, reveals, grades with SM-2, saves after each grade, and stops on q")
    void answerRevealGradeQuit() throws IOException {
        FixtureRepo.copyTo(root);

        Run run = rehearse("""
                Init runs once,
                the handler per event.

                3

                4
                q
                """);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("stdin is not a terminal: scripted mode");
        assertThat(run.shown()).as("Two graded, the third quit at its answer").hasSize(3);
        assertThat(run.out()).contains("Model answer", "Key points", "Next review in 1 day (2026-03-03), ease 2.50.",
                "Next review in 1 day (2026-03-03), ease 2.60.",
                "Stopped: 2 cards reviewed; progress saved in .kit/rehearse.json.");
        JsonNode cards = state();
        assertThat(cards.size()).isEqualTo(2);
        String first = run.shown().get(0);
        assertThat(cards.path(first).path("intervalDays").asInt()).isEqualTo(1);
        assertThat(cards.path(first).path("due").asText()).isEqualTo("2026-03-03");
        assertThat(cards.path(run.shown().get(2)).isMissingNode()).as("The quit card was not graded").isTrue();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Resumes with the card after the last one graded, in a fixed order")
    void resumesWhereItLeftOff() {
        FixtureRepo.copyTo(root);
        Run first = rehearse("\n3\n\n3\nq\n");
        Run again = rehearse("q\n");

        assertThat(again.shown()).as("The session continues with the card it was quit on")
                .containsExactly(first.shown().get(2));
    }

    @Test
    @Tag("task:3")
    @DisplayName("Shows cards due today before new ones")
    void dueFirst() {
        FixtureRepo.copyTo(root);
        Run dayOne = rehearse("\n3\n\n3\nq\n", "--new=2");

        Run dayTwo = rehearse("\n3\n\n3\nq\n", "--now=2026-03-03T09:00:00Z");

        assertThat(dayTwo.shown()).hasSize(3);
        assertThat(dayTwo.shown().subList(0, 2)).as("Yesterday's two cards are due today and come first")
                .containsExactlyInAnyOrderElementsOf(dayOne.shown());
        assertThat(dayTwo.out()).contains("[1/8] 01 · Plain Lambda").containsPattern("\\[2/8] .* · due · ")
                .containsPattern("\\[3/8] .* · new · ");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Keeps the first grade of the day when a failed card is seen again")
    void againKeepsFirstGrade() throws IOException {
        FixtureRepo.copyTo(root);

        Run run = rehearse("\n1\n\n4\n", "--new=1");

        assertThat(run.shown()).as("The same card, twice").hasSize(2).containsOnly(run.shown().get(0));
        assertThat(run.out()).contains("It comes back at the end of this session.", "[2/2]", "again today",
                "Seen again; its schedule stays as the first grade today set it.",
                "Session done: 1 card reviewed.");
        JsonNode card = state().path(run.shown().get(0));
        assertThat(card.path("repetitions").asInt()).isZero();
        assertThat(card.path("easeFactor").decimalValue()).isEqualByComparingTo("1.96");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Asks again after something that is not a grade")
    void rejectsBadGrade() {
        FixtureRepo.copyTo(root);

        Run run = rehearse("\nexcellent\n2\nq\n", "--new=1");

        assertThat(run.out()).contains("'excellent' is not a grade: type 1, 2, 3 or 4 (or again, hard, good, easy).",
                "Next review in 1 day (2026-03-03), ease 2.36.");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Saves and stops cleanly when the input ends")
    void inputEnds() {
        FixtureRepo.copyTo(root);

        Run run = rehearse("\n3\n\n");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Input ended: 1 card reviewed; progress saved in .kit/rehearse.json.");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Says when nothing is due and when the next review is")
    void nothingDue() {
        FixtureRepo.copyTo(root);
        rehearse("\n3\n", "--new=1");

        Run run = rehearse("", "--new=0");

        assertThat(run.out()).contains("Nothing is due today. Next review: 2026-03-03 (1 card). 7 new cards left.");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects an unknown lab in one line with exit status 2")
    void unknownLab() {
        FixtureRepo.copyTo(root);

        Run run = rehearse("", "07");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("No lab 07 to rehearse (labs with questions or drills: 01, 02).\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Accepts a lab by number or by folder name")
    void selectsLab() {
        FixtureRepo.copyTo(root);

        assertThat(rehearse("q\n", "01").shown()).hasSize(1);
        assertThat(rehearse("q\n", "01-fixture").shown()).hasSize(1);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Backs up a corrupt state file, says so, and starts fresh")
    void corruptState() throws IOException {
        FixtureRepo.copyTo(root);
        Files.createDirectories(root.resolve(".kit"));
        Files.writeString(root.resolve(".kit/rehearse.json"), "not json");

        Run run = rehearse("\n3\n");

        assertThat(run.out()).contains("Your progress in .kit/rehearse.json could not be read (not valid JSON")
                .contains("It was kept as .kit/rehearse.json.bak-20260302T090000Z and this session starts fresh.");
        assertThat(root.resolve(".kit/rehearse.json.bak-20260302T090000Z")).hasContent("not json");
        assertThat(state().size()).as("The fresh state was saved after the first grade").isEqualTo(1);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Refuses to rehearse from invalid banks, listing the problems")
    void invalidBanks() {
        FixtureRepo.copyTo(root);
        FixtureRepo.edit(root, FixtureRepo.BANK, "  - id: fx-logging", "  - id: Fx Logging");

        Run run = rehearse("");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("question 8 (id Fx Logging): id 'Fx Logging' is not kebab-case");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Runs a timed drill: prompt, time used, the expected steps, then a grade")
    void timedDrill() throws IOException {
        FixtureRepo.copyTo(root);

        Run run = rehearse("\n3\n", "--timed", "02");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("[timed] 02-http-events · drill · new · drill:02-http-events:",
                "You have 2:00. Explain it out loud (or on paper), then press Enter.", " of 2:00.",
                "Expected steps", "   1. ", "Next review in 1 day");
        assertThat(state().fieldNames()).toIterable().singleElement().asString().startsWith("drill:02-http-events:");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Ends a timed drill when the time is up and still reveals and grades it")
    void timedDrillTimesOut() throws Exception {
        FixtureRepo.copyTo(root);
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard);
        StringWriter out = new StringWriter();

        CompletableFuture<Run> session = CompletableFuture.supplyAsync(
                () -> rehearse(in, out, "--timed", "01", "--time-limit=PT0.2S"));
        awaitOutput(out, "Time's up (0:01).", session);
        keyboard.write("4\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        Run run = session.get(30, TimeUnit.SECONDS);

        assertThat(run.out()).contains("[timed] 01-plain-lambda", "Expected steps", "ease 2.60");
        assertThat(state().has("drill:01-plain-lambda:architecture")).isTrue();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Says there is no drill for a lab without one")
    void noDrills() {
        FixtureRepo.copyTo(root);

        Run run = rehearse("", "--timed", "01-fixture");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("No drills for lab 01-fixture");
    }

    /** Polls the output for a bounded time: the session runs on another thread. */
    private static void awaitOutput(StringWriter out, String expected, CompletableFuture<Run> session)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!out.toString().contains(expected)) {
            if (System.nanoTime() > deadline || session.isDone()) {
                throw new AssertionError("Waited in vain for \"" + expected + "\" in:\n" + out
                        + (session.isDone() ? "\nThe session ended: " + session.join() : ""));
            }
            Thread.sleep(20);
        }
    }
}

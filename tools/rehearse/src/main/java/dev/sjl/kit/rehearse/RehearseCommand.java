package dev.sjl.kit.rehearse;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code kit rehearse [NN|all] [--timed]}: an interview drill in the terminal, scheduled with SM-2. */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {
                "Rehearse a lab's interview questions: read the question, answer (type it, or think aloud), press "
                        + "Enter to see the model answer and key points, then grade yourself. Cards come back on "
                        + "the day SM-2 schedules them; progress is kept in .kit/rehearse.json at the repository "
                        + "root and saved after every grade (Ctrl-C loses nothing graded).",
                "With --timed: one two-minute \"explain the system\" drill generated from the reference code, "
                        + "then the expected steps to compare with."},
        footer = {"",
                "Scripted use: when stdin is not a terminal, the same protocol is read line by line. Per card: the "
                        + "answer's lines ending with an empty line (or just an empty line), then a grade line "
                        + "(1-4, again, hard, good, easy; q stops). The end of input saves and stops.",
                "Exit status: 0 done or stopped, 1 invalid question banks or nothing to rehearse, 2 unknown lab "
                        + "or bad option."})
public final class RehearseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NN|all", defaultValue = "all",
            description = "A lab number (03), a lab folder (03-jwt) or all (the default).")
    String lab;

    @Option(names = "--timed", description = "A two-minute explain-the-system drill with a countdown.")
    boolean timed;

    @Option(names = "--new", paramLabel = "N", defaultValue = "10",
            description = "New cards per session, after the due ones (default: ${DEFAULT-VALUE}).")
    int maxNew;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The repository root (default: $KIT_ROOT, else the working directory).")
    Path root;

    // For tests and reproducible demos: fix "now" and the order of new cards.
    @Option(names = "--now", hidden = true)
    Instant now;

    @Option(names = "--seed", hidden = true)
    Long seed;

    @Option(names = "--time-limit", hidden = true, defaultValue = "PT2M")
    Duration timeLimit;

    private final InputStream in;
    private final Boolean interactive;
    private final Map<String, String> env;
    private final Supplier<List<Drill>> drills;

    /** For {@code kit}: reads System.in; interactive when stdin and stdout are a terminal. */
    public RehearseCommand() {
        this(System.in, null, System.getenv(), Drills::builtIn);
    }

    /**
     * @param interactive null to ask the JVM whether stdin and stdout are a terminal
     * @param drills      the drills to offer (the shipped ones, except in tests)
     */
    RehearseCommand(InputStream in, Boolean interactive, Map<String, String> env, Supplier<List<Drill>> drills) {
        this.in = in;
        this.interactive = interactive;
        this.env = env;
        this.drills = drills;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RehearseCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path repo = RepoRoot.resolve(root, env);
        if (maxNew < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--new must be 0 or more");
        }
        List<QuestionBank> banks;
        try {
            banks = QuestionBank.loadAll(repo);
        } catch (QuestionBankException e) {
            err.println(e.getMessage());
            return 1;
        }
        List<Drill> drills = this.drills.get();
        Map<String, String> titles = new HashMap<>();
        banks.forEach(b -> titles.put(b.lab(), b.title()));
        TreeSet<String> known = new TreeSet<>(titles.keySet());
        drills.forEach(d -> known.add(d.lab()));

        Optional<List<String>> selected = LabSelection.resolve(lab, known);
        if (selected.isEmpty()) {
            err.println("No lab " + lab + " to rehearse (labs with questions or drills: "
                    + LabSelection.numbers(known) + ").");
            return 2;
        }
        List<String> labs = selected.get();
        List<Card> cards = new ArrayList<>();
        if (timed) {
            drills.stream().filter(d -> labs.contains(d.lab()))
                    .forEach(d -> cards.add(Card.of(d, titles.getOrDefault(d.lab(), d.lab()))));
        } else {
            banks.stream().filter(b -> labs.contains(b.lab()))
                    .forEach(b -> b.questions().forEach(q -> cards.add(Card.of(b, q))));
        }
        if (cards.isEmpty()) {
            err.println(timed
                    ? "No drills for " + describe(labs) + ": they come from the references' routeTable() and "
                    + "ENVIRONMENT, and none is recorded yet."
                    : "No questions for " + describe(labs) + " yet: banks live in " + QuestionBank.DIRECTORY + ".");
            return 1;
        }

        Clock clock = now == null ? Clock.systemDefaultZone() : Clock.fixed(now, ZoneOffset.UTC);
        StateStore store = new StateStore(repo.resolve(StateStore.RELATIVE_PATH), clock);
        StateStore.Loaded loaded = store.load(() -> seed != null ? seed : new SecureRandom().nextLong());
        loaded.backup().ifPresent(backup -> out.println("Your progress in " + StateStore.RELATIVE_PATH
                + " could not be read (" + loaded.problem().orElse("unreadable") + "). It was kept as "
                + repo.relativize(backup.toAbsolutePath()) + " and this session starts fresh."));

        boolean tty = interactive != null ? interactive : System.console() != null;
        Terminal term = new Terminal(in, out, tty, Ansi.AUTO);
        if (!tty) {
            out.println("stdin is not a terminal: scripted mode, reading answers and grades line by line "
                    + "(see kit rehearse --help).");
        }
        RehearsalSession session = new RehearsalSession(term, store, loaded.state(), clock,
                seed != null ? seed : loaded.state().seed(), StateStore.RELATIVE_PATH);
        Thread onCtrlC = new Thread(session::interrupted, "kit-rehearse-save");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            if (timed) {
                session.runTimed(cards, timeLimit);
            } else {
                session.run(cards, maxNew);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived while finishing: the hook is running and saves.
            }
        }
        return 0;
    }

    private static String describe(List<String> labs) {
        return labs.size() == 1 ? "lab " + labs.get(0) : "any lab";
    }
}

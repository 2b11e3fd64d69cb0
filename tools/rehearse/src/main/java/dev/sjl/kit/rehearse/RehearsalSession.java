package dev.sjl.kit.rehearse;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One sitting of {@code kit rehearse}: show a card, let the candidate answer, reveal, take a self-grade, schedule it
 * with SM-2 and save at once, so that stopping at any point (q, end of input, Ctrl-C) loses nothing graded.
 *
 * <p>Order: cards due today or earlier first (oldest due date first), then new cards, up to a limit. New cards are
 * ordered by a hash of the state's seed and the card id: a fixed order for a given state, which is what lets
 * tomorrow's session pick up after the last card seen today, and what makes sessions reproducible in tests.
 */
final class RehearsalSession {

    enum Outcome { FINISHED, QUIT, INPUT_ENDED }

    private static final int WIDTH = 100;

    private record Turn(Card card, boolean repeat) {
    }

    private record GradeInput(Optional<Grade> grade, Outcome stop) {
    }

    private final Terminal term;
    private final StateStore store;
    private final RehearsalState state;
    private final Clock clock;
    private final long seed;
    private final String stateLabel;
    private volatile int reviewed;

    /**
     * @param seed       orders new cards (normally the state's own seed)
     * @param stateLabel how messages name the state file, e.g. {@code .kit/rehearse.json}
     */
    RehearsalSession(Terminal term, StateStore store, RehearsalState state, Clock clock, long seed,
                     String stateLabel) {
        this.term = term;
        this.store = store;
        this.state = state;
        this.clock = clock;
        this.seed = seed;
        this.stateLabel = stateLabel;
    }

    int reviewed() {
        return reviewed;
    }

    /** Due cards first, then at most {@code maxNew} new ones; cards scheduled for later are left out. */
    static List<Card> queue(List<Card> cards, RehearsalState state, LocalDate today, int maxNew, long seed) {
        Comparator<Card> byRank = Comparator.comparingLong(c -> rank(seed, c.id()));
        List<Card> due = cards.stream()
                .filter(c -> state.schedule(c.id()).map(s -> s.isDue(today)).orElse(false))
                .sorted(Comparator.comparing((Card c) -> state.schedule(c.id()).orElseThrow().due())
                        .thenComparing(byRank))
                .toList();
        List<Card> fresh = cards.stream().filter(c -> state.schedule(c.id()).isEmpty()).sorted(byRank)
                .limit(Math.max(0, maxNew)).toList();
        List<Card> queue = new ArrayList<>(due);
        queue.addAll(fresh);
        return queue;
    }

    /** A card's place among new cards: independent of which other cards exist, so removing one reorders nothing. */
    static long rank(long seed, String id) {
        return new SplittableRandom(seed ^ id.hashCode() * 0x9E3779B97F4A7C15L).nextLong();
    }

    Outcome run(List<Card> cards, int maxNew) {
        LocalDate today = LocalDate.now(clock);
        List<Card> queue = queue(cards, state, today, maxNew, seed);
        if (queue.isEmpty()) {
            term.println("Nothing is due today. " + nextDue(cards));
            return Outcome.FINISHED;
        }
        Deque<Turn> pending = new ArrayDeque<>();
        queue.forEach(c -> pending.add(new Turn(c, false)));
        int total = pending.size();
        int position = 0;
        while (!pending.isEmpty()) {
            Turn turn = pending.poll();
            position++;
            Card card = turn.card();
            showCard("[" + position + "/" + total + "]", card, turn.repeat() ? "again today"
                    : state.schedule(card.id()).isPresent() ? "due" : "new");
            term.println(term.faint("Answer: type it and end with an empty line, or think aloud and press Enter "
                    + "to reveal. q quits."));
            Optional<Outcome> stop = readAnswer();
            if (stop.isPresent()) {
                return finish(stop.get(), cards);
            }
            reveal(card);
            GradeInput input = askGrade();
            if (input.grade().isEmpty()) {
                return finish(input.stop(), cards);
            }
            Grade grade = input.grade().get();
            if (turn.repeat()) {
                term.println("Seen again; its schedule stays as the first grade today set it.");
            } else {
                schedule(card, grade, today);
            }
            // SM-2: within the day, repeat every card graded below "good" until it is recalled well.
            if (grade.quality < Grade.GOOD.quality) {
                pending.add(new Turn(card, true));
                total++;
                term.println("It comes back at the end of this session.");
            }
            term.println();
        }
        return finish(Outcome.FINISHED, cards);
    }

    /**
     * One drill against the clock: the prompt, a countdown, then the expected steps to compare with what the
     * candidate said, and a self-grade.
     */
    Outcome runTimed(List<Card> drills, Duration limit) {
        LocalDate today = LocalDate.now(clock);
        List<Card> queue = queue(drills, state, today, Integer.MAX_VALUE, seed);
        if (queue.isEmpty()) {
            term.println("No drill is due today. " + nextDue(drills));
            return Outcome.FINISHED;
        }
        Card drill = queue.get(0);
        showCard("[timed]", drill, state.schedule(drill.id()).isPresent() ? "due" : "new");
        term.println("You have " + clockFace(limit) + ". Explain it out loud (or on paper), then press Enter.");
        long start = System.nanoTime();
        ScheduledExecutorService ticker = null;
        if (term.interactive()) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kit-rehearse-countdown");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> {
                Duration left = limit.minusNanos(System.nanoTime() - start);
                term.print("\r  " + clockFace(left.isNegative() ? Duration.ZERO : left) + " left ");
            }, 0, 1, TimeUnit.SECONDS);
        }
        Optional<String> line = term.readLine(limit);
        if (ticker != null) {
            ticker.shutdownNow();
        }
        Duration used = Duration.ofNanos(System.nanoTime() - start);
        if (line.isEmpty() && term.ended()) {
            return finish(Outcome.INPUT_ENDED, drills);
        }
        if (line.isPresent() && line.get().strip().equalsIgnoreCase("q")) {
            return finish(Outcome.QUIT, drills);
        }
        term.println(line.isEmpty()
                ? (term.interactive() ? "\n" : "") + "Time's up (" + clockFace(limit) + ")."
                : "Time: " + clockFace(used.compareTo(limit) > 0 ? limit : used) + " of " + clockFace(limit) + ".");
        reveal(drill);
        GradeInput input = askGrade();
        if (input.grade().isEmpty()) {
            return finish(input.stop(), drills);
        }
        schedule(drill, input.grade().get(), today);
        return finish(Outcome.FINISHED, drills);
    }

    /** Called by the Ctrl-C hook: everything graded is already saved; this saves once more and says so. */
    void interrupted() {
        store.save(state);
        term.println();
        term.println("Interrupted: " + count(reviewed, "card") + " reviewed; progress saved in " + stateLabel + ".");
    }

    private void schedule(Card card, Grade grade, LocalDate today) {
        CardSchedule next = Sm2.review(state.schedule(card.id()).orElse(null), grade, today);
        state.put(card.id(), next);
        store.save(state);
        reviewed++;
        long days = ChronoUnit.DAYS.between(today, next.due());
        term.println("Next review in " + count((int) days, "day") + " (" + next.due() + "), ease "
                + next.easeFactor() + ".");
    }

    private void showCard(String position, Card card, String status) {
        List<String> meta = new ArrayList<>();
        meta.add(card.labLabel());
        card.difficulty().ifPresent(d -> meta.add(d.label()));
        if (card.kind() == Card.Kind.DRILL) {
            meta.add("drill");
        }
        meta.add(status);
        meta.add(card.id());
        term.println(term.bold(position) + " " + String.join(" · ", meta));
        wrap(card.prompt(), "", "").forEach(term::println);
        term.println();
    }

    /** Reads the typed answer; present only when the candidate stopped. */
    private Optional<Outcome> readAnswer() {
        term.print("> ");
        Optional<String> first = term.readLine();
        if (first.isEmpty()) {
            return Optional.of(Outcome.INPUT_ENDED);
        }
        if (first.get().strip().equalsIgnoreCase("q")) {
            return Optional.of(Outcome.QUIT);
        }
        if (first.get().isBlank()) {
            return Optional.empty();
        }
        while (true) {
            term.print("> ");
            Optional<String> next = term.readLine();
            if (next.isEmpty()) {
                // The answer is complete; the end of input is noticed at the grade prompt.
                term.println();
                return Optional.empty();
            }
            if (next.get().isBlank()) {
                return Optional.empty();
            }
        }
    }

    private void reveal(Card card) {
        term.println();
        if (!card.answer().isBlank()) {
            term.println(term.bold("Model answer"));
            List<List<String>> paragraphs = InlineText.paragraphs(card.answer());
            for (int i = 0; i < paragraphs.size(); i++) {
                if (i > 0) {
                    term.println();
                }
                paragraphs.get(i).forEach(line -> wrap(line, "  ", "  ").forEach(term::println));
            }
        }
        term.println(term.bold(card.pointsHeading()));
        boolean numbered = card.kind() == Card.Kind.DRILL;
        for (int i = 0; i < card.points().size(); i++) {
            String bullet = numbered ? String.format("  %2d. ", i + 1) : "  - ";
            wrap(card.points().get(i), bullet, " ".repeat(bullet.length())).forEach(term::println);
        }
        if (!card.followUps().isEmpty()) {
            term.println(term.bold("Follow-ups"));
            card.followUps().forEach(f -> wrap(f, "  ? ", "    ").forEach(term::println));
        }
        card.code().ifPresent(c -> term.println(term.bold("Code") + " " + c.file() + " (tag " + c.tag() + ")"));
        term.println();
    }

    private GradeInput askGrade() {
        while (true) {
            term.print("Grade yourself: 1 again · 2 hard · 3 good · 4 easy · q quit > ");
            Optional<String> line = term.readLine();
            if (line.isEmpty()) {
                term.println();
                return new GradeInput(Optional.empty(), Outcome.INPUT_ENDED);
            }
            String text = line.get().strip();
            if (text.equalsIgnoreCase("q")) {
                return new GradeInput(Optional.empty(), Outcome.QUIT);
            }
            if (text.isEmpty()) {
                continue;
            }
            Optional<Grade> grade = Grade.parse(text);
            if (grade.isPresent()) {
                return new GradeInput(grade, null);
            }
            term.println("'" + text + "' is not a grade: type 1, 2, 3 or 4 (or again, hard, good, easy).");
        }
    }

    private Outcome finish(Outcome outcome, List<Card> cards) {
        String done = count(reviewed, "card") + " reviewed";
        switch (outcome) {
            case FINISHED -> term.println("Session done: " + done + ". " + nextDue(cards));
            case QUIT -> term.println("Stopped: " + done + "; progress saved in " + stateLabel + ".");
            case INPUT_ENDED -> term.println("Input ended: " + done + "; progress saved in " + stateLabel + ".");
        }
        return outcome;
    }

    private String nextDue(List<Card> cards) {
        LocalDate today = LocalDate.now(clock);
        List<LocalDate> dues = cards.stream().map(c -> state.schedule(c.id())).flatMap(Optional::stream)
                .map(CardSchedule::due).filter(d -> d.isAfter(today)).sorted().toList();
        long unseen = cards.stream().filter(c -> state.schedule(c.id()).isEmpty()).count();
        String next = dues.isEmpty() ? "" : "Next review: " + dues.get(0) + " ("
                + count((int) dues.stream().filter(dues.get(0)::equals).count(), "card") + ").";
        String fresh = unseen == 0 ? "" : (next.isEmpty() ? "" : " ") + count((int) unseen, "new card") + " left.";
        return (next + fresh).strip();
    }

    static String clockFace(Duration d) {
        long seconds = (d.toMillis() + 999) / 1000;
        return seconds / 60 + ":" + String.format("%02d", seconds % 60);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Word-wraps for a terminal; the first line starts with {@code first}, the rest with {@code rest}. */
    static List<String> wrap(String text, String first, String rest) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int prefix = first.length();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > prefix && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder(rest);
                prefix = rest.length();
            }
            if (line.length() > prefix) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}

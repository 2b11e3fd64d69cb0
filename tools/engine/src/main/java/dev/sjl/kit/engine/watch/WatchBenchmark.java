package dev.sjl.kit.engine.watch;

import dev.sjl.kit.engine.EngineException;
import dev.sjl.kit.engine.LabClasspath;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code kit watch LAB --benchmark N}: the watch on a scratch copy of the lab (in its {@code target/}), saved N times
 * by this class as an editor would, timing each save to the first result the learner reads (the focused task's
 * summary, or the compile errors) and to the whole summary. With {@code --solved 1,2} the copy holds the reference's
 * code for those tasks, so the save lands where a learner half-way through the lab works.
 */
final class WatchBenchmark {

    /** A learner reads the result before saving again; the watch is given the same pause. */
    private static final long READ_MILLIS = 300;
    private static final long TIMEOUT_SECONDS = 120;

    private WatchBenchmark() {
    }

    private record Event(String kind, long nanos) {
    }

    static void run(Path root, String lab, int saves, String solved, PrintStream out) throws Exception {
        Path source = Lab.in(root, lab).dir();
        Path scratchRoot = source.resolve("target").resolve("kit-watch-benchmark");
        Path scratch = Lab.in(scratchRoot, lab).dir();
        LabSources.deleteTree(scratchRoot);
        copyTree(source.resolve("src"), scratch.resolve("src"));
        for (String file : List.of("hints.md", "README.md")) {
            if (Files.isRegularFile(source.resolve(file))) {
                Files.copy(source.resolve(file), scratch.resolve(file));
            }
        }
        for (String file : List.of(LabClasspath.COMPILE_FILE, LabClasspath.TEST_FILE)) {
            Path built = source.resolve("target").resolve(file);
            if (!Files.isRegularFile(built)) {
                throw new EngineException("labs/" + lab + "/target/" + file + " is missing: run ./mvnw -q "
                        + "process-test-resources -pl labs/" + lab + " first");
            }
            Files.createDirectories(scratch.resolve("target"));
            Files.copy(built, scratch.resolve("target").resolve(file));
        }
        Set<Integer> done = Arrays.stream(solved.split(",")).filter(s -> !s.isBlank()).map(String::strip)
                .map(Integer::valueOf).collect(Collectors.toSet());
        if (!done.isEmpty()) {
            SortedMap<String, byte[]> variant = LabSources.read(root, lab).mainSources(done::contains);
            LabSources.deleteTree(scratch.resolve("src/main"));
            LabSources.writeTree(variant, scratch);
        }

        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        WatchLoop.Listener listener = new WatchLoop.Listener() {
            @Override
            public void compileFailed() {
                events.add(new Event("first", System.nanoTime()));
            }

            @Override
            public void focused() {
                events.add(new Event("first", System.nanoTime()));
            }

            @Override
            public void finished(boolean complete) {
                events.add(new Event(complete ? "whole" : "ended", System.nanoTime()));
            }
        };
        Path log = scratchRoot.resolve("watch.log");
        AtomicReference<Debouncer> debouncer = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        long start = System.nanoTime();
        Thread watcher;
        try (PrintStream watchOut = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8)) {
            watcher = new Thread(() -> {
                try {
                    Watch.watch(scratchRoot, lab, watchOut, listener, debouncer::set);
                } catch (Throwable e) {
                    failed.set(e);
                    events.add(new Event("ended", System.nanoTime()));
                }
            }, "kit-watch-benchmark");
            watcher.start();
            Event firstRun = next(events);
            if (failed.get() != null) {
                throw new IllegalStateException("the watch failed to start", failed.get());
            }
            long firstRunNanos = firstRun.nanos() - start;
            while (debouncer.get() == null) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            Path edited = fileToEdit(scratch, lab);
            String original = Files.readString(edited, StandardCharsets.UTF_8);
            List<Long> toFirst = new ArrayList<>();
            List<Long> toWhole = new ArrayList<>();
            for (int save = 1; save <= saves; save++) {
                TimeUnit.MILLISECONDS.sleep(READ_MILLIS);
                String text = original + "\n// kit watch --benchmark: save " + save + "\n";
                long saved = System.nanoTime();
                Files.writeString(edited, text, StandardCharsets.UTF_8);
                Long first = null;
                while (true) {
                    Event event = next(events);
                    if (event.kind().equals("first") && first == null) {
                        first = event.nanos() - saved;
                    } else if (!event.kind().equals("first")) {
                        if (first == null) {
                            first = event.nanos() - saved;
                        }
                        toFirst.add(first);
                        toWhole.add(event.nanos() - saved);
                        break;
                    }
                }
            }
            debouncer.get().close();
            watcher.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            Files.writeString(edited, original, StandardCharsets.UTF_8);
            out.println("kit watch benchmark: labs/" + lab + (done.isEmpty() ? " (the starter)" : " with tasks "
                    + done.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")) + " solved")
                    + ", " + saves + " saves of " + scratch.relativize(edited) + " (a copy in "
                    + root.relativize(scratchRoot) + ")");
            out.println("  first run (compile the lab and its tests, every test):  " + WatchLoop.seconds(firstRunNanos));
            out.println("  save -> first result (focused task's summary):        " + stats(toFirst));
            out.println("  save -> whole summary (every task):                   " + stats(toWhole));
            out.println("  each save, ms (first / whole): " + String.join("  ", pairs(toFirst, toWhole)));
            out.println("  the watch's own output: " + root.relativize(log));
        }
    }

    private static Event next(BlockingQueue<Event> events) throws InterruptedException {
        Event event = events.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (event == null) {
            throw new IllegalStateException("the watch gave no result within " + TIMEOUT_SECONDS + " s");
        }
        return event;
    }

    /** The file holding the focused task's TODO, as a learner working on it would edit; else the first source. */
    private static Path fileToEdit(Path scratch, String lab) throws IOException {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(scratch.resolve("src/main/java"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        Path resultsFile = scratch.resolve("target/lab-results.json");
        Integer focus = Files.isRegularFile(resultsFile)
                ? Focus.of(dev.sjl.kit.junit.LabResults.read(resultsFile)).orElse(null) : null;
        if (focus != null) {
            for (Path file : sources) {
                if (Files.readString(file, StandardCharsets.UTF_8).contains("\"Task " + focus + ":")) {
                    return file;
                }
            }
        }
        if (sources.isEmpty()) {
            throw new EngineException("labs/" + lab + "/src/main/java has no source to edit");
        }
        return sources.get(0);
    }

    private static String stats(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return String.format(Locale.ROOT, "median %.2f s  min %.2f s  max %.2f s  (n=%d)", median / 1e9,
                sorted.get(0) / 1e9, sorted.get(n - 1) / 1e9, n);
    }

    private static List<String> pairs(List<Long> first, List<Long> whole) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            shown.add(first.get(i) / 1_000_000 + "/" + whole.get(i) / 1_000_000);
        }
        return shown;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}

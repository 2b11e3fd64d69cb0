package dev.sjl.docs;

import dev.sjl.docs.CodeTables.Table;
import dev.sjl.docs.LabCatalog.Lab;
import dev.sjl.kit.model.AuthorTodo;
import dev.sjl.kit.model.LabSources;
import dev.sjl.kit.model.MarkerException;
import dev.sjl.kit.rehearse.AsciidocInterviewGuide;
import dev.sjl.kit.rehearse.Drill;
import dev.sjl.kit.rehearse.Drills;
import dev.sjl.kit.rehearse.QuestionBank;
import dev.sjl.kit.rehearse.QuestionBankException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the handbook's generated AsciiDoc before Asciidoctor runs (Maven's prepare-package, through exec:java,
 * with the references on the classpath):
 * <pre>
 * generated/labs.adoc                    one include per lab chapter (Part II)
 * generated/labs/NN-topic/chapter.adoc   the lab's chapter: revision guide, tables, diagram, interview guide
 * generated/labs/NN-topic/&lt;table&gt;.adoc  one per {@link TableSpec} the lab's reference declares
 * generated/labs/NN-topic/interview.adoc from docs/src/questions/NN-topic.yml, by tools/rehearse's renderer
 * generated/learning-path.adoc           the labs of this edition, time and tasks from their READMEs
 * generated/routes.adoc                  every route of every reference
 * generated/checklists.adoc              every checklists/*.adoc (Part III)
 * generated/kit-commands.adoc            the kit's commands, from their picocli annotations
 * generated/local-cloud.adoc             the local cloud's services, emulators and ports, from Service.table()
 * generated/solutions/NN-topic/src/main  the reference without its task markers: what {solutions} includes show
 * </pre>
 * Arguments: {@code --root=<repository> --out=<generated dir> [--require-lab-guides=true|false]}.
 */
public final class HandbookSources {

    /** The kit's own checklists, in the order one works through them; labs' checklists follow by name. */
    static final List<String> KIT_CHECKLISTS =
            List.of("deploy.adoc", "debug.adoc", "security.adoc", "interview-day.adoc");

    private final Path root;
    private final Path out;
    private final boolean requireLabGuides;
    private final Function<Path, List<QuestionBank>> banks;
    private final List<Drill> drills;
    private final Map<String, List<Table>> tables;
    private final List<KitCommands.Usage> kitCommands;
    private final String localCloudTable;

    HandbookSources(Path root, Path out, boolean requireLabGuides, Function<Path, List<QuestionBank>> banks,
                    List<Drill> drills, Map<String, List<Table>> tables, List<KitCommands.Usage> kitCommands,
                    String localCloudTable) {
        this.root = root.toAbsolutePath().normalize();
        this.out = out.toAbsolutePath().normalize();
        this.requireLabGuides = requireLabGuides;
        this.banks = banks;
        this.drills = drills;
        this.tables = tables;
        this.kitCommands = kitCommands;
        this.localCloudTable = localCloudTable;
    }

    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        if (!options.containsKey("root") || !options.containsKey("out")) {
            throw new IllegalArgumentException("Usage: HandbookSources --root=<repository> --out=<generated dir> "
                    + "[--require-lab-guides=true|false]");
        }
        Map<String, List<Table>> found = CodeTables.scan(List.of("dev.sjl"), CodeTables::labOfReference);
        List<KitCommands.Usage> commands = KitCommands.read(KitCommands.KIT, KitCommands.MODULE_COMMANDS,
                Thread.currentThread().getContextClassLoader());
        String localCloud = LocalCloudTable.read(Thread.currentThread().getContextClassLoader());
        HandbookSources sources = new HandbookSources(Path.of(options.get("root")), Path.of(options.get("out")),
                Boolean.parseBoolean(options.getOrDefault("require-lab-guides", "false")),
                QuestionBank::loadAll, Drills.builtIn(), found, commands, localCloud);
        List<Lab> labs = sources.write();
        System.out.println("Handbook sources: " + labs.size() + " lab chapter(s), "
                + found.values().stream().mapToInt(List::size).sum() + " generated table(s) in " + sources.out);
    }

    /** Writes every generated file; returns the labs that got a chapter. */
    List<Lab> write() {
        List<Lab> labs = LabCatalog.discover(root);
        Map<String, QuestionBank> banksByLab = loadBanks();
        List<String> problems = new ArrayList<>();
        for (Lab lab : labs) {
            problems.addAll(missingGuides(lab, banksByLab.containsKey(lab.id())));
        }
        banksByLab.keySet().stream()
                .filter(id -> labs.stream().noneMatch(l -> l.id().equals(id)))
                .forEach(id -> problems.add(QuestionBank.DIRECTORY + "/" + id + ".yml has no lab folder labs/" + id));
        tables.keySet().stream()
                .filter(id -> labs.stream().noneMatch(l -> l.id().equals(id)))
                .forEach(id -> problems.add("solutions/" + id + " declares handbook tables but labs/" + id
                        + " does not exist"));
        if (!problems.isEmpty()) {
            throw HandbookException.of(problems);
        }
        clean();
        labs.forEach(lab -> writeLab(lab, Optional.ofNullable(banksByLab.get(lab.id()))));
        labs.forEach(this::writeReference);
        write("labs.adoc", Chapters.labs(labs));
        write("learning-path.adoc", Chapters.learningPath(labs));
        write("routes.adoc", Chapters.allRoutes(tables));
        write("checklists.adoc", Chapters.checklists(checklists()));
        write("kit-commands.adoc", KitCommands.table(kitCommands));
        write("local-cloud.adoc", localCloudTable);
        return labs;
    }

    private Map<String, QuestionBank> loadBanks() {
        try {
            return banks.apply(root).stream().collect(Collectors.toMap(QuestionBank::lab, b -> b));
        } catch (QuestionBankException e) {
            // The bank's own validation names file, entry and fix; the handbook adds nothing to it.
            throw new HandbookException(e.getMessage(), e);
        }
    }

    private List<String> missingGuides(Lab lab, boolean hasBank) {
        List<String> problems = new ArrayList<>();
        if (requireLabGuides && !Files.isRegularFile(lab.revision())) {
            problems.add("lab " + lab.id() + " has no revision guide: write " + root.relativize(lab.revision()));
        }
        if (requireLabGuides && !hasBank) {
            problems.add("lab " + lab.id() + " has no question bank: write " + root.relativize(lab.questions()));
        }
        if (requireLabGuides) {
            for (Path written : List.of(lab.revision(), lab.questions(), lab.diagram())) {
                AuthorTodo.firstIn(written).ifPresent(line -> problems.add("lab " + lab.id()
                        + " still has kit new-lab's scaffold text in " + root.relativize(written) + ", " + line));
            }
        }
        return problems;
    }

    private void writeLab(Lab lab, Optional<QuestionBank> bank) {
        Optional<String> revision = LabCatalog.readIfPresent(lab.revision());
        String dir = "labs/" + lab.id() + "/";
        List<String> keys = new ArrayList<>();
        Map<String, List<Table>> bySpec = tables.getOrDefault(lab.id(), List.of()).stream()
                .collect(Collectors.groupingBy(t -> t.spec().key(), LinkedHashMap::new, Collectors.toList()));
        bySpec.forEach((key, specTables) -> {
            write(dir + key + ".adoc", Chapters.tables(specTables));
            keys.add(key);
        });
        // tools/rehearse renders the guide (and its "explain the system" drills): one renderer for every reader.
        Optional<String> interview = bank.map(b -> AsciidocInterviewGuide.render(b, drills));
        interview.ifPresent(text -> write(dir + "interview.adoc", text));
        write(dir + "chapter.adoc", Chapters.labChapter(lab, revision, keys,
                interview.map(text -> Headings.firstLevel(text).orElse(2)), Files.isRegularFile(lab.diagram())));
    }

    private Map<String, String> checklists() {
        Path dir = root.resolve("checklists");
        if (!Files.isDirectory(dir)) {
            return Map.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            Map<String, String> ordered = new LinkedHashMap<>();
            files.filter(p -> p.getFileName().toString().endsWith(".adoc"))
                    .sorted(Comparator.comparing((Path p) -> {
                        int kit = KIT_CHECKLISTS.indexOf(p.getFileName().toString());
                        return kit < 0 ? KIT_CHECKLISTS.size() : kit;
                    }).thenComparing(p -> p.getFileName().toString()))
                    .forEach(p -> ordered.put(p.getFileName().toString(), LabCatalog.readIfPresent(p).orElseThrow()));
            return ordered;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    // A lab that stops declaring a table must lose it: nothing from an earlier build may survive.
    /**
     * The reference as a reader should see it: the task markers and the starter's commented-out lines are for the
     * generator, not for the handbook's snippets. A marker out of place fails the build here, naming file and line.
     */
    private void writeReference(Lab lab) {
        dev.sjl.kit.model.Lab parts = dev.sjl.kit.model.Lab.in(root, lab.id());
        if (!Files.isRegularFile(parts.solutionPom())) {
            return;
        }
        try {
            LabSources.writeTree(LabSources.read(parts).referenceWithoutMarkers(),
                    dev.sjl.kit.model.Lab.in(out, lab.id()).solutionDir());
        } catch (MarkerException e) {
            throw new HandbookException(e.getMessage(), e);
        }
    }

    private void clean() {
        if (!Files.exists(out)) {
            return;
        }
        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + out, e);
        }
    }

    private void write(String relative, String content) {
        Path file = out.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "// Generated by dev.sjl.docs.HandbookSources: edit the source, not this file.\n"
                    + content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}

package dev.sjl.kit.rehearse;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code kit cards [--format anki-tsv|csv] [--out FILE]}: every question (and drill) as a flashcard deck. */
@Command(name = "cards", mixinStandardHelpOptions = true,
        description = {
                "Export every interview question, and the explain-the-system drills, as flashcards.",
                "anki-tsv: import in Anki with File > Import (Basic note type; tags sjl::lab::NN-topic, "
                        + "sjl::topic::..., sjl::difficulty::...). Re-importing updates the cards it created.",
                "csv: one row per card, for a spreadsheet or another flashcard tool."},
        footer = {"", "Exit status: 0 written, 1 invalid question banks or nothing to export, 2 bad option."})
public final class CardsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "anki-tsv|csv", defaultValue = "anki-tsv",
            description = "anki-tsv (default) or csv.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of to standard output.")
    Path outFile;

    @Option(names = "--drills", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Include the explain-the-system drills (default: ${DEFAULT-VALUE}).")
    boolean drills;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The repository root (default: $KIT_ROOT, else the working directory).")
    Path root;

    private final Map<String, String> env;

    public CardsCommand() {
        this(System.getenv());
    }

    CardsCommand(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CardsCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (!format.equals("anki-tsv") && !format.equals("csv")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format must be anki-tsv or csv, not '" + format + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path repo = RepoRoot.resolve(root, env);
        List<QuestionBank> banks;
        try {
            banks = QuestionBank.loadAll(repo);
        } catch (QuestionBankException e) {
            err.println(e.getMessage());
            return 1;
        }
        List<Card> cards = new ArrayList<>();
        Map<String, String> titles = new HashMap<>();
        for (QuestionBank bank : banks) {
            titles.put(bank.lab(), bank.title());
            bank.questions().forEach(q -> cards.add(Card.of(bank, q)));
        }
        if (drills) {
            Drills.builtIn().forEach(d -> cards.add(Card.of(d, titles.getOrDefault(d.lab(), d.lab()))));
        }
        if (cards.isEmpty()) {
            err.println("Nothing to export: no question banks in " + QuestionBank.DIRECTORY + " and no drills.");
            return 1;
        }
        StringWriter deck = new StringWriter();
        if (format.equals("csv")) {
            DeckExporter.csv(cards, deck);
        } else {
            DeckExporter.ankiTsv(cards, deck);
        }
        if (outFile == null) {
            out.print(deck);
            out.flush();
        } else {
            try {
                Path parent = outFile.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(outFile, deck.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("Cannot write " + outFile + ": " + e.getMessage());
                return 1;
            }
            out.println("Wrote " + cards.size() + " cards (" + format + ") to " + outFile + ".");
        }
        return 0;
    }
}

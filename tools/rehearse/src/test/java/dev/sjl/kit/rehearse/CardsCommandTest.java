package dev.sjl.kit.rehearse;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CardsCommandTest {

    @TempDir
    Path root;

    private record Run(int exit, String out, String err) {
    }

    private Run cards(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CardsCommand(Map.of()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    @Tag("task:4")
    @DisplayName("Exports an Anki deck: file headers, then guid, HTML front and back, tags; easy cards first")
    void ankiGoldenLines() {
        FixtureRepo.copyTo(root);

        Run run = cards("--no-drills");

        assertThat(run.exit()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.subList(0, 8)).containsExactly(
                "#separator:tab",
                "#html:true",
                "#tags column:4",
                "#guid column:1",
                "#notetype:Basic",
                "#deck:Serverless Java Labs",
                "#columns:guid\tFront\tBack\tTags",
                "sjl:fx-init-vs-invoke\tWhat runs once per container, and what runs on every invocation?\t"
                        + "<p>The constructor and static initialisers run once, during init; <code>handleRequest"
                        + "</code> runs per event.</p><p>So clients and configuration belong in fields, built in the "
                        + "constructor.</p><p><b>Key points</b></p><ul><li>Init happens once per execution "
                        + "environment</li><li><code>handleRequest</code> runs for each event</li></ul>"
                        + "<p><b>Follow-ups</b></p><ul><li>What does SnapStart change?</li></ul><p><small>Code: "
                        + "<code>solutions/01-fixture/src/main/java/dev/sjl/fixture/Greeter.java</code>, tag "
                        + "<code>greet</code></small></p>\t"
                        + "sjl::lab::01-fixture sjl::difficulty::easy sjl::topic::lambda sjl::topic::cold-start");
        assertThat(lines).as("7 header lines and one line per question: no field may contain a raw line break")
                .hasSize(7 + 8);
        assertThat(lines.subList(7, 15)).extracting(l -> l.substring(0, l.indexOf('\t'))).as("lab, easy→hard, id")
                .containsExactly("sjl:fx-init-vs-invoke", "sjl:fx-logging", "sjl:fx-memory", "sjl:fx-config-secrets",
                        "sjl:fx-env-vs-ssm", "sjl:fx-timeout", "sjl:fx-idempotency", "sjl:fx-routes-template");
        assertThat(lines.get(14)).as("HTML is escaped, quotes included, so Anki needs no CSV quoting")
                .contains("for &quot;GET /users/me&quot;?\t")
                .contains("registration order &lt;always&gt;.");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Exports the same bytes however the YAML orders its questions")
    void deterministic() {
        FixtureRepo.copyTo(root);
        String first = cards().out();
        String yaml = FixtureRepo.read(root, FixtureRepo.BANK);
        int logging = yaml.indexOf("  - id: fx-logging");
        int timeout = yaml.indexOf("  - id: fx-timeout");
        int memory = yaml.indexOf("  - id: fx-memory");
        FixtureRepo.write(root, FixtureRepo.BANK, yaml.substring(0, timeout) + yaml.substring(logging)
                + yaml.substring(memory, logging) + yaml.substring(timeout, memory));

        assertThat(cards().out()).isEqualTo(first);
    }

    @Test
    @Tag("task:4")
    @DisplayName("Exports CSV with a header and quoting that a CSV reader turns back into the same values")
    void csvRoundTrip() throws Exception {
        FixtureRepo.copyTo(root);

        Run run = cards("--format", "csv", "--no-drills");

        assertThat(run.out().lines().limit(2)).containsExactly(
                "id,lab,kind,difficulty,topics,question,answer,points,follow_ups,code",
                "fx-init-vs-invoke,01-fixture,question,easy,lambda cold-start,\"What runs once per container, and "
                        + "what runs on every invocation?\",\"The constructor and static initialisers run once, "
                        + "during init; `handleRequest` runs per event.");
        CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> rows;
        try (MappingIterator<String[]> it = csv.readerFor(String[].class).readValues(run.out())) {
            rows = it.readAll();
        }
        assertThat(rows).hasSize(9);
        String[] routes = rows.get(8);
        assertThat(routes[0]).isEqualTo("fx-routes-template");
        assertThat(routes[5]).isEqualTo("How does a router choose between `/users/me` and `/users/{id}` for "
                + "\"GET /users/me\"?");
        assertThat(rows.get(1)[6]).contains("per event.\n\nSo clients");
        assertThat(rows.get(1)[7]).isEqualTo("Init happens once per execution environment\n"
                + "`handleRequest` runs for each event");
        assertThat(rows.get(1)[9]).isEqualTo("solutions/01-fixture/src/main/java/dev/sjl/fixture/Greeter.java#greet");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Joins the YAML's hard-wrapped lines into paragraphs but keeps list items apart")
    void reflowsAnswers() {
        assertThat(InlineText.htmlBlock("Lambda stops the call\nat the timeout.\n- one `a<b`\n- two\n\nThen <this>."))
                .isEqualTo("<p>Lambda stops the call at the timeout.<br>- one <code>a&lt;b</code><br>- two</p>"
                        + "<p>Then &lt;this&gt;.</p>");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Writes to --out and says how many cards")
    void writesFile() {
        FixtureRepo.copyTo(root);
        Path out = root.resolve("build/deck.txt");

        Run run = cards("--no-drills", "--out", out.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("Wrote 8 cards (anki-tsv) to " + out + ".\n");
        assertThat(out).content().startsWith("#separator:tab\n");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Includes the drills as cards tagged by kind unless --no-drills")
    void includesDrills() {
        FixtureRepo.copyTo(root);
        int drills = Drills.builtIn().size();

        Run run = cards();

        assertThat(run.out().lines().count()).isEqualTo(7 + 8 + drills);
        if (drills > 0) {
            assertThat(run.out()).contains("sjl::drill::");
        }
    }

    @Test
    @Tag("task:4")
    @DisplayName("Rejects an unknown format with exit status 2")
    void unknownFormat() {
        FixtureRepo.copyTo(root);

        Run run = cards("--format", "xlsx");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("--format must be anki-tsv or csv, not 'xlsx'");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Reports invalid banks and exits 1 instead of exporting half a deck")
    void invalidBank() {
        FixtureRepo.copyTo(root);
        FixtureRepo.edit(root, FixtureRepo.BANK, "difficulty: easy", "difficulty: trivial");

        Run run = cards();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("difficulty 'trivial' is not one of easy | medium | hard");
    }
}

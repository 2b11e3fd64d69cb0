package dev.sjl.docs;

import dev.sjl.docs.CodeTables.Table;
import dev.sjl.docs.fixture.good.DemoConfig;
import dev.sjl.docs.fixture.good.DemoHandler;
import dev.sjl.kit.rehearse.Difficulty;
import dev.sjl.kit.rehearse.Question;
import dev.sjl.kit.rehearse.QuestionBank;
import dev.sjl.kit.rehearse.QuestionBankException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sjl.docs.CodeTablesTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandbookSourcesTest {

    @TempDir
    Path root;

    private Path out() {
        return root.resolve("docs/target/generated-handbook");
    }

    private void lab(String id, String readme) throws IOException {
        Files.createDirectories(root.resolve("labs").resolve(id));
        Files.writeString(root.resolve("labs").resolve(id).resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("labs").resolve(id).resolve("README.md"), readme);
    }

    private static QuestionBank bank(String lab) {
        Question q = new Question("demo-q", Difficulty.EASY, List.of("demo"), "Why?", "Because.", List.of("point"),
                List.of(), Optional.empty());
        return new QuestionBank(lab, "Demo", List.of(q), Path.of(lab + ".yml"));
    }

    private HandbookSources sources(boolean strict, List<QuestionBank> banks, Map<String, List<Table>> tables) {
        return new HandbookSources(root, out(), strict, r -> banks, List.of(), tables,
                List.of(new KitCommands.Usage("./kit status", "Where you stand.", List.of())), ".Local cloud services\n");
    }

    @Test
    @DisplayName("Writes a chapter per lab folder, its tables, its interview guide and the shared files")
    void writesEveryGeneratedFile() throws IOException {
        lab("01-demo", "# Lab 01 · Demo lab\n\n**Time:** 30 min\n\n## Tasks\n1. **First thing** (`task:1`) — x\n");
        lab("02-other", "no heading here");
        Files.createDirectories(root.resolve("docs/src/docs/asciidoc/labs/01-demo"));
        Files.writeString(root.resolve("docs/src/docs/asciidoc/labs/01-demo/revision.adoc"), "= Revision\n");
        Files.createDirectories(root.resolve("checklists"));
        Files.writeString(root.resolve("checklists/zz-lab.adoc"), "= Lab checklist\n");
        Files.writeString(root.resolve("checklists/deploy.adoc"), "= Deploy\n");
        Table routes = CodeTables.read(spec("routes"), "01-demo", DemoHandler.class);
        Table env = CodeTables.read(spec("environment"), "01-demo", DemoConfig.class);

        sources(false, List.of(bank("01-demo")), Map.of("01-demo", List.of(routes, env))).write();

        assertThat(out().resolve("labs.adoc")).content().as("one include per lab folder, in order")
                .contains("include::{generated}/labs/01-demo/chapter.adoc[]\n\ninclude::{generated}/labs/02-other/chapter.adoc[]");
        assertThat(out().resolve("labs/01-demo/routes.adoc")).content().contains("/users/{id}");
        assertThat(out().resolve("labs/01-demo/environment.adoc")).content().contains("SIGNING_KEY_ARN");
        assertThat(out().resolve("labs/01-demo/interview.adoc")).content().as("rendered by tools/rehearse")
                .contains("[[interview-01-demo]]", "Why?");
        assertThat(out().resolve("labs/01-demo/chapter.adoc")).content()
                .contains("include::{generated}/labs/01-demo/interview.adoc[leveloffset=+1]");
        assertThat(out().resolve("labs/01-demo/chapter.adoc")).content()
                .contains("== Lab 01 · Demo lab", "*Time:* 30 min", ". First thing", "revision.adoc[leveloffset=+2]");
        assertThat(out().resolve("labs/02-other/chapter.adoc")).content().as("title from the folder name, parts pending")
                .contains("== Lab 02 · Other", "being written");
        assertThat(out().resolve("labs/02-other")).as("no tables and no bank: no table or interview files")
                .isDirectoryNotContaining("glob:**/{routes,environment,interview}.adoc");
        assertThat(out().resolve("learning-path.adoc")).content().contains("|<<lab-01-demo,01>>");
        assertThat(out().resolve("routes.adoc")).content().contains("/signup");
        assertThat(out().resolve("kit-commands.adoc")).content().contains("./kit status");
        assertThat(out().resolve("local-cloud.adoc")).content().contains(".Local cloud services");
        assertThat(Files.readString(out().resolve("checklists.adoc"))).as("the kit's checklists first, then the labs'")
                .containsSubsequence("deploy.adoc", "zz-lab.adoc");
    }

    @Test
    @DisplayName("Removes files of an earlier build, so a table the code dropped disappears")
    void cleansEarlierOutput() throws IOException {
        lab("01-demo", "");
        Files.createDirectories(out().resolve("labs/01-demo"));
        Files.writeString(out().resolve("labs/01-demo/routes.adoc"), "stale");

        sources(false, List.of(), Map.of()).write();

        assertThat(out().resolve("labs/01-demo/routes.adoc")).as("the reference no longer declares routes").doesNotExist();
    }

    @Test
    @DisplayName("When the handbook must be complete, fails naming each lab's missing guide and bank")
    void strictModeNamesMissingFiles() throws IOException {
        lab("01-demo", "");
        lab("02-other", "");
        Files.createDirectories(root.resolve("docs/src/docs/asciidoc/labs/01-demo"));
        Files.writeString(root.resolve("docs/src/docs/asciidoc/labs/01-demo/revision.adoc"), "= Revision\n");

        assertThatThrownBy(() -> sources(true, List.of(bank("01-demo")), Map.of()).write())
                .isInstanceOf(HandbookException.class)
                .hasMessageContaining("lab 02-other has no revision guide: write docs/src/docs/asciidoc/labs/02-other/revision.adoc")
                .hasMessageContaining("lab 02-other has no question bank: write docs/src/questions/02-other.yml")
                .hasMessageNotContaining("lab 01-demo");
    }

    @Test
    @DisplayName("Fails when a bank or a reference's tables name a lab that has no folder")
    void strayBankOrTables() throws IOException {
        lab("01-demo", "");
        Table routes = CodeTables.read(spec("routes"), "07-ghost", DemoHandler.class);

        assertThatThrownBy(() -> sources(false, List.of(bank("05-nowhere")), Map.of("07-ghost", List.of(routes))).write())
                .hasMessageContaining("docs/src/questions/05-nowhere.yml has no lab folder labs/05-nowhere")
                .hasMessageContaining("solutions/07-ghost declares handbook tables but labs/07-ghost does not exist");
    }

    @Test
    @DisplayName("Passes the question banks' own problems through unchanged")
    void bankProblemsFailTheBuild() throws IOException {
        lab("01-demo", "");
        HandbookSources failing = new HandbookSources(root, out(), false, r -> {
            throw new QuestionBankException(List.of("docs/src/questions/01-demo.yml: question 2 (id x): missing answer"));
        }, List.of(), Map.of(), List.of(), "");

        assertThatThrownBy(failing::write).isInstanceOf(HandbookException.class)
                .hasMessageContaining("question 2 (id x): missing answer");
    }
}

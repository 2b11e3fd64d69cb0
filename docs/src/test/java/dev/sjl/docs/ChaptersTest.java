package dev.sjl.docs;

import dev.sjl.docs.CodeTables.Table;
import dev.sjl.docs.LabCatalog.Lab;
import dev.sjl.docs.fixture.good.DemoConfig;
import dev.sjl.docs.fixture.good.DemoHandler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.sjl.docs.CodeTablesTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

class ChaptersTest {

    private static final Lab LAB = new Lab("03-jwt", "JWT: sign, verify, rotate", OptionalInt.of(90),
            List.of("Hash passwords", "Verify {token}"), Path.of("r.adoc"), Path.of("q.yml"), Path.of("d.puml"));

    @Test
    @DisplayName("Renders a table whose cells cannot be read as AsciiDoc: no attribute, no split row, no link")
    void tableCellsAreLiteral() {
        Table env = CodeTables.read(spec("environment"), "03-jwt", DemoConfig.class);

        String adoc = Chapters.table(env);

        assertThat(adoc).as("titled with the declaring class").startsWith(".Environment variables: `pass:c[DemoConfig]`\n");
        assertThat(adoc).as("the spec's widths fit the four columns").contains("[%header,cols=\"3,1,1,7\"]");
        assertThat(adoc).as("the pipe inside a description is escaped, so the row keeps four cells")
                .contains("|pass:c[Secret holding the key \\| never logged]");
        assertThat(adoc).as("{docs} and the URL stay literal inside pass:c")
                .contains("|pass:c[e.g. https://app.example.com; see {docs}]");
        assertThat(adoc).as("names are code").contains("|`pass:c[SIGNING_KEY_ARN]`");
        assertThat(adoc).as("the source of the table is named")
                .contains("dev.sjl.docs.fixture.good.DemoConfig.ENVIRONMENT");
    }

    @Test
    @DisplayName("Builds a lab chapter from the revision guide, the tables and the interview guide")
    void labChapterWithEverything() {
        String chapter = Chapters.labChapter(LAB, Optional.of("= Revision guide: JWT\n\n== Concepts\n"),
                List.of("routes", "environment"), Optional.of(1), false);

        assertThat(chapter).as("an anchor other chapters can link to").startsWith("[[lab-03-jwt]]\n== Lab 03 · JWT: sign, verify, rotate\n");
        assertThat(chapter).contains("*Time:* 90 min");
        assertThat(chapter).as("task titles are escaped like any prose").contains(". Verify \\{token}\n");
        assertThat(chapter).as("a titled guide is included two levels down, as a section of the chapter")
                .contains("include::{docdir}/labs/03-jwt/revision.adoc[leveloffset=+2]");
        assertThat(chapter).contains("include::{generated}/labs/03-jwt/routes.adoc[]",
                "include::{generated}/labs/03-jwt/environment.adoc[]");
        assertThat(chapter).as("tools/rehearse writes the guide at level 1 (==): one level down, a section of the chapter")
                .contains("include::{generated}/labs/03-jwt/interview.adoc[leveloffset=+1]");
        assertThat(chapter).as("no diagram file, no diagram").doesNotContain("plantuml::");
        assertThat(chapter).doesNotContain("being written");
    }

    @Test
    @DisplayName("Marks missing parts of a lab as being written, naming the file to write")
    void labChapterInProgress() {
        String chapter = Chapters.labChapter(LAB, Optional.empty(), List.of(), Optional.empty(), true);

        assertThat(chapter).as("each missing part is a visible note naming the file to write").contains(
                "NOTE: The revision guide for this lab is being written: `pass:c[docs/src/docs/asciidoc/labs/03-jwt/revision.adoc]`.",
                "NOTE: The question bank for this lab is being written: `pass:c[docs/src/questions/03-jwt.yml]`.");
        assertThat(chapter).as("no tables, no tables section").doesNotContain("The reference in tables");
        assertThat(chapter).as("the lab's diagram file exists, so it is shown")
                .contains("plantuml::{diagrams}/03-jwt.puml[target=diagram-03-jwt]");
    }

    @Test
    @DisplayName("Does not repeat what the revision guide already includes itself")
    void noDuplicateIncludes() {
        String revision = "== Routes\ninclude::{generated}/labs/03-jwt/routes.adoc[]\nplantuml::{diagrams}/03-jwt.puml[]\n";

        String chapter = Chapters.labChapter(LAB, Optional.of(revision), List.of("routes", "environment"),
                Optional.of(2), true);

        assertThat(chapter).as("routes are in the guide already").doesNotContain("include::{generated}/labs/03-jwt/routes.adoc");
        assertThat(chapter).contains("include::{generated}/labs/03-jwt/environment.adoc[]");
        assertThat(chapter).as("the guide shows the diagram").doesNotContain("The lab in one picture");
        assertThat(chapter).as("an untitled guide gets our heading").contains("=== Revision guide\n\ninclude::");
        assertThat(chapter).as("a guide already at level 2 is included as is")
                .contains("include::{generated}/labs/03-jwt/interview.adoc[]");
    }

    @Test
    @DisplayName("Lists every route of every lab, linked to its chapter")
    void allRoutes() {
        Map<String, List<Table>> tables = new LinkedHashMap<>();
        tables.put("03-jwt", List.of(CodeTables.read(spec("routes"), "03-jwt", DemoHandler.class),
                CodeTables.read(spec("environment"), "03-jwt", DemoConfig.class)));

        String adoc = Chapters.allRoutes(tables);

        assertThat(adoc).contains("|<<lab-03-jwt,03>>\n|`pass:c[GET]`\n|`pass:c[/users/{id}]`\n|pass:c[JWT]\n|`pass:c[DemoHandler]`");
        assertThat(adoc).as("environment tables are not routes").doesNotContain("SIGNING_KEY_ARN");
        assertThat(Chapters.allRoutes(Map.of())).as("no routes yet: a note, not an empty table").startsWith("NOTE:");
    }

    @Test
    @DisplayName("Includes each checklist as a chapter with an anchor named after its file")
    void checklists() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("deploy.adoc", "= Deploy checklist\n\n== Before\n");
        files.put("lambda-limits.adoc", "== Sizes\n");

        String adoc = Chapters.checklists(files);

        assertThat(adoc).contains("[[checklist-deploy]]\ninclude::{checklists}/deploy.adoc[leveloffset=+1]\n");
        assertThat(adoc).as("a checklist without a title gets one from its file name")
                .contains("[[checklist-lambda-limits]]\n== Lambda limits checklist\n\ninclude::{checklists}/lambda-limits.adoc[leveloffset=+1]");
    }

    @Test
    @DisplayName("Builds the learning-path table from the labs' READMEs")
    void learningPath() {
        assertThat(Chapters.learningPath(List.of(LAB)))
                .contains("|<<lab-03-jwt,03>>\n|JWT: sign, verify, rotate\n|90 min\n|Hash passwords; Verify \\{token}\n");
    }
}

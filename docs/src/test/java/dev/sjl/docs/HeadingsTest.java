package dev.sjl.docs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeadingsTest {

    @Test
    @DisplayName("Finds the first heading, skipping comments and headings inside delimited blocks")
    void firstHeadingOutsideBlocks() {
        String text = """
                // == not a heading
                ----
                == inside a listing
                ----
                ====
                example block, not a heading
                ====
                === Concepts
                == Later
                """;
        assertThat(Headings.firstLevel(text)).as("=== is level 2; the earlier lookalikes are content").hasValue(2);
        assertThat(Headings.firstLevel("= Title\n\n== One")).hasValue(0);
        assertThat(Headings.firstLevel("# Markdown-style title")).hasValue(0);
        assertThat(Headings.firstLevel("just a paragraph")).isEmpty();
    }

    @Test
    @DisplayName("Includes a file with a title so that its title lands at the requested level")
    void includeWithTitle() {
        assertThat(Headings.includeAt("{docdir}/x.adoc", "= Revision guide: JWT\n\n== Concepts\n", 2, "Revision guide"))
                .as("level 0 + 2 = a section of the chapter; no heading of ours")
                .isEqualTo("include::{docdir}/x.adoc[leveloffset=+2]\n");
    }

    @Test
    @DisplayName("Adds a heading for a file without a title and nests its sections under it")
    void includeWithoutTitle() {
        assertThat(Headings.includeAt("{docdir}/x.adoc", "== Concepts\n\ntext\n", 2, "Revision guide"))
                .as("our === heading, then the file's == sections one level below it (====)")
                .isEqualTo("=== Revision guide\n\ninclude::{docdir}/x.adoc[leveloffset=+2]\n");
        assertThat(Headings.includeAt("{c}/a.adoc", "==== Deep\n", 1, "A"))
                .as("a too-deep first heading is lifted: level 3 becomes level 2 under our level-1 heading")
                .isEqualTo("== A\n\ninclude::{c}/a.adoc[leveloffset=-1]\n");
        assertThat(Headings.includeAt("{c}/a.adoc", "only text\n", 1, "A"))
                .isEqualTo("== A\n\ninclude::{c}/a.adoc[]\n");
    }
}

package dev.sjl.docs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AsciidocTest {

    @Test
    @DisplayName("Escapes attribute references in prose and leaves other braces alone")
    void escapesAttributeReferencesOnly() {
        assertThat(Asciidoc.prose("GET /users/{id} returns `{\"error\": \"x\"}` or {set:x:1}"))
                .as("{id} and {set:...} would be substituted; a JSON brace would not, so it gets no backslash")
                .isEqualTo("GET /users/\\{id} returns `{\"error\": \"x\"}` or \\{set:x:1}");
    }

    @Test
    @DisplayName("Wraps literal text in a pass macro that only escapes HTML, with ] escaped")
    void literalText() {
        assertThat(Asciidoc.literal("a[0] *not bold* {id}\n  next"))
                .as("one line, ] escaped, nothing else touched: the pass macro disables formatting and attributes")
                .isEqualTo("pass:c[a[0\\] *not bold* {id} next]");
        assertThat(Asciidoc.code("/users/{id}")).isEqualTo("`pass:c[/users/{id}]`");
    }

    @Test
    @DisplayName("Escapes the cell separator so text from code cannot split a table row")
    void escapesCellSeparator() {
        assertThat(Asciidoc.cell("pass:c[a | b]")).isEqualTo("|pass:c[a \\| b]");
    }

    @Test
    @DisplayName("Keeps bare URLs in titles and list items from turning into links")
    void escapesBareUrls() {
        assertThat(Asciidoc.inline("see https://example.com and link:https://x.org[x]"))
                .as("a bare URL gets a backslash; a URL inside a link macro (after ':') is left alone")
                .isEqualTo("see \\https://example.com and link:https://x.org[x]");
    }

    @Test
    @DisplayName("Builds ids from lower-case letters, digits and dashes")
    void ids() {
        assertThat(Asciidoc.id("Interview", "Day!")).isEqualTo("interview-day");
        assertThat(Asciidoc.id("03-JWT")).isEqualTo("03-jwt");
    }
}

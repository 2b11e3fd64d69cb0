package dev.sjl.http;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static dev.sjl.http.Fixtures.attempt;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 1: path templates")
class PathTemplateTest {

    /** {@code template.match(path)}, where throwing is a failure of its own: a path that does not fit is no match. */
    private static Optional<Map<String, String>> match(String template, String path) {
        return attempt("match(\"" + Fixtures.shown(path) + "\") on " + template + " must answer with a match or "
                + "Optional.empty(), never an exception", () -> PathTemplate.parse(template).match(path));
    }

    @Test
    @Tag("task:1")
    @DisplayName("Matches a path made of literal segments only when every segment is equal")
    void matchesLiteralPathsExactly() {
        assertThat(match("/health", "/health"))
                .as("/health must match the template /health, with no parameters")
                .contains(Map.of());
        assertThat(match("/health", "/healthz")).as("/healthz is another path: no match").isEmpty();
        assertThat(match("/health", "/Health"))
                .as("paths are case-sensitive: /Health must not match /health (compare literals with equals)").isEmpty();
        assertThat(match("/", "/")).as("the root template / matches the path /").contains(Map.of());
        assertThat(match("/.well-known/jwks.json", "/.well-known/jwks.json"))
                .as("/.well-known/jwks.json matches itself").contains(Map.of());
        assertThat(match("/.well-known/jwks.json", "/xwell-known/jwksxjson"))
                .as("a literal segment is text, not a pattern: '.' in /.well-known/jwks.json matches only a dot "
                        + "(a regular expression built from the template must quote its literal segments)")
                .isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Extracts every {name} segment as a path parameter")
    void extractsPathParameters() {
        assertThat(match("/users/{id}/avatar/{size}", "/users/u-42/avatar/small"))
                .as("each {name} segment captures the request's segment at the same position, under the name "
                        + "without the braces")
                .contains(Map.of("id", "u-42", "size", "small"));
        assertThat(match("/users/{id}/avatar/{size}", "/users/u-42/banner/small"))
                .as("the literal segment 'avatar' must still be equal").isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Does not match a path with more or fewer segments than the template")
    void requiresTheSameNumberOfSegments() {
        assertThat(match("/users/{id}", "/users/u-42/avatar")).as("/users/{id} must not match a longer path").isEmpty();
        assertThat(match("/users/{id}", "/users")).as("/users/{id} must not match a shorter path").isEmpty();
        assertThat(match("/", "/users")).as("the root template matches only /").isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Percent-decodes parameters as UTF-8, keeping '+' as a plus sign")
    void decodesParameters() {
        assertThat(match("/users/{id}", "/users/ada%40example.com"))
                .as("rawPath is percent-encoded: decode %40 to @ in the parameter's value")
                .contains(Map.of("id", "ada@example.com"));
        assertThat(match("/users/{id}", "/users/a+b%20c"))
                .as("in a path '+' is a plus sign (only query strings use it for a space); %20 is a space")
                .contains(Map.of("id", "a+b c"));
        assertThat(match("/users/{id}", "/users/Zo%C3%AB"))
                .as("%C3%AB is the UTF-8 encoding of 'ë': decode escapes as UTF-8, never with the JVM's default "
                        + "charset (these tests run with a default that is not UTF-8)")
                .contains(Map.of("id", "Zoë"));
    }

    @Test
    @Tag("task:1")
    @DisplayName("Answers a malformed escape with no match, not an exception")
    void malformedEscapes() {
        for (String path : new String[] {"/users/%zz", "/users/%", "/users/%4"}) {
            assertThat(match("/users/{id}", path))
                    .as("a malformed escape such as %s cannot name a resource: no match, not an exception", path)
                    .isEmpty();
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Ignores one trailing slash but never matches an empty segment")
    void trailingSlashAndEmptySegments() {
        assertThat(match("/users/{id}/avatar", "/users/u-42/avatar/"))
                .as("a single trailing slash is the same resource").contains(Map.of("id", "u-42"));
        assertThat(match("/users/{id}/avatar", "/users/u-42/avatar//"))
                .as("only one trailing slash is ignored: /avatar// ends with an empty segment").isEmpty();
        assertThat(match("/users/{id}/avatar", "/users//avatar"))
                .as("an empty segment is not a value for {id}: keep empty segments when you split, so they fail")
                .isEmpty();
        assertThat(match("/users/{id}", "//users/u-42"))
                .as("an empty segment at the start does not vanish either").isEmpty();
        assertThat(match("/users/{id}/avatar", "/users/%2F/avatar"))
                .as("split on '/' first, then decode: an encoded slash (%2F) is part of a value, not a separator")
                .contains(Map.of("id", "/"));
        assertThat(match("/users/{id}", "/users/a%2Fb"))
                .as("an encoded slash stays inside the value").contains(Map.of("id", "a/b"));
    }
}

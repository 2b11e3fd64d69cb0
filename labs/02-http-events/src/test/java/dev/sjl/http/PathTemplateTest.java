package dev.sjl.http;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 1: path templates")
class PathTemplateTest {

    @Test
    @Tag("task:1")
    @DisplayName("Matches a path made of literal segments only when every segment is equal")
    void matchesLiteralPathsExactly() {
        PathTemplate health = PathTemplate.parse("/health");

        assertThat(health.match("/health"))
                .as("/health must match the template /health, with no parameters")
                .contains(Map.of());
        assertThat(health.match("/healthz")).as("/healthz is another path: no match").isEmpty();
        assertThat(health.match("/Health")).as("paths are case-sensitive: /Health must not match /health").isEmpty();
        assertThat(PathTemplate.parse("/").match("/")).as("the root template / matches the path /").contains(Map.of());
    }

    @Test
    @Tag("task:1")
    @DisplayName("Extracts every {name} segment as a path parameter")
    void extractsPathParameters() {
        PathTemplate avatar = PathTemplate.parse("/users/{id}/avatar/{size}");

        assertThat(avatar.match("/users/u-42/avatar/small"))
                .as("each {name} segment captures the request's segment at the same position")
                .contains(Map.of("id", "u-42", "size", "small"));
        assertThat(avatar.match("/users/u-42/banner/small"))
                .as("the literal segment 'avatar' must still be equal").isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Does not match a path with more or fewer segments than the template")
    void requiresTheSameNumberOfSegments() {
        PathTemplate user = PathTemplate.parse("/users/{id}");

        assertThat(user.match("/users/u-42/avatar")).as("/users/{id} must not match a longer path").isEmpty();
        assertThat(user.match("/users")).as("/users/{id} must not match a shorter path").isEmpty();
        assertThat(PathTemplate.parse("/").match("/users")).as("the root template matches only /").isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Percent-decodes parameters, keeping '+' as a plus sign")
    void decodesParameters() {
        PathTemplate user = PathTemplate.parse("/users/{id}");

        assertThat(user.match("/users/ada%40example.com"))
                .as("rawPath is percent-encoded: decode %40 to @ in the parameter's value")
                .contains(Map.of("id", "ada@example.com"));
        assertThat(user.match("/users/a+b%20c"))
                .as("in a path '+' is a plus sign (only query strings use it for a space); %20 is a space")
                .contains(Map.of("id", "a+b c"));
        assertThat(user.match("/users/%zz"))
                .as("a malformed escape such as %zz cannot name a resource: no match, not an exception")
                .isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Ignores one trailing slash but never matches an empty segment")
    void trailingSlashAndEmptySegments() {
        PathTemplate avatar = PathTemplate.parse("/users/{id}/avatar");

        assertThat(avatar.match("/users/u-42/avatar/"))
                .as("a single trailing slash is the same resource").contains(Map.of("id", "u-42"));
        assertThat(avatar.match("/users//avatar"))
                .as("an empty segment is not a value for {id}").isEmpty();
        assertThat(avatar.match("/users/%2F/avatar"))
                .as("split on '/' first, then decode: an encoded slash (%2F) is part of a value, not a separator")
                .contains(Map.of("id", "/"));
    }
}

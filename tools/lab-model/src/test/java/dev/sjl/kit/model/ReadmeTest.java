package dev.sjl.kit.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Reading a lab's README")
class ReadmeTest {

    @Test
    @DisplayName("Read the number, title and time estimate of the documented format")
    void documentedFormat() {
        Readme readme = Readme.parse("""
                # Lab 03 · JWT: sign, verify, rotate

                **Time:** 90 min · **Run:** `./mvnw test -pl labs/03-jwt` · **Hints:** `./kit hint 03`

                ## Tasks
                1. **Hash passwords** (`task:1`) — bcrypt.
                2. **Issue tokens** (`task:2`) — HS256.

                ## Done when
                1. **Not a task** — a numbered bold item outside the tasks section.
                """);

        assertThat(readme).isEqualTo(new Readme(3, "JWT: sign, verify, rotate", 90,
                List.of("Hash passwords", "Issue tokens")));
    }

    @Test
    @DisplayName("Leave out what is missing or malformed, so the self-test can name it")
    void missingParts() {
        assertThat(Readme.parse("# JWT\n\nTime: about an hour\n")).isEqualTo(new Readme(null, null, null, List.of()));
        assertThat(Readme.parse("Intro\n\n# Lab 3 - JWT\n")).isEqualTo(new Readme(null, null, null, List.of()));
    }

    @Test
    @DisplayName("Take only the first top-level heading as the lab's name")
    void firstHeadingOnly() {
        assertThat(Readme.parse("# Notes\n\n# Lab 03 · JWT\n").title()).isNull();
    }
}

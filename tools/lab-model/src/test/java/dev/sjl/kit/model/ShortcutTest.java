package dev.sjl.kit.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShortcutTest {

    @Test
    @DisplayName("Reads the task, the mistake, the expected phrases and each search/replace")
    void parses() {
        Shortcut shortcut = Shortcut.parse("solutions/03-jwt/shortcuts/3-alg.shortcut", """
                # a comment
                Task: 3
                Mistake: the header picks the algorithm
                Expect: algorithm
                Expect: pin

                <<<<<<< SEARCH src/main/java/A.java
                    check();
                =======
                >>>>>>> REPLACE
                <<<<<<< SEARCH src/main/java/B.java
                    int x = 1;
                =======
                    int x = 2;
                >>>>>>> REPLACE
                """);

        assertThat(shortcut.name()).isEqualTo("3-alg");
        assertThat(shortcut.task()).isEqualTo(3);
        assertThat(shortcut.expect()).containsExactly("algorithm", "pin");
        assertThat(shortcut.edits()).containsExactly(
                new Shortcut.Edit("src/main/java/A.java", "    check();\n", ""),
                new Shortcut.Edit("src/main/java/B.java", "    int x = 1;\n", "    int x = 2;\n"));
        assertThat(shortcut.named("Pin the ALGORITHM")).isTrue();
        assertThat(shortcut.named("algorithm only")).isFalse();
    }

    @Test
    @DisplayName("A shortcut without its header or with a broken block is refused with its line")
    void refusesBrokenFiles() {
        assertThatThrownBy(() -> Shortcut.parse("s.shortcut", "Task: 1\nMistake: m\n<<<<<<< SEARCH a\nx\n=======\n>>>>>>> REPLACE\n"))
                .hasMessageContaining("needs Task:, Mistake:, at least one Expect:");
        assertThatThrownBy(() -> Shortcut.parse("s.shortcut", "Task: 1\nMistake: m\nExpect: e\n<<<<<<< SEARCH a\nx\n"))
                .hasMessage("s.shortcut:4: SEARCH without =======");
        assertThatThrownBy(() -> Shortcut.parse("s.shortcut", "Task: one\n"))
                .hasMessage("s.shortcut:1: Task: takes a task number, not one");
    }
}

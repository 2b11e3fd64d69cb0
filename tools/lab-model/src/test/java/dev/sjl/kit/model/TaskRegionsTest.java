package dev.sjl.kit.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskRegionsTest {

    private static final String SOURCE = """
            package demo;

            import java.util.List;
            import java.util.Map;

            class Demo {
                int one() {
                    // BEGIN TASK 1
                    return Map.of("a", 1).size();
                    // STARTER
                    //| // TODO: count the entries
                    //| throw new UnsupportedOperationException("Task 1: count");
                    // END TASK 1
                }

                List<String> two() {
                    // BEGIN TASK 2
                    return List.of("x");
                    // STARTER
                    //| throw new UnsupportedOperationException("Task 2: list");
                    // END TASK 2
                }
                // BEGIN TASK 2
                private static int helper() {
                    return 2;
                }
                // END TASK 2
            }
            """;

    @Test
    @DisplayName("The starter replaces each region with its //| lines, keeps their indentation and drops unused imports")
    void starter() {
        String starter = TaskRegions.parse("Demo.java", SOURCE).starter();

        assertThat(starter).contains("        // TODO: count the entries\n"
                        + "        throw new UnsupportedOperationException(\"Task 1: count\");\n")
                .contains("throw new UnsupportedOperationException(\"Task 2: list\");")
                .doesNotContain("helper", "BEGIN TASK", "STARTER", "//|", "import java.util.Map;")
                .contains("import java.util.List;");
    }

    @Test
    @DisplayName("Knows each region's lines in the reference, markers included: where a mutant is the learner's code")
    void regionLines() {
        TaskRegions regions = TaskRegions.parse("Demo.java", SOURCE);

        assertThat(regions.regionLines()).containsExactly(new TaskRegions.Lines(1, 8, 13),
                new TaskRegions.Lines(2, 17, 21), new TaskRegions.Lines(2, 23, 27));
        assertThat(SOURCE.lines().toList().get(8 - 1)).contains("BEGIN TASK 1");
        assertThat(SOURCE.lines().toList().get(27 - 1)).contains("END TASK 2");
        assertThat(regions.regionLines().get(0).contains(9)).as("the region's code").isTrue();
        assertThat(regions.regionLines().get(0).contains(14)).as("the line after END TASK").isFalse();
    }

    @Test
    @DisplayName("All tasks solved is the reference without its markers; a staircase step mixes the two")
    void variants() {
        TaskRegions regions = TaskRegions.parse("Demo.java", SOURCE);

        assertThat(regions.tasks()).containsExactly(1, 2);
        assertThat(regions.reference()).contains("return Map.of(\"a\", 1).size();", "private static int helper()")
                .doesNotContain("BEGIN TASK", "Task 1:", "//|");
        assertThat(regions.render(task -> task < 2)).contains("return Map.of(\"a\", 1).size();", "Task 2: list")
                .doesNotContain("Task 1:", "helper");
    }

    @Test
    @DisplayName("A marker out of place names the file and line")
    void misplacedMarkers() {
        assertThatThrownBy(() -> TaskRegions.parse("A.java", "// BEGIN TASK 1\nx\n// END TASK 2\n"))
                .hasMessage("A.java:3: END TASK 2 closes BEGIN TASK 1 (line 1)");
        assertThatThrownBy(() -> TaskRegions.parse("A.java", "// BEGIN TASK 1\nx\n"))
                .hasMessage("A.java:1: BEGIN TASK 1 has no END TASK 1");
        assertThatThrownBy(() -> TaskRegions.parse("A.java", "// BEGIN TASK 1\n// BEGIN TASK 2\n// END TASK 2\n"))
                .hasMessageContaining("A.java:2: task regions do not nest");
        assertThatThrownBy(() -> TaskRegions.parse("A.java", "x\n// STARTER\n"))
                .hasMessageStartingWith("A.java:2: a task marker outside");
        assertThatThrownBy(() -> TaskRegions.parse("A.java", "// BEGIN TASK 1\n// STARTER\nint x;\n// END TASK 1\n"))
                .hasMessageStartingWith("A.java:3: after // STARTER every line starts with //|");
    }

    @Test
    @DisplayName("A starter block may only throw its own task's TODO")
    void ownTodoOnly() {
        assertThatThrownBy(() -> TaskRegions.parse("A.java", """
                // BEGIN TASK 2
                // STARTER
                //| throw new UnsupportedOperationException("Task 3: no");
                // END TASK 2
                """)).hasMessageContaining("A.java:3: the starter of task 2 throws a TODO for task 3");
    }
}

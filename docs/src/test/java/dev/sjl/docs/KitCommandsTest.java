package dev.sjl.docs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KitCommandsTest {

    @Command(name = "kit", subcommands = {Hint.class, Status.class, Hidden.class, CommandLine.HelpCommand.class})
    static final class FixtureKit {
    }

    @Command(name = "hint", description = {"The next hint for a task.", "Second line, not shown."})
    static final class Hint {
        @Parameters(index = "0", paramLabel = "LAB")
        String lab;
        @Parameters(index = "1", paramLabel = "TASK", arity = "0..1")
        Integer task;
        @Option(names = "--all", description = "Every hint at once.")
        boolean all;
    }

    @Command(name = "status", description = "Where you stand.")
    static final class Status {
        @Parameters(paramLabel = "LAB", arity = "0..*")
        List<String> labs;
        @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table or json")
        String format;
        @Option(names = "--new", paramLabel = "N", defaultValue = "5", description = "New cards (default: ${DEFAULT-VALUE}).")
        int fresh;
        @Option(names = "--root", paramLabel = "DIR", description = "The repository (default: ${DEFAULT-VALUE}).")
        String root = ".";
        @Option(names = "--seed", hidden = true)
        long seed;
    }

    @Command(name = "secret", hidden = true)
    static final class Hidden {
    }

    @Test
    @DisplayName("Reads each subcommand's synopsis and first description line from its annotations, help left out")
    void readsCommands() {
        List<KitCommands.Usage> usages = KitCommands.read(FixtureKit.class.getName(), List.of(), getClass().getClassLoader());

        assertThat(usages).extracting(KitCommands.Usage::synopsis).as("arguments in order, optional ones bracketed")
                .containsExactly("./kit hint LAB [TASK]", "./kit status [LAB...]");
        assertThat(usages.get(0).summary()).isEqualTo("The next hint for a task.");
        assertThat(usages.get(0).options()).containsExactly("--all: Every hint at once.");
        assertThat(usages.get(1).options()).as("long names with the value's label; a declared default is shown, an "
                        + "initialiser's cannot be known without running the command, so its clause goes; hidden options are left out")
                .containsExactly("--format=FORMAT: table or json", "--new=N: New cards (default: 5).",
                        "--root=DIR: The repository.");
    }

    @Test
    @DisplayName("Adds the commands other modules contribute when their classes are present, skipping absent ones")
    void addsModuleCommands() {
        List<KitCommands.Usage> usages = KitCommands.read(FixtureKit.class.getName(),
                List.of(Status.class.getName(), "dev.sjl.kit.rehearse.NotWrittenYet"), getClass().getClassLoader());

        assertThat(usages).extracting(KitCommands.Usage::synopsis)
                .containsExactly("./kit hint LAB [TASK]", "./kit status [LAB...]", "./kit status [LAB...]");
    }

    @Test
    @DisplayName("Renders the commands as a table with options under each command")
    void rendersTable() {
        String adoc = KitCommands.table(KitCommands.read(FixtureKit.class.getName(), List.of(), getClass().getClassLoader()));

        assertThat(adoc).contains("|`pass:c[./kit hint LAB [TASK\\]]`\n|pass:c[The next hint for a task.] +\n`pass:c[--all]`: pass:c[Every hint at once.]");
    }

    @Test
    @DisplayName("Fails with the fix when the kit's command class is not on the classpath")
    void missingKit() {
        assertThatThrownBy(() -> KitCommands.read("dev.sjl.kit.Missing", List.of(), getClass().getClassLoader()))
                .hasMessageContaining("docs/pom.xml must depend on dev.sjl:kit-cli");
    }
}

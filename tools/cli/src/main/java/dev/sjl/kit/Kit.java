package dev.sjl.kit;

import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.rehearse.CardsCommand;
import dev.sjl.kit.rehearse.RehearseCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.function.Supplier;

/**
 * The {@code kit} command. The root script {@code ./kit} builds this module on first use and runs it; each
 * subcommand is one class in this package, except {@code rehearse} and {@code cards}, which tools/rehearse provides.
 */
@Command(name = "kit", mixinStandardHelpOptions = true, versionProvider = Kit.Version.class,
        description = "Serverless Java Labs: where you stand, hints when you are stuck, a fresh start, and the kit's self-test.",
        subcommands = {StatusCommand.class, HintCommand.class, ResetCommand.class, DiffCommand.class,
                CheckCommand.class, WatchCommand.class, StaircaseCommand.class, MutationCommand.class, GenerateCommand.class, NewLabCommand.class,
                RehearseCommand.class, CardsCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Name a lab as 03, 3 or 03-jwt. The kit keeps its state (hints seen, backups, logs) in .kit/, "
                + "which git ignores.", "Help on one command: kit help <command>",
                "The kit script also runs: kit run [--db dynamodb|postgres] (the whole user service on the local cloud, "
                + "with its web client), kit cloud up|down|status|reset (the local AWS cloud), kit outdated (the pins in pom.xml with a newer release served)."})
public final class Kit implements Runnable {

    private final Console console;
    private final Supplier<Workspace> locate;
    private Workspace workspace;

    @Spec
    private CommandSpec spec;

    Kit(Console console, Supplier<Workspace> locate) {
        this.console = console;
        this.locate = locate;
    }

    public static void main(String[] args) {
        System.exit(execute(Console.system(), Workspace::locate, args));
    }

    static int execute(Console console, Supplier<Workspace> locate, String... args) {
        return commandLine(console, locate).execute(args);
    }

    static CommandLine commandLine(Console console, Supplier<Workspace> locate) {
        CommandLine cmd = new CommandLine(new Kit(console, locate));
        cmd.setOut(console.out());
        cmd.setErr(console.err());
        cmd.setColorScheme(Help.defaultColorScheme(console.colour() ? Help.Ansi.ON : Help.Ansi.OFF));
        cmd.setParameterExceptionHandler(Kit::badInput);
        cmd.setExecutionExceptionHandler((e, failed, parsed) -> failure(console, e));
        return cmd;
    }

    /** One line for a mistyped command line, and where to read more: never the whole usage wall. */
    private static int badInput(CommandLine.ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        String command = failed.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            message = "unknown " + (unmatched.isUnknownOption() ? "option " : "argument ")
                    + String.join(" ", unmatched.getUnmatched());
            if (!unmatched.getSuggestions().isEmpty()) {
                message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
            }
        }
        failed.getErr().println(command + ": " + message + ". See: kit help"
                + (command.equals("kit") ? "" : " " + failed.getCommandName()));
        return 2;
    }

    /** A {@link KitException} is the learner's to fix: one line. Anything else is the kit's bug: one line and how to see more. */
    private static int failure(Console console, Exception e) {
        if (e instanceof KitException problem) {
            console.err().println("kit: " + problem.getMessage());
            return problem.exitCode();
        }
        if (System.getenv("KIT_DEBUG") != null) {
            e.printStackTrace(console.err());
        }
        console.err().println("kit: unexpected error: " + e + " (run again with KIT_DEBUG=1 for details)");
        return 70;
    }

    @Override
    public void run() {
        spec.commandLine().usage(console.out(), spec.commandLine().getColorScheme());
    }

    Console console() {
        return console;
    }

    /** The checkout, found on first use so that --help works anywhere. */
    Workspace workspace() {
        if (workspace == null) {
            workspace = locate.get();
        }
        return workspace;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Kit.class.getPackage().getImplementationVersion();
            return new String[] {"kit " + (version == null ? "(development build)" : version)
                    + " on Java " + Runtime.version()};
        }
    }
}

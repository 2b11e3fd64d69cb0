package dev.sjl.docs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code kit} commands table, read from the picocli annotations of the kit's command classes: the handbook
 * lists exactly the commands, arguments and options {@code ./kit} accepts. Only annotations are read; no command
 * is instantiated or run.
 */
final class KitCommands {

    /** One command: how to type it, and its one-line description. */
    record Usage(String synopsis, String summary, List<String> options) {
    }

    static final String KIT = "dev.sjl.kit.Kit";
    // picocli's marker for "no defaultValue declared" (CommandLine.Option#defaultValue).
    private static final String NO_DEFAULT = "__no_default_value__";
    private static final Pattern VARIABLE_CLAUSE = Pattern.compile("\\s*\\([^()]*\\$\\{[^}]*}[^()]*\\)");
    // Commands that tools/rehearse contributes to `kit` when it is on the classpath (see Kit.MODULE_COMMANDS).
    static final List<String> MODULE_COMMANDS =
            List.of("dev.sjl.kit.rehearse.RehearseCommand", "dev.sjl.kit.rehearse.CardsCommand");

    private KitCommands() {
    }

    /**
     * The subcommands of {@code rootCommand} and the module commands found on the classpath, help excluded.
     *
     * @param rootCommand    the {@code kit} command class, {@link #KIT}
     * @param moduleCommands command classes other modules add when present, {@link #MODULE_COMMANDS}
     */
    static List<Usage> read(String rootCommand, List<String> moduleCommands, ClassLoader loader) {
        Class<?> root = load(rootCommand, loader).orElseThrow(() -> new HandbookException(
                rootCommand + " is not on the handbook's classpath: docs/pom.xml must depend on dev.sjl:kit-cli"));
        Command kit = root.getAnnotation(Command.class);
        List<Class<?>> commands = new ArrayList<>(Arrays.asList(kit.subcommands()));
        moduleCommands.forEach(name -> load(name, loader).ifPresent(commands::add));
        return commands.stream()
                .filter(c -> c.isAnnotationPresent(Command.class) && !c.getAnnotation(Command.class).helpCommand()
                        && !c.getAnnotation(Command.class).hidden()
                        && !c.getName().startsWith("picocli."))
                .map(KitCommands::usage)
                .toList();
    }

    static Usage usage(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        StringBuilder synopsis = new StringBuilder("./kit ").append(annotation.name());
        List<String> options = new ArrayList<>();
        List<Field> fields = fields(command);
        for (Field field : fields) {
            Option option = field.getAnnotation(Option.class);
            // Hidden options are for tests and the kit's own scripts, not for readers.
            if (option != null && !option.hidden()) {
                String name = Arrays.stream(option.names()).max(Comparator.comparingInt(String::length)).orElseThrow();
                boolean flag = field.getType() == boolean.class || field.getType() == Boolean.class;
                String label = option.paramLabel().isEmpty() ? "<" + field.getName() + ">" : option.paramLabel();
                options.add((flag ? name : name + "=" + label) + ": " + describe(option));
            }
        }
        fields.stream().filter(f -> f.isAnnotationPresent(Parameters.class))
                .sorted(Comparator.comparing(f -> f.getAnnotation(Parameters.class).index()))
                .forEach(f -> synopsis.append(' ').append(parameter(f)));
        return new Usage(synopsis.toString(), first(annotation.description()), List.copyOf(options));
    }

    private static String parameter(Field field) {
        Parameters p = field.getAnnotation(Parameters.class);
        String label = p.paramLabel().isEmpty() ? "<" + field.getName() + ">" : p.paramLabel();
        String arity = p.arity();
        boolean many = arity.endsWith("*") || field.getType().isArray() || List.class.isAssignableFrom(field.getType());
        boolean optional = arity.startsWith("0");
        String shown = label + (many ? "..." : "");
        return optional ? "[" + shown + "]" : shown;
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            fields.addAll(Arrays.asList(c.getDeclaredFields()));
        }
        return fields;
    }

    // picocli expands ${DEFAULT-VALUE} from the field's initial value at run time; only a declared defaultValue is
    // known without creating the command, otherwise the "(default: …)" clause is left out rather than shown raw.
    private static String describe(Option option) {
        String text = first(option.description());
        if (!option.defaultValue().equals(NO_DEFAULT)) {
            text = text.replace("${DEFAULT-VALUE}", option.defaultValue());
        }
        return VARIABLE_CLAUSE.matcher(text).replaceAll("").replaceAll("\\$\\{[^}]*}", "").strip();
    }

    private static String first(String[] description) {
        return description.length == 0 ? "" : description[0];
    }

    private static Optional<Class<?>> load(String name, ClassLoader loader) {
        try {
            return Optional.of(Class.forName(name, false, loader));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The table for the "using the kit" chapter. */
    static String table(List<Usage> usages) {
        StringBuilder out = new StringBuilder();
        out.append(".The `kit` commands, read from the kit's own command classes\n");
        out.append("[%header,cols=\"3,5\"]\n|===\n|Command |What it does\n");
        for (Usage usage : usages) {
            out.append('\n').append(Asciidoc.cell(Asciidoc.code(usage.synopsis()))).append('\n');
            StringBuilder what = new StringBuilder(Asciidoc.literal(usage.summary()));
            for (String option : usage.options()) {
                int colon = option.indexOf(": ");
                what.append(" +\n").append(Asciidoc.code(option.substring(0, colon))).append(": ")
                        .append(Asciidoc.literal(option.substring(colon + 2)));
            }
            out.append(Asciidoc.cell(what.toString())).append('\n');
        }
        return out.append("|===\n").toString();
    }
}

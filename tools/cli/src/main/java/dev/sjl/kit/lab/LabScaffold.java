package dev.sjl.kit.lab;

import dev.sjl.kit.KitException;
import dev.sjl.kit.model.AuthorTodo;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new lab, laid out and registered the way every lab is: the reference with one task region, the generated starter,
 * one failing test, README, hints, question bank, revision guide, diagram, and its name in every build file that must
 * list it. Everything it writes that the author must replace says {@code TODO(author)}, and the handbook refuses to
 * publish a chapter that still does.
 */
public final class LabScaffold {

    /** Marks scaffold text the author has not replaced yet; the handbook build refuses it. */
    public static final String AUTHOR_TODO = AuthorTodo.MARK;

    private static final Pattern NAME = Pattern.compile("(\\d{2})-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)");

    private final Path root;
    private final String name;
    private final String number;
    private final String title;
    private final String pkg;

    public LabScaffold(Path root, String name, String title) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new KitException("a lab is named NN-topic, two digits then lower-case words joined by '-' "
                    + "(e.g. 10-step-functions), not \"" + name + "\"");
        }
        if (title == null || title.isBlank() || title.contains("\n")) {
            throw new KitException("give the lab a one-line title, e.g. \"Step Functions\"");
        }
        this.root = root;
        this.name = name;
        this.number = m.group(1);
        this.title = title.strip();
        this.pkg = m.group(2).replace("-", "");
    }

    /** Writes the lab and registers it; returns the paths written or changed, relative to the root. */
    public List<String> create() {
        Lab lab = Lab.in(root, name);
        if (Files.exists(lab.dir()) || Files.exists(lab.solutionDir())) {
            throw new KitException(lab.labPath() + " or " + lab.solutionPath() + " already exists");
        }
        for (Path existing : List.of(lab.dir().getParent(), lab.solutionDir().getParent())) {
            try (var dirs = Files.list(existing)) {
                if (dirs.anyMatch(dir -> dir.getFileName().toString().startsWith(number + "-"))) {
                    throw new KitException("there is already a lab " + number + " in " + root.relativize(existing));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> written = new ArrayList<>();
        String javaDir = "src/main/java/dev/sjl/" + pkg + "/";
        write(written, "solutions/" + name + "/pom.xml", referencePom());
        write(written, "solutions/" + name + "/" + javaDir + "FirstStep.java", referenceClass());
        write(written, "labs/" + name + "/src/test/java/dev/sjl/" + pkg + "/FirstStepTest.java", test());
        write(written, "labs/" + name + "/README.md", readme());
        write(written, "labs/" + name + "/hints.md", hints());
        write(written, "docs/src/questions/" + name + ".yml", questions());
        write(written, "docs/src/docs/asciidoc/labs/" + name + "/revision.adoc", revision());
        write(written, "diagrams/" + name + ".puml", diagram());
        LabSources.read(lab).writeStarter(lab.dir())
                .forEach(line -> written.add("labs/" + name + "/" + line.replaceFirst("^wrote ", "")));

        String module = "(\\n([ \\t]*)<module>\\d{2}-[^<]+</module>)(?![\\s\\S]*<module>\\d{2}-)";
        register(written, "labs/pom.xml", module, m -> "\n" + m.group(2) + "<module>" + name + "</module>");
        register(written, "solutions/pom.xml", module, m -> "\n" + m.group(2) + "<module>" + name + "</module>");
        register(written, checkPom(), lastDependency("solution-"),
                m -> indented(m, testDependency("lab-" + name) + testDependency("solution-" + name)));
        register(written, "docs/pom.xml", lastDependency("solution-"), m -> indented(m, dependency("solution-" + name, null)));
        register(written, "tools/rehearse/pom.xml", lastDependency("solution-"),
                m -> indented(m, dependency("solution-" + name, "test")));
        register(written, "README.md", "(\\n\\| \\[\\d{2}-[^\\n]*)(?![\\s\\S]*\\n\\| \\[\\d{2}-)",
                m -> "\n| [" + name + "](labs/" + name + ") | " + AUTHOR_TODO + ": what the learner builds |");
        return written;
    }

    private String checkPom() {
        String path = Poms.modulePaths(root).getOrDefault("kit-check", "tools/check");
        return path + "/pom.xml";
    }

    /** Lines to add after a matched entry, at the entry's own indentation (group 2). */
    private static String indented(Matcher entry, String block) {
        return "\n" + block.indent(entry.group(2).length()).stripTrailing();
    }

    /** The last {@code <dependency>} block whose artifactId starts with the prefix; group 2 is its indentation. */
    private static String lastDependency(String prefix) {
        return "(\\n([ \\t]*)<dependency>\\s*<groupId>dev\\.sjl</groupId>\\s*<artifactId>" + Pattern.quote(prefix)
                + "[^<]+</artifactId>(?:(?!</dependency>)[\\s\\S])*</dependency>)(?![\\s\\S]*<artifactId>"
                + Pattern.quote(prefix) + ")";
    }

    /** Adds a line or block right after the last entry of an earlier lab (the regex's match) in a build file. */
    private void register(List<String> written, String file, String lastEntry, Function<Matcher, String> addition) {
        Path path = root.resolve(file);
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile(lastEntry).matcher(text);
            if (!m.find()) {
                throw new KitException("cannot register the lab in " + file + ": found no entry of an earlier lab to "
                        + "add it after; add it by hand (the self-test names what is missing)");
            }
            Files.writeString(path, text.substring(0, m.end()) + addition.apply(m) + text.substring(m.end()),
                    StandardCharsets.UTF_8);
            written.add(file + " (registered)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + path, e);
        }
    }

    private void write(List<String> written, String file, String content) {
        Path path = root.resolve(file);
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
            written.add(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private static String testDependency(String artifactId) {
        return """
                <dependency>
                  <groupId>dev.sjl</groupId>
                  <artifactId>%s</artifactId>
                  <version>${project.version}</version>
                  <scope>test</scope>
                  <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
                </dependency>
                """.formatted(artifactId);
    }

    private static String dependency(String artifactId, String scope) {
        return """
                <dependency>
                  <groupId>dev.sjl</groupId>
                  <artifactId>%s</artifactId>
                  <version>${project.version}</version>
                %s</dependency>
                """.formatted(artifactId, scope == null ? "" : "  <scope>" + scope + "</scope>\n");
    }

    private String referencePom() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>dev.sjl</groupId>
                    <artifactId>solutions</artifactId>
                    <version>1.0.0-SNAPSHOT</version>
                  </parent>

                  <artifactId>solution-%1$s</artifactId>
                  <name>Labs :: %2$s :: %3$s (reference)</name>

                  <properties>
                    <kit.lab>%1$s</kit.lab>
                  </properties>

                  <!-- Earlier labs' capabilities come from their references (dev.sjl:solution-NN-topic), never from a
                       starter or a copy. The starter's pom.xml is generated from this one: edit only this file. -->
                  <dependencies>
                    <dependency>
                      <groupId>com.amazonaws</groupId>
                      <artifactId>aws-lambda-java-core</artifactId>
                    </dependency>
                  </dependencies>
                </project>
                """.formatted(name, number, title);
    }

    private String referenceClass() {
        return """
                package dev.sjl.%1$s;

                /**
                 * %2$s: replace this class with the lab's first piece of work. The region below is what the starter
                 * generator turns into the learner's TODO (see CONTRIBUTING.md, "One source per lab").
                 */
                public final class FirstStep {

                    /** The answer the first test expects. */
                    public String answer() {
                        // BEGIN TASK 1
                        return "ready";
                        // STARTER
                        //| // TODO: the constraint the learner must respect (not the answer).
                        //| throw new UnsupportedOperationException("Task 1: %3$s");
                        // END TASK 1
                    }
                }
                """.formatted(pkg, AUTHOR_TODO, "answer \\\"ready\\\"");
    }

    private String test() {
        return """
                package dev.sjl.%1$s;

                import org.junit.jupiter.api.DisplayName;
                import org.junit.jupiter.api.Tag;
                import org.junit.jupiter.api.Test;

                import static org.assertj.core.api.Assertions.assertThat;

                class FirstStepTest {

                    @Test
                    @Tag("task:1")
                    @DisplayName("Answers ready")
                    void answersReady() {
                        assertThat(new FirstStep().answer()).as("FirstStep.answer() should say it is ready")
                                .isEqualTo("ready");
                    }
                }
                """.formatted(pkg);
    }

    private String readme() {
        return """
                # Lab %1$s · %2$s

                **Time:** 60 min · **Run:** `./mvnw test -pl labs/%3$s` · **Hints:** `./kit hint %1$s`

                %4$s: the goal in two or three sentences, and the seed's context (and its unsafe habit) in two.

                Later labs build on this lab's *reference* (`solutions/%3$s`), not on your code: an unfinished lab
                never blocks the next one.

                ## Tasks
                1. **First step** (`task:1`) — `FirstStep.answer`: %4$s what to build, which class, what "done" looks like.

                ## Done when
                `./mvnw test -pl labs/%3$s` is green.
                """.formatted(number, title, name, AUTHOR_TODO);
    }

    private String hints() {
        return """
                # Lab %1$s · Hints

                ## 1. First step
                - %2$s the gentlest nudge: where to look.
                - %2$s closer: the rule the tests check, and the mistake learners make first.
                - %2$s nearly the answer, in words (never pasted from the reference).
                """.formatted(number, AUTHOR_TODO);
    }

    private String questions() {
        StringBuilder yaml = new StringBuilder("lab: " + name + "\ntitle: " + title + "\nquestions:\n");
        for (int i = 1; i <= 8; i++) {
            yaml.append("""
                      - id: %1$s-question-%2$d
                        difficulty: medium
                        topics: [%1$s]
                        question: %3$s question %2$d, in your own words, tied to this lab's code?
                        answer: |
                          %3$s the model answer, with the trade-offs the seeds skip.
                        keyPoints:
                          - %3$s what an interviewer listens for
                    """.formatted(pkg, i, AUTHOR_TODO));
        }
        return yaml.toString();
    }

    private String revision() {
        return """
                = Revision guide: %1$s

                %2$s concepts, the reference's code by tagged include, pitfalls, and the seed's unsafe habit with the
                safe fix.

                [source,java]
                ----
                include::{solutions}/%3$s/src/main/java/dev/sjl/%4$s/FirstStep.java[]
                ----
                """.formatted(title, AUTHOR_TODO, name, pkg);
    }

    private String diagram() {
        return """
                @startuml %1$s
                ' %2$s: the lab's request path.
                !pragma layout smetana
                !include style.iuml
                title Lab %3$s · %4$s

                actor "Client" as client
                participant "Lambda" as fn
                client -> fn : request
                fn --> client : response
                @enduml
                """.formatted(name, AUTHOR_TODO, number, title);
    }
}

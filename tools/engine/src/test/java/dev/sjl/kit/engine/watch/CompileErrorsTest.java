package dev.sjl.kit.engine.watch;

import dev.sjl.kit.engine.VariantCompiler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDK's compiler on broken sources, and its errors as the watch prints them. */
class CompileErrorsTest {

    @Test
    @DisplayName("Shows each error as javac does: file:line, the message, the line of source, a caret, the details")
    void asJavacPrintsThem(@TempDir Path out) {
        Map<String, byte[]> sources = new TreeMap<>();
        sources.put("src/main/java/dev/sjl/fixture/Greeter.java", """
                package dev.sjl.fixture;

                public final class Greeter {
                    public String greet(String name) {
                        return "Hello, " + nmae;
                    }

                    public int length(String text) {
                        return text.length()
                    }
                }
                """.getBytes(StandardCharsets.UTF_8));
        VariantCompiler.Result result;
        try (VariantCompiler javac = new VariantCompiler()) {
            result = javac.compile(sources, List.of(), out);
        }
        assertThat(result.ok()).isFalse();

        String shown = CompileErrors.render(result.problems(), "labs/99-fixture/");

        assertThat(shown).isEqualTo("""
                labs/99-fixture/src/main/java/dev/sjl/fixture/Greeter.java:9: error: ';' expected
                        return text.length()
                                            ^
                1 error
                """);
    }

    @Test
    @DisplayName("Keeps javac's details under the caret and counts the errors")
    void details(@TempDir Path out) {
        Map<String, byte[]> sources = new TreeMap<>();
        sources.put("src/main/java/dev/sjl/fixture/Greeter.java", """
                package dev.sjl.fixture;

                public final class Greeter {
                    public String greet(String name) {
                \treturn "Hello, " + nmae;
                    }

                    public int length(String text) {
                        return text.size();
                    }
                }
                """.getBytes(StandardCharsets.UTF_8));
        VariantCompiler.Result result;
        try (VariantCompiler javac = new VariantCompiler()) {
            result = javac.compile(sources, List.of(), out);
        }

        String shown = CompileErrors.render(result.problems(), "labs/99-fixture/");

        assertThat(shown).startsWith("""
                labs/99-fixture/src/main/java/dev/sjl/fixture/Greeter.java:5: error: cannot find symbol
                \treturn "Hello, " + nmae;
                \t                   ^
                  symbol:   variable nmae
                  location: class dev.sjl.fixture.Greeter
                labs/99-fixture/src/main/java/dev/sjl/fixture/Greeter.java:9: error: cannot find symbol
                """).endsWith("2 errors\n");
    }
}

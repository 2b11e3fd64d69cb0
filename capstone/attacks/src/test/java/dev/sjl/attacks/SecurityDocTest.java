package dev.sjl.attacks;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** SECURITY.md is written by hand; this keeps its evidence honest: every test it names exists here. */
@DisplayName("SECURITY.md names only tests that exist")
class SecurityDocTest {

    private static final Pattern CLASS_METHOD = Pattern.compile("`(\\w+Test)\\.(\\w+)`");
    private static final Pattern LIST = Pattern.compile("`(\\w+Test)\\.(\\w+)`((?:, `\\w+`)+)");

    @Test
    @DisplayName("Every `Class.method` (and every `method` listed after it) in SECURITY.md is a test in capstone/attacks")
    void namedTestsExist() throws IOException, ClassNotFoundException {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../../SECURITY.md").normalize();
        String text = Files.readString(doc);
        Set<String> named = new LinkedHashSet<>();
        Matcher m = CLASS_METHOD.matcher(text);
        while (m.find()) {
            named.add(m.group(1) + "." + m.group(2));
        }
        Matcher lists = LIST.matcher(text);
        while (lists.find()) {
            for (String method : lists.group(3).split(",")) {
                String name = method.strip().replace("`", "");
                if (!name.isEmpty()) {
                    named.add(lists.group(1) + "." + name);
                }
            }
        }
        assertThat(named).as("SECURITY.md names tests").hasSizeGreaterThan(10);
        for (String test : named) {
            String[] parts = test.split("\\.");
            Class<?> type = Class.forName("dev.sjl.attacks." + parts[0]);
            assertThat(Arrays.stream(type.getDeclaredMethods()).map(Method::getName)).as(test).contains(parts[1]);
        }
    }
}

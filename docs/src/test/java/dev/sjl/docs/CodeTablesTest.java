package dev.sjl.docs;

import dev.sjl.docs.CodeTables.Table;
import dev.sjl.docs.fixture.good.DemoConfig;
import dev.sjl.docs.fixture.good.DemoHandler;
import dev.sjl.docs.fixture.good.DemoRepository;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeTablesTest {

    private static final String GOOD = "dev.sjl.docs.fixture.good";
    private static final String BROKEN = "dev.sjl.docs.fixture.broken";

    // The fixtures live in this module's test classes; call that folder lab 99-demo.
    private static Optional<String> demoLab(File element) {
        return element.getPath().replace('\\', '/').endsWith("target/test-classes") ? Optional.of("99-demo") : Optional.empty();
    }

    @Test
    @DisplayName("Finds every table a reference declares, grouped by lab and ordered by kind of table")
    void findsTablesByConvention() {
        Map<String, List<Table>> found = CodeTables.scan(List.of(GOOD), CodeTablesTest::demoLab);

        assertThat(found).as("all fixtures come from one classpath element, mapped to lab 99-demo")
                .containsOnlyKeys("99-demo");
        assertThat(found.get("99-demo")).extracting(t -> t.spec().key() + ":" + t.owner().getSimpleName())
                .as("routes first, then environment, then the later kinds, as TableSpec.ALL orders them")
                .containsExactly("routes:DemoHandler", "environment:DemoConfig", "dynamodb:DemoRepository");
    }

    @Test
    @DisplayName("Skips classes that belong to no lab, such as libraries and the kit itself")
    void skipsClassesOfNoLab() {
        assertThat(CodeTables.scan(List.of(GOOD), element -> Optional.empty()))
                .as("a class outside every reference must not produce a table").isEmpty();
    }

    @Test
    @DisplayName("Reads the rows by calling the member, with record components as columns")
    void readsRowsFromTheMember() {
        Table routes = CodeTables.read(spec("routes"), "99-demo", DemoHandler.class);

        assertThat(routes.headers()).as("columns are the record components, humanised")
                .containsExactly("Method", "Path", "Access");
        assertThat(routes.rows()).as("one row per element of routeTable(), values verbatim")
                .containsExactly(List.of("GET", "/users/{id}", "JWT"), List.of("POST", "/signup", "public"));
        assertThat(routes.codeColumns()).as("method and path are code, access is prose")
                .containsExactly(true, true, false);
    }

    @Test
    @DisplayName("Renders booleans as yes/no and uses the spec's header overrides")
    void rendersEnvironment() {
        Table env = CodeTables.read(spec("environment"), "99-demo", DemoConfig.class);

        assertThat(env.headers()).as("the name component is headed Variable").containsExactly(
                "Variable", "Required", "Secret", "Description");
        assertThat(env.rows().get(0)).as("booleans read as yes/no")
                .containsExactly("SIGNING_KEY_ARN", "yes", "yes", "Secret holding the key | never logged");
    }

    @Test
    @DisplayName("Renders Optional and List components readably, for the tables later labs add")
    void rendersOptionalsAndLists() {
        Table schema = CodeTables.read(spec("dynamodb"), "99-demo", DemoRepository.class);

        assertThat(schema.headers()).contains("Partition key", "Sort key");
        assertThat(schema.rows()).as("present Optional -> value, empty -> dash; lists comma-separated, empty -> dash")
                .containsExactly(List.of("users", "—", "pk", "sk", "—"),
                        List.of("users", "by-email", "email", "—", "pk, name"));
    }

    @Test
    @DisplayName("Fails with one line per broken member, naming the class, the member and the fix")
    void reportsEveryBrokenMember() {
        assertThatThrownBy(() -> CodeTables.scan(List.of(BROKEN), CodeTablesTest::demoLab))
                .isInstanceOf(HandbookException.class)
                .hasMessageContaining("4 problems")
                .hasMessageContaining("PrivateEnvironment.ENVIRONMENT must be public static")
                .hasMessageContaining("StringRoutes.routeTable() must list records")
                .hasMessageContaining("EmptyIam.IAM_PERMISSIONS is empty")
                .hasMessageContaining("FailingRoutes.routeTable() threw java.lang.IllegalStateException: needs AWS_REGION");
    }

    @Test
    @DisplayName("Maps a reference's classes folder or jar to its lab, and nothing else")
    void mapsClasspathElementsToLabs() {
        assertThat(CodeTables.labOfReference(new File("/w/main/solutions/03-jwt/target/classes")))
                .as("reactor build, classes folder").contains("03-jwt");
        assertThat(CodeTables.labOfReference(new File("/w/main/solutions/02-http-events/target/solution-02-http-events-1.0.0-SNAPSHOT.jar")))
                .as("reactor build, packaged jar").contains("02-http-events");
        assertThat(CodeTables.labOfReference(new File("/h/.m2/repository/dev/sjl/solution-01-plain-lambda/1.0.0-SNAPSHOT/solution-01-plain-lambda-1.0.0-SNAPSHOT.jar")))
                .as("local repository jar").contains("01-plain-lambda");
        assertThat(CodeTables.labOfReference(new File("/w/main/labs/03-jwt/target/classes")))
                .as("a starter is never documented").isEmpty();
        assertThat(CodeTables.labOfReference(new File("/h/.m2/repository/dev/sjl/kit-cli/1.0.0-SNAPSHOT/kit-cli-1.0.0-SNAPSHOT.jar")))
                .as("the kit is not a lab").isEmpty();
    }

    @Test
    @DisplayName("Humanises component names into headers")
    void humanisesHeaders() {
        assertThat(CodeTables.header("partitionKey")).isEqualTo("Partition key");
        assertThat(CodeTables.header("deadLetterQueue")).isEqualTo("Dead letter queue");
        assertThat(CodeTables.header("path")).isEqualTo("Path");
    }

    static TableSpec spec(String key) {
        return TableSpec.ALL.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }
}

package dev.sjl.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocalCloudTableTest {

    @Test
    @DisplayName("Renders every local cloud service with its emulator, kit cloud endpoint and a first command")
    void rendersTheRealServices() {
        String table = LocalCloudTable.read(getClass().getClassLoader());

        assertThat(table).startsWith(".Local cloud services: `pass:c[Service]`");
        assertThat(table).contains(row("DYNAMODB", "dynalite (+ transactions, TTL, Streams)", "http://127.0.0.1:14560",
                "aws --endpoint-url http://127.0.0.1:14560 dynamodb list-tables"));
        assertThat(table).contains(row("SQS", "fauxqs (SQS + SNS)", "http://127.0.0.1:14562",
                "aws --endpoint-url http://127.0.0.1:14562 sqs list-queues"));
        assertThat(table).contains(row("POSTGRES", "PostgreSQL", "postgresql://127.0.0.1:14566",
                "psql -h 127.0.0.1 -p 14566 -U sjl_admin postgres"));
        assertThat(table).contains("Generated at build time from `pass:c[dev.sjl.localcloud.Service.table()]`");
    }

    /** One row as the generated AsciiDoc writes it: code columns in backticks, every cell passed through literally. */
    private static String row(String service, String emulator, String endpoint, String tryIt) {
        return "|`pass:c[" + service + "]`\n|pass:c[" + emulator + "]\n|`pass:c[" + endpoint + "]`\n|`pass:c[" + tryIt + "]`\n";
    }

    @Test
    @DisplayName("Names the dependency to add when the local cloud is not on the handbook's classpath")
    void missingModule() {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> LocalCloudTable.read(empty)).isInstanceOf(HandbookException.class)
                    .hasMessageContaining("docs/pom.xml must depend on dev.sjl:localcloud-junit");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

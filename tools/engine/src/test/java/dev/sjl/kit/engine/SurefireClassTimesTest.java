package dev.sjl.kit.engine;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SurefireClassTimesTest {

    @Test
    @DisplayName("Reads each class's time from its Surefire report, whatever the tests printed after it")
    void readsEachSuite(@TempDir Path reports) throws IOException {
        Files.writeString(reports.resolve("TEST-dev.sjl.notifications.PublishFromStreamTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="dev.sjl.notifications.PublishFromStreamTest" time="2.02" tests="5">
                  <properties><property name="a" value="b"/></properties>
                  <testcase name="onePerSignUp" time="1.1"><system-out><![CDATA[%s]]></system-out></testcase>
                </testsuite>
                """.formatted("x".repeat(100_000)));
        Files.writeString(reports.resolve("TEST-dev.sjl.notifications.UsersStreamTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="dev.sjl.notifications.UsersStreamTest" time="1,359.5" tests="1"/>
                """);
        Files.writeString(reports.resolve("TEST-broken.xml"), "<testsuite name=\"dev.sjl.Broken\" time=\"soon\"");
        Files.writeString(reports.resolve("dev.sjl.notifications.UsersStreamTest.txt"), "not a report");

        assertThat(SurefireClassTimes.read(reports)).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "dev.sjl.notifications.PublishFromStreamTest", 2020L,
                "dev.sjl.notifications.UsersStreamTest", 1_359_500L));
    }

    @Test
    @DisplayName("Has nothing to say where Surefire has not run")
    void noReports(@TempDir Path target) {
        assertThat(SurefireClassTimes.read(target.resolve("surefire-reports"))).isEmpty();
    }
}

package dev.sjl.kit.check;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The self-test queues the longest jobs first, by each reference's own test time in the build. */
@DisplayName("The self-test's job order")
class JobOrderTest {

    @TempDir
    Path solution;

    @Test
    @DisplayName("Reads a reference's test time as the sum of its Surefire suites")
    void sumsSurefireSuites() throws IOException {
        Path reports = Files.createDirectories(solution.resolve("target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-dev.sjl.a.OutageTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="dev.sjl.a.OutageTest" \
                time="61.25" tests="2" errors="0" skipped="0" failures="0">
                  <testcase name="recovers" classname="dev.sjl.a.OutageTest" time="60.5"/>
                </testsuite>
                """);
        Files.writeString(reports.resolve("TEST-dev.sjl.a.QuickTest.xml"),
                "<testsuite name=\"dev.sjl.a.QuickTest\" tests=\"1\" time=\"1.5\"><testcase time=\"1.4\"/></testsuite>");
        Files.writeString(reports.resolve("dev.sjl.a.QuickTest.txt"), "Tests run: 1, Time elapsed: 99.0 s");

        assertThat(LabEngineSelfTest.referenceSuiteSeconds(solution)).as("the suites' times, not the test cases'"
                + " and not the text summaries").isCloseTo(62.75, within(0.001));
    }

    @Test
    @DisplayName("Counts a reference without reports as zero: its jobs go last")
    void noReports() {
        assertThat(LabEngineSelfTest.referenceSuiteSeconds(solution)).isZero();
    }
}

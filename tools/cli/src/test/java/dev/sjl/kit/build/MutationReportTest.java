package dev.sjl.kit.build;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Reading PIT's mutations.xml")
class MutationReportTest {

    @Test
    @DisplayName("Score detected mutants over all, and list the ones no test caught")
    void score(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("mutations.xml");
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <mutations partial="true">
                <mutation detected='true' status='KILLED' numberOfTestsRun='2'><sourceFile>JwtVerifier.java</sourceFile><mutatedClass>dev.sjl.jwt.JwtVerifier</mutatedClass><mutatedMethod>verify</mutatedMethod><lineNumber>40</lineNumber><description>negated conditional</description></mutation>
                <mutation detected='true' status='TIMED_OUT' numberOfTestsRun='1'><sourceFile>JwtVerifier.java</sourceFile><mutatedClass>dev.sjl.jwt.JwtVerifier</mutatedClass><mutatedMethod>verify</mutatedMethod><lineNumber>41</lineNumber><description>removed call</description></mutation>
                <mutation detected='false' status='SURVIVED' numberOfTestsRun='3'><sourceFile>JwtVerifier.java</sourceFile><mutatedClass>dev.sjl.jwt.JwtVerifier</mutatedClass><mutatedMethod>expired</mutatedMethod><lineNumber>55</lineNumber><description>changed conditional boundary</description></mutation>
                <mutation detected='false' status='NO_COVERAGE' numberOfTestsRun='0'><sourceFile>Keys.java</sourceFile><mutatedClass>dev.sjl.jwt.Keys</mutatedClass><mutatedMethod>rotate</mutatedMethod><lineNumber>12</lineNumber><description>replaced return value with null</description></mutation>
                </mutations>
                """);

        MutationReport report = MutationReport.read(xml);

        assertThat(report.total()).isEqualTo(4);
        assertThat(report.detected()).as("a timed-out mutant was caught too").isEqualTo(2);
        assertThat(report.score()).isEqualTo(50);
        assertThat(report.survivors()).containsExactly(
                "JwtVerifier.expired:55 changed conditional boundary (SURVIVED)",
                "Keys.rotate:12 replaced return value with null (NO_COVERAGE)");
    }

    @Test
    @DisplayName("Read the threshold where kit mutation and kit check both take it: solutions/pom.xml")
    void threshold(@TempDir Path dir) throws Exception {
        Path pom = dir.resolve("pom.xml");
        assertThat(MutationReport.threshold(pom)).as("no POM, no threshold").isZero();
        Files.writeString(pom, "<project><configuration>\n  <mutationThreshold> 85 </mutationThreshold>\n"
                + "</configuration></project>\n");
        assertThat(MutationReport.threshold(pom)).isEqualTo(85);
    }
}

package dev.sjl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.s3.Bucket;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cdk-nag's AwsSolutions pack on both stacks: nothing open, and each acknowledged finding is one made in code. */
@DisplayName("cdk-nag: the AwsSolutions pack finds nothing that is not acknowledged with a reason")
class CdkNagTest {

    private static Synthesized app;

    @BeforeAll
    static void synthesize() {
        app = Synthesized.app();
    }

    @Test
    @DisplayName("Reports no open finding, and only findings acknowledged in NagAcknowledgments")
    void noOpenFinding() {
        JsonNode awsSolutions = plugin(app.validationReport(), "AwsSolutions");
        assertThat(awsSolutions.path("violations")).as("open cdk-nag findings: fix them, or acknowledge them with a "
                + "reason in NagAcknowledgments").isEmpty();
        assertThat(awsSolutions.path("conclusion").asText()).isEqualTo("success");

        Map<String, Integer> acknowledged = new TreeMap<>();
        int findings = 0;
        for (JsonNode rule : awsSolutions.path("suppressedViolations")) {
            int count = rule.path("violatingConstructs").size();
            acknowledged.merge(rule.path("ruleName").asText(), count, Integer::sum);
            findings += count;
        }
        System.out.println("cdk-nag AwsSolutions: 0 open, " + findings + " acknowledged " + acknowledged
                + "; acknowledgments made in code: " + app.built.nag().acknowledged().size());
        assertThat(findings).as("every acknowledged finding was acknowledged by NagAcknowledgments, one by one")
                .isPositive().isLessThanOrEqualTo(app.built.nag().acknowledged().size());
    }

    @Test
    @DisplayName("Fails synthesis on a finding nobody acknowledged (the pack is really running)")
    void unacknowledgedFindingFailsSynthesis(@TempDir Path outdir) {
        App bare = new App(AppProps.builder().outdir(outdir.toString()).build());
        Stack stack = new Stack(bare, "Insecure");
        // No access logs, no TLS-only policy: AwsSolutions-S1 and S10.
        new Bucket(stack, "Plain");
        Validations.of(bare).addPlugins(new AwsSolutionsChecks(bare));

        assertThatThrownBy(bare::synth).as("a bucket without TLS enforcement must fail the AwsSolutions pack")
                .hasMessageContaining("Validation failed");
        JsonNode report;
        try {
            report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(outdir.resolve("validation-report.json").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(plugin(report, "AwsSolutions").path("violations").findValuesAsText("ruleName"))
                .as("the open findings on a plain bucket").contains("AwsSolutions-S1", "AwsSolutions-S10");
    }

    private static JsonNode plugin(JsonNode report, String name) {
        for (JsonNode plugin : report.path("pluginReports")) {
            if (name.equals(plugin.path("pluginName").asText())) {
                return plugin;
            }
        }
        throw new AssertionError("no " + name + " report in " + report);
    }
}

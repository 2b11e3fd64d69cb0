package dev.sjl.deploy;

import dev.sjl.deploy.guard.CfnGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * cfn-guard with the AWS Control Tower rules (as CDK's guard plugin bundles them) on both synthesized templates:
 * nothing open, and each acknowledged finding is one acknowledged with its reason in GuardAcknowledgments.
 */
@DisplayName("cfn-guard: the Control Tower rules find nothing that is not acknowledged with a reason")
class CfnGuardTest {

    private static Synthesized app;
    private static CfnGuard guard;

    @BeforeAll
    static void synthesize() {
        app = Synthesized.app();
        guard = CfnGuard.installed();
    }

    @Test
    @DisplayName("Reports no open finding on UserService and UsersNetwork, and only findings acknowledged in code")
    void noOpenFinding() {
        CfnGuard.Report report = guard.validate(List.of(
                app.outdir.resolve(DeployApp.SERVICE_STACK + ".template.json"),
                app.outdir.resolve(DeployApp.NETWORK_STACK + ".template.json")), Path.of("target", "cfn-guard"));

        assertThat(report.passed()).as("cfn-guard: fix the resource, or acknowledge the rule on it with a reason in "
                + "GuardAcknowledgments:" + report.failures()).isTrue();
        Map<String, Integer> byControl = new TreeMap<>();
        report.acknowledged().forEach(f -> byControl.merge(f.control(), 1, Integer::sum));
        System.out.println(report.guardVersion() + ", " + report.rules() + " Control Tower rules on 2 templates in "
                + report.took().toMillis() + " ms: 0 open, " + report.acknowledged().size() + " acknowledged "
                + byControl + "; acknowledgments made in code: " + app.built.guard().acknowledged().size());
        assertThat(report.acknowledged()).as("each acknowledgment in code matches one finding, and no more")
                .hasSameSizeAs(app.built.guard().acknowledged());
    }

    @Test
    @DisplayName("Reports lab 08's database once its acknowledgments are taken out of the template")
    void databaseWithoutAcknowledgmentsIsReported(@TempDir Path work) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode network = app.template(DeployApp.NETWORK_STACK);
        ((com.fasterxml.jackson.databind.node.ObjectNode) network.path("Resources").path("Database").path("Metadata"))
                .remove(GuardAcknowledgments.METADATA);
        Path template = work.resolve(DeployApp.NETWORK_STACK + ".template.json");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(template.toFile(), network);

        CfnGuard.Report report = guard.validate(List.of(template), work);

        assertThat(report.open()).as("the database's findings, open without their acknowledgments")
                .extracting(CfnGuard.Finding::resource).containsOnly("Database");
        assertThat(report.open()).extracting(CfnGuard.Finding::control).contains("CT.RDS.PR.13", "CT.RDS.PR.8")
                .hasSize(8);
        assertThat(report.unjustified()).isEmpty();
        assertThat(report.unused()).isEmpty();
    }

    @Test
    @DisplayName("Reports a plain S3 bucket (no public access block, no KMS encryption, no logging) by rule and resource")
    void plainBucketIsReported(@TempDir Path work) {
        CfnGuard.Report report = guard.validate(List.of(fixture("plain-bucket.template.json")), work);

        assertThat(report.passed()).isFalse();
        assertThat(report.open()).extracting(CfnGuard.Finding::control, CfnGuard.Finding::rule, CfnGuard.Finding::resource)
                .contains(tuple("CT.S3.PR.1", "s3_bucket_level_public_access_prohibited_check", "PlainBucket"),
                        tuple("CT.S3.PR.10", "s3_bucket_default_encryption_kms_check", "PlainBucket"),
                        tuple("CT.S3.PR.2", "s3_bucket_logging_enabled_check", "PlainBucket"));
        System.out.println("cfn-guard on a plain bucket:" + report.failures());
    }

    @Test
    @DisplayName("Counts an acknowledgment only with its reason, and fails on one without a reason or one that matches nothing")
    void acknowledgmentNeedsAReason(@TempDir Path work) {
        CfnGuard.Report report = guard.validate(List.of(fixture("acknowledgments.template.json")), work);

        assertThat(report.acknowledged()).extracting(CfnGuard.Finding::resource, CfnGuard.Finding::rule)
                .containsExactly(tuple("ExplainedBucket", "s3_bucket_logging_enabled_check"));
        assertThat(report.open()).extracting(CfnGuard.Finding::resource, CfnGuard.Finding::rule)
                .contains(tuple("UnexplainedBucket", "s3_bucket_logging_enabled_check"))
                .doesNotContain(tuple("ExplainedBucket", "s3_bucket_logging_enabled_check"));
        assertThat(report.unjustified()).containsExactly(
                "s3_bucket_logging_enabled_check on UnexplainedBucket (acknowledgments.template.json)");
        assertThat(report.unused()).containsExactly("sqs_dlq_check on StaleBucket (acknowledgments.template.json)");
        assertThat(report.passed()).isFalse();
    }

    @Test
    @DisplayName("Refuses an acknowledgment without a reason in code")
    void blankReasonIsRefusedInCode() {
        Stack stack = new Stack(new App(), "Fixture");
        Bucket bucket = new Bucket(stack, "Plain");
        assertThatThrownBy(() -> new GuardAcknowledgments().acknowledge(bucket, "s3_bucket_logging_enabled_check", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs its reason");
    }

    private static Path fixture(String name) {
        try {
            return Path.of(CfnGuardTest.class.getResource("/guard/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

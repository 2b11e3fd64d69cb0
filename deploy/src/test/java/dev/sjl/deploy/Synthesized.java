package dev.sjl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.apigateway.Stages;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The app synthesized once for every test class in this JVM (synthesis runs the construct library in Node.js and
 * takes tens of seconds on a shared 2-core machine). Read-only: a test that changes a template changes a copy.
 */
final class Synthesized {

    private static Synthesized instance;

    final DeployApp.Built built;
    final CloudAssembly assembly;
    final Path outdir;

    private Synthesized() {
        try {
            Path target = Path.of("target");
            outdir = target.resolve("test-cdk.out");
            if (Files.exists(outdir)) {
                try (var files = Files.walk(outdir)) {
                    for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            FunctionCode code = FunctionCode.placeholderForSynthOnly(target.resolve("test-placeholder-code"));
            built = DeployApp.build(AppProps.builder().outdir(outdir.toString())
                    // The validation report as JSON too, so the cdk-nag test can count what it acknowledged.
                    .context(Map.of("@aws-cdk/core:validationReportJson", true)).build(), code, Stages.prod());
            assembly = built.app().synth();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized Synthesized app() {
        if (instance == null) {
            instance = new Synthesized();
        }
        return instance;
    }

    /** The validation report (cdk-nag's findings, open and acknowledged), as CDK wrote it. */
    JsonNode validationReport() {
        try {
            return new ObjectMapper().readTree(outdir.resolve("validation-report.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh copy of a stack's template. */
    JsonNode template(String stackName) {
        try {
            return new ObjectMapper().readTree(outdir.resolve(stackName + ".template.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logicalId(software.amazon.awscdk.services.lambda.Function function) {
        return built.service().resolve(((software.amazon.awscdk.CfnElement) function.getNode().getDefaultChild())
                .getLogicalId()).toString();
    }
}

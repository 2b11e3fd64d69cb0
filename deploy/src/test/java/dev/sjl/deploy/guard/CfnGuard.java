package dev.sjl.deploy.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.deploy.GuardAcknowledgments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS CloudFormation Guard with the AWS Control Tower rules, both as CDK's guard plugin
 * ({@code @cdklabs/cdk-validator-cfnguard}, pinned in {@code deploy/guard}) bundles them, run on synthesized templates.
 * The plugin's own code is TypeScript for a Node CDK app; this runs its bundled {@code cfn-guard} binary the way the
 * plugin does ({@code validate --output-format json --structured}) and reads the result, then applies the templates'
 * {@code Metadata.guard} acknowledgments ({@link GuardAcknowledgments}), which the Control Tower rules do not read.
 */
public final class CfnGuard {

    /** Where deploy's build installs the plugin (guard/install.sh, run by the pom before the tests). */
    static final Path PLUGIN = Path.of("guard", "node_modules", "@cdklabs", "cdk-validator-cfnguard");
    private static final Pattern CONTROL = Pattern.compile("\\[(CT\\.[A-Z0-9]+\\.PR\\.\\d+)]:\\s*([^\\n]*)");
    /** The failing property's resource: "property [/Resources/Id/..." or "traversed to [Path=/Resources/Id/...". */
    private static final Pattern RESOURCE = Pattern.compile("(?:property \\[|Path=)/Resources/([^/\\[\\]]+)");

    /** A rule a resource does not meet. {@code control} is the Control Tower id (CT.S3.PR.1), {@code title} its name. */
    public record Finding(String template, String rule, String control, String resource, String title) {
        @Override
        public String toString() {
            return control + " " + rule + " on " + resource + " (" + template + "): " + title;
        }
    }

    /**
     * What a run found. {@code open}: findings nobody acknowledged; {@code acknowledged}: findings with a justified
     * acknowledgment; {@code unjustified}: acknowledgments without a reason; {@code unused}: acknowledgments that match
     * no finding (the resource was fixed, or the rule name is wrong).
     */
    public record Report(String guardVersion, int rules, Duration took, List<Finding> open, List<Finding> acknowledged,
                         List<String> unjustified, List<String> unused) {
        public boolean passed() {
            return open.isEmpty() && unjustified.isEmpty() && unused.isEmpty();
        }

        public String failures() {
            StringBuilder text = new StringBuilder();
            open.forEach(f -> text.append("\n  open: ").append(f));
            unjustified.forEach(u -> text.append("\n  acknowledged without a reason: ").append(u));
            unused.forEach(u -> text.append("\n  acknowledged but not found (stale): ").append(u));
            return text.toString();
        }
    }

    private final Path binary;
    private final Path rules;

    private CfnGuard(Path plugin) {
        this.binary = plugin.resolve("bin").resolve(platform()).resolve(architecture()).resolve("cfn-guard");
        this.rules = plugin.resolve("rules").resolve("control-tower").resolve("cfn-guard");
        if (!Files.isExecutable(binary) || !Files.isDirectory(rules)) {
            throw new IllegalStateException("cfn-guard is not installed at " + binary.toAbsolutePath() + ": run "
                    + "`./mvnw -pl deploy test` (its build runs deploy/guard/install.sh) or deploy/guard/install.sh");
        }
    }

    /** The plugin deploy's build installed. */
    public static CfnGuard installed() {
        return new CfnGuard(PLUGIN);
    }

    /** Runs every Control Tower rule on the templates. */
    public Report validate(List<Path> templates, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path out = workDir.resolve("cfn-guard.json");
            Path err = workDir.resolve("cfn-guard.err");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "validate", "--rules", rules.toString()));
            for (Path template : templates) {
                command.addAll(List.of("--data", template.toString()));
            }
            command.addAll(List.of("--output-format", "json", "--show-summary", "none", "--structured"));
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("cfn-guard did not finish in 5 minutes");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // 0: every rule passed; 19: some rule failed. Anything else is guard's own error (a rule or template it
            // cannot read), which must not pass for a clean result.
            int exit = process.exitValue();
            if (exit != 0 && exit != 19) {
                throw new IllegalStateException("cfn-guard exited " + exit + ": " + Files.readString(err));
            }
            JsonNode results = new ObjectMapper().readTree(out.toFile());
            return report(results, templates, took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Report report(JsonNode results, List<Path> templates, Duration took) throws IOException {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode file : results) {
            String template = Path.of(file.path("name").asText()).getFileName().toString();
            for (JsonNode failed : file.path("not_compliant")) {
                JsonNode rule = failed.path("Rule");
                String name = rule.path("name").asText();
                Matcher control = CONTROL.matcher(rule.toString().replace("\\n", "\n"));
                boolean named = control.find();
                String id = named ? control.group(1) : "?";
                String title = named ? control.group(2).trim() : name;
                Set<String> resources = new LinkedHashSet<>();
                for (JsonNode message : rule.findValues("error_message")) {
                    Matcher resource = RESOURCE.matcher(message.asText(""));
                    if (resource.find()) {
                        resources.add(resource.group(1));
                    }
                }
                if (resources.isEmpty()) {
                    // A failure guard did not tie to a resource still fails: it is shown against the template.
                    resources.add("(template)");
                }
                resources.forEach(r -> findings.add(new Finding(template, name, id, r, title)));
            }
        }

        List<Finding> open = new ArrayList<>();
        List<Finding> acknowledged = new ArrayList<>();
        List<String> unjustified = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        List<String> declared = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path path : templates) {
            String template = path.getFileName().toString();
            JsonNode resources = json.readTree(path.toFile()).path("Resources");
            for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) resources::fields) {
                JsonNode guard = entry.getValue().path("Metadata").path(GuardAcknowledgments.METADATA);
                for (JsonNode rule : guard.path(GuardAcknowledgments.SUPPRESSED_RULES)) {
                    String key = template + " " + entry.getKey() + " " + rule.asText();
                    if (guard.path(GuardAcknowledgments.REASONS).path(rule.asText()).asText("").isBlank()) {
                        unjustified.add(rule.asText() + " on " + entry.getKey() + " (" + template + ")");
                    } else {
                        declared.add(key);
                    }
                }
            }
        }
        for (Finding finding : findings) {
            String key = finding.template() + " " + finding.resource() + " " + finding.rule();
            if (declared.contains(key)) {
                acknowledged.add(finding);
                used.add(key);
            } else {
                open.add(finding);
            }
        }
        List<String> unused = declared.stream().filter(k -> !used.contains(k)).map(k -> {
            String[] parts = k.split(" ");
            return parts[2] + " on " + parts[1] + " (" + parts[0] + ")";
        }).toList();
        int ruleFiles;
        try (var files = Files.walk(rules)) {
            ruleFiles = (int) files.filter(f -> f.toString().endsWith(".guard")).count();
        }
        return new Report(version(), ruleFiles, took, open, acknowledged, unjustified, unused);
    }

    /** {@code cfn-guard --version}, e.g. "cfn-guard 3.1.1". */
    public String version() {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The plugin's folder names: guard's release names Linux builds "ubuntu" (they are static). */
    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "ubuntu";
        }
        if (os.contains("mac")) {
            return "macos";
        }
        throw new IllegalStateException("the guard plugin bundles cfn-guard for Linux and macOS only, not " + os);
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> throw new IllegalStateException("the guard plugin bundles cfn-guard for x86_64 and aarch64, not " + arch);
        };
    }
}

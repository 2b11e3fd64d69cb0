package dev.sjl.functions;

import dev.sjl.localcloud.lambda.InvocationResult;
import dev.sjl.localcloud.lambda.LocalLambda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold starts of every function, each from its own package, the way Lambda runs it: the zip unzipped into a folder,
 * a fresh JVM per execution environment with the root and {@code lib/*.jar} on its classpath plus the runtime
 * interface client (which Lambda's managed runtime provides), driven through the Runtime API by the local cloud's
 * {@link LocalLambda}. Per function: init (JVM start to the runtime's first {@code /next}, Lambda's Init Duration),
 * the first invocation's Duration, and the median Duration of the warm ones, each the median over several
 * environments. A benchmark, not a test: it prints numbers and fails only when a function fails.
 *
 * <pre>./mvnw -o package -pl functions exec:exec@cold-start-benchmark [-Dbench.runs=3 -Dbench.warm=20]</pre>
 *
 * The events (src/test/resources/benchmark/) take paths that need no AWS service: the SDK clients are built at init
 * (as on Lambda), but the first invocation is answered without a call (an anonymous caller, an empty batch, a trigger
 * the handler passes through). The endpoints point at a closed loopback port so that nothing leaves this machine.
 */
public final class ColdStartBenchmark {

    private static final String NOWHERE = "http://127.0.0.1:9";

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path packages = Path.of(args.length > 0 ? args[0] : "target/packages");
        int runs = Integer.getInteger("bench.runs", 3);
        int warm = Integer.getInteger("bench.warm", 20);
        String runtime = runtimeClasspath();
        Path work = Files.createTempDirectory("cold-start-");
        System.out.printf(Locale.ROOT, "Cold starts from the packages in %s: %d environments per function, %d warm "
                + "invocations each; Java %s, %d CPUs, %s%n", packages, runs, warm, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "%-22s %8s %10s %12s %12s  %s%n", "function", "MB", "init", "first invoke",
                "warm p50", "first answer");
        boolean failed = false;
        for (ServiceFunction function : FunctionCatalog.ALL) {
            Path task = Packages.unzip(packages.resolve(function.name() + ".zip"),
                    Files.createDirectories(work.resolve(function.name())));
            String classpath = Packages.classpath(task).stream().map(Path::toString)
                    .collect(Collectors.joining(java.io.File.pathSeparator)) + java.io.File.pathSeparator + runtime;
            String event = event(function.name());
            List<Duration> inits = new ArrayList<>();
            List<Duration> firsts = new ArrayList<>();
            List<Duration> warms = new ArrayList<>();
            String answer = "";
            for (int run = 0; run < runs && !failed; run++) {
                try (LocalLambda lambda = LocalLambda.builder(function.handlerString()).functionName(function.name())
                        .memoryMb(function.memoryMb()).timeout(Duration.ofSeconds(function.timeoutSeconds()))
                        .classpath(classpath).region("eu-west-1").credentials("AKIDBENCHMARK", "not-a-secret", "bench")
                        .environment(environment(function.name())).build()) {
                    InvocationResult first = lambda.invoke(event);
                    if (!first.isSuccess()) {
                        System.out.println(function.name() + " failed: " + first);
                        lambda.logs().stream().skip(Math.max(0, lambda.logs().size() - 15))
                                .forEach(l -> System.out.println("  | " + l));
                        failed = true;
                        break;
                    }
                    answer = summary(first.payload());
                    inits.add(lambda.initDuration().orElseThrow());
                    firsts.add(first.duration());
                    List<Duration> durations = new ArrayList<>();
                    for (int i = 0; i < warm && !failed; i++) {
                        InvocationResult again = lambda.invoke(event);
                        if (!again.isSuccess()) {
                            System.out.println(function.name() + " failed warm: " + again);
                            lambda.logs().stream().skip(Math.max(0, lambda.logs().size() - 15))
                                    .forEach(l -> System.out.println("  | " + l));
                            failed = true;
                        }
                        durations.add(again.duration());
                    }
                    if (failed) {
                        break;
                    }
                    warms.add(median(durations));
                }
            }
            if (failed) {
                break;
            }
            System.out.printf(Locale.ROOT, "%-22s %8.2f %10s %12s %12s  %s%n", function.name(),
                    Files.size(packages.resolve(function.name() + ".zip")) / 1024.0 / 1024.0, ms(median(inits)),
                    ms(median(firsts)), ms(median(warms)), answer);
        }
        System.out.println("init = JVM start -> first /next; first invoke and warm p50 = Lambda's Duration (runtime took"
                + " the event -> posted the answer); medians over the environments. Local numbers: this machine's CPU"
                + " and JVM, not Lambda's, and no SnapStart.");
        deleteTree(work);
        System.exit(failed ? 1 : 0);
    }

    /** Configuration as deploy/ gives it, with made-up values: nothing here is a credential. */
    static Map<String, String> environment(String function) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", NOWHERE);
        switch (function) {
            case "accounts" -> {
                env.put("USER_POOL_ID", "eu-west-1_bench");
                env.put("USER_POOL_CLIENT_ID", "benchclient");
                env.put("COGNITO_ISSUER", NOWHERE + "/eu-west-1_bench");
            }
            case "users" -> env.put("USER_POOL_ID", "eu-west-1_bench");
            case "api-key-authorizer" -> env.put("API_KEYS_PATH", "/user-service/api-keys");
            case "avatars" -> {
                env.put("AVATAR_BUCKET", "avatars");
                env.put("USERS_TABLE", "users");
            }
            case "thumbnails", "post-confirmation", "internal-users", "preferences" -> env.put("USERS_TABLE", "users");
            case "signup-publisher" -> env.put("TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:user-events");
            case "email-worker" -> {
                env.put("CHANNEL", "email");
                env.put("IDEMPOTENCY_TABLE", "notification-idempotency");
                env.put("PROVIDER_URL", NOWHERE);
                env.put("SENDER", "welcome@example.com");
                env.put("SENDGRID_API_KEY", "not-a-key");
            }
            case "sms-worker" -> {
                env.put("CHANNEL", "sms");
                env.put("IDEMPOTENCY_TABLE", "notification-idempotency");
                env.put("PROVIDER_URL", NOWHERE);
                env.put("SENDER", "+15005550006");
                env.put("TWILIO_ACCOUNT_SID", "not-a-sid");
                env.put("TWILIO_AUTH_TOKEN", "not-a-token");
            }
            case "pre-sign-up" -> env.put("ALLOWED_EMAIL_DOMAINS", "");
            default -> { }
        }
        return env;
    }

    private static String event(String function) throws IOException {
        try (InputStream in = ColdStartBenchmark.class.getResourceAsStream("/benchmark/" + function + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no benchmark event for " + function);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * What Lambda's Java runtime provides beside the package: the runtime interface client with its own dependencies
     * (its serializer, and the SDK's utils-lite, where it puts the X-Ray trace id for each invocation).
     */
    private static String runtimeClasspath() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("aws-lambda-java-runtime-interface-client-")
                    || name.startsWith("aws-lambda-java-serialization-") || name.startsWith("utils-lite-")) {
                jars.add(entry);
            }
        }
        if (jars.size() != 3) {
            throw new IllegalStateException("the runtime interface client and its dependencies are not on the classpath: "
                    + jars);
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    private static String summary(String payload) {
        String oneLine = payload == null ? "null" : payload.replaceAll("\\s+", " ");
        return oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine;
    }

    static Duration median(List<Duration> values) {
        List<Duration> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2);
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1_000_000.0);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}

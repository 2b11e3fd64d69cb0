package dev.sjl.localcloud.bench;

import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * How long the local cloud takes to be ready: each emulator alone, then everything at once (started in parallel).
 * Every run is a fresh JVM, as in a real test run — a second start inside one warm JVM would flatter the numbers.
 * Reported: the median of N runs of (a) {@code LocalCloud.start} until every endpoint answers, and (b) the whole
 * process from launch, JVM start-up included; then (c) the same start in a JVM with a class-data archive of the
 * scenario's classes, recorded by one untimed run first, as {@code kit run} records and uses one (a test JVM under
 * Surefire has none, so (a) is what a lab's tests see). Not a test: run it with
 * {@code ./mvnw -q -o -pl localcloud/all test-compile exec:exec@start-time-benchmark} (-Druns=N to change N,
 * -Dscenarios=s3proxy to run only the scenarios whose name contains that text).
 */
public final class StartTimeBenchmark {
    private static final String PROBE = "START-MS ";
    /** One scenario per emulator (SQS and SNS share fauxqs, the JSON fakes serve three), then all services. */
    private static final Map<String, Set<Service>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("dynalite (DynamoDB + Streams)", EnumSet.of(Service.DYNAMODB));
        SCENARIOS.put("S3Proxy (+ S3 events)", EnumSet.of(Service.S3));
        SCENARIOS.put("fauxqs (SQS + SNS)", EnumSet.of(Service.SQS, Service.SNS));
        SCENARIOS.put("cognito-local (+ Invoke endpoint)", EnumSet.of(Service.COGNITO));
        SCENARIOS.put("SSM / Secrets / EventBridge fakes", EnumSet.of(Service.SSM, Service.SECRETS_MANAGER, Service.EVENTBRIDGE));
        SCENARIOS.put("PostgreSQL (template copy + server)", EnumSet.of(Service.POSTGRES));
        SCENARIOS.put("ALL services, in parallel", EnumSet.allOf(Service.class));
    }

    private StartTimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--probe")) {
            probe(args[1]);
            return;
        }
        int runs = Integer.getInteger("runs", 5);
        System.out.printf("Local cloud start time: median of %d runs, each in a fresh JVM (%d cores, Java %s)%n%n",
                runs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("%-36s %12s %12s %12s   %s%n", "scenario", "start (ms)", "process (ms)", "with CDS (ms)",
                "all runs: start ms | with CDS");
        String only = System.getProperty("scenarios", "");
        // made once here, not in a static field: each probe is a JVM of this class too, and must not pack jars
        String jarsOnly = jarsOnly(System.getProperty("java.class.path"));
        for (Map.Entry<String, Set<Service>> scenario : SCENARIOS.entrySet()) {
            if (!only.isBlank() && !scenario.getKey().toLowerCase(java.util.Locale.ROOT).contains(only.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            List<Long> starts = new ArrayList<>();
            List<Long> processes = new ArrayList<>();
            List<Long> shared = new ArrayList<>();
            Path archive = Files.createTempFile("sjl-bench-", ".jsa");
            try {
                Files.delete(archive); // the JVM writes it at the end of the untimed run
                fork(scenario.getValue(), List.of("-XX:ArchiveClassesAtExit=" + archive), jarsOnly);
                List<String> useArchive = Files.isRegularFile(archive)
                        ? List.of("-XX:SharedArchiveFile=" + archive) : null;
                // interleaved, so a slower minute of the machine weighs on both columns alike
                for (int i = 0; i < runs; i++) {
                    long[] result = fork(scenario.getValue(), List.of("-Xshare:auto"), System.getProperty("java.class.path"));
                    starts.add(result[0]);
                    processes.add(result[1]);
                    if (useArchive != null) {
                        shared.add(fork(scenario.getValue(), useArchive, jarsOnly)[0]);
                    }
                }
            } finally {
                Files.deleteIfExists(archive);
            }
            System.out.printf("%-36s %12d %12d %12s   %s | %s%n", scenario.getKey(), median(starts), median(processes),
                    shared.isEmpty() ? "no archive" : Long.toString(median(shared)), starts, shared);
        }
        System.out.println();
        System.out.println("For comparison: LocalStack's cold start took 12,444 ms (+/- 593 ms) on a 2-core CI runner "
                + "(GitHub Actions ubuntu-latest) in nubo-db/dynoxide's published benchmarks.");
    }

    /** Child: start the services, print how long that took, stop. */
    private static void probe(String services) {
        Set<Service> wanted = EnumSet.noneOf(Service.class);
        Arrays.stream(services.split(",")).map(Service::valueOf).forEach(wanted::add);
        long started = System.nanoTime();
        try (LocalCloud cloud = LocalCloud.builder().services(wanted).start()) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.println(PROBE + millis + " " + cloud.endpoints().size());
        }
    }

    /**
     * This JVM's classpath with each folder of classes packed into a jar, as {@code kit run}'s classpath is: the JVM
     * archives classes from jars only, and refuses to record an archive while a folder with classes is on the path.
     */
    private static String jarsOnly(String classpath) {
        List<String> entries = new ArrayList<>();
        try {
            for (String entry : classpath.split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (!Files.isDirectory(path)) {
                    entries.add(entry);
                    continue;
                }
                Path jar = Files.createTempFile("sjl-bench-classes-", ".jar");
                jar.toFile().deleteOnExit();
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                     Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        out.putNextEntry(new JarEntry(path.relativize(file).toString().replace(File.separatorChar, '/')));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
                entries.add(jar.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** @param sharing the class-data sharing flags: the JDK's archive only, or one of the scenario's classes */
    private static long[] fork(Set<Service> services, List<String> sharing, String classpath)
            throws IOException, InterruptedException {
        Path logs = Files.createTempDirectory("sjl-bench-logs-");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the flags the module's tests run with (root POM surefire argLine), and kit run's
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        command.addAll(sharing);
        command.addAll(List.of("-Dlocalcloud.logs=" + logs,
                "-cp", classpath, StartTimeBenchmark.class.getName(), "--probe",
                String.join(",", services.stream().map(Service::name).toList())));
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Long start = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                if (line.startsWith(PROBE)) {
                    start = Long.parseLong(line.substring(PROBE.length()).split(" ")[0]);
                }
            }
        }
        int exit = process.waitFor();
        long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
        if (exit != 0 || start == null) {
            throw new IllegalStateException("Probe for " + services + " failed (exit " + exit + "):\n" + String.join("\n", output));
        }
        return new long[] {start, total};
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

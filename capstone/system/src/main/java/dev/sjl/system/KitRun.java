package dev.sjl.system;

import dev.sjl.localcloud.EmulatorStartException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./kit run}: the whole user service on the local cloud, in the foreground until Ctrl-C. Prints where the API
 * and the web client are, the administrator's password (once: it is random per start and kept nowhere), and a curl
 * walkthrough. The kit script starts this class from a cached classpath, so a warm start runs no Maven.
 */
public final class KitRun {

    private KitRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        String db = "dynamodb";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = i + 1 < args.length ? args[++i] : "";
                case "-h", "--help" -> {
                    System.out.println("Usage: kit run [--db dynamodb|postgres]\n"
                            + "Starts the user service on the local cloud (API, web client, Cognito, DynamoDB, S3, SNS/SQS) until Ctrl-C.\n"
                            + "\n"
                            + "  --db dynamodb   (default) accounts in lab 06's DynamoDB users table; sign-up events from its stream\n"
                            + "                  through signup-publisher to SNS.\n"
                            + "  --db postgres   accounts in the local PostgreSQL through lab 08's repository (credentials from the\n"
                            + "                  local Secrets Manager, HikariCP pool, Flyway migrations); sign-up events from lab 08's\n"
                            + "                  outbox table (user_events) through outbox-relay to the same SNS topic. Avatars and\n"
                            + "                  notification preferences stay on the DynamoDB profile item either way.");
                    return;
                }
                default -> {
                    System.err.println("kit run: unknown option " + args[i] + " (kit run --help)");
                    System.exit(2);
                }
            }
        }
        java.util.Optional<LocalUserService.Database> database = LocalUserService.Database.of(db);
        if (database.isEmpty()) {
            System.err.println("kit run: --db must be dynamodb or postgres, not \"" + db + "\" (kit run --help)");
            System.exit(2);
            return;
        }
        // Before the first logger exists: logback reads its configuration once.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/sjl/system/kit-run-logback.xml");
        }
        long started = System.nanoTime();
        Path logs = Path.of(System.getProperty("kit.run.logs", ".kit/run/logs"));
        LocalUserService service;
        try {
            service = LocalUserService.start(new LocalUserService.Options(true, logs, null).withDatabase(database.get()));
        } catch (EmulatorStartException e) {
            System.err.println("kit run: " + e.getMessage());
            System.exit(1);
            return;
        } catch (java.io.UncheckedIOException e) {
            // A port of the gateway or the console is taken: the message names it.
            System.err.println("kit run: " + e.getMessage() + (e.getCause() != null ? ": " + e.getCause().getMessage() : ""));
            System.exit(1);
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "kit-run-stop"));
        print(System.out, service, millis);
        stopped.await();
    }

    static void print(PrintStream out, LocalUserService service, long millis) {
        URI api = service.apiBase();
        URI web = service.webBase();
        String base = api.toString().replaceAll("/$", "");
        String console = web.toString().replaceAll("/$", "");
        out.println("User service ready in " + millis + " ms (" + service.timings() + ")");
        out.println("  Users in    " + switch (service.database()) {
            case DYNAMODB -> "DynamoDB (lab 06's users table; sign-up events from its stream)   --db postgres for PostgreSQL";
            case POSTGRES -> "PostgreSQL (lab 08's repository; sign-up events from its outbox, user_events)";
        });
        out.println();
        out.println("  API         " + api);
        out.println("  Web client  " + web);
        out.println("  Admin       " + LocalUserService.ADMIN_EMAIL + "  password " + service.adminPassword()
                + "  (random for this run, shown once)");
        out.println("  Local only  " + console + "/local/inbox?email=…  (codes Cognito sent)   "
                + console + "/local/notifications  (e-mails and SMS sent)");
        out.println();
        out.println("Try it:");
        out.println("  curl -si -X POST " + base + "/signup -H 'content-type: application/json' \\");
        out.println("       -d '{\"email\":\"ada@example.com\",\"password\":\"Correct-Horse-9-battery\"}'");
        out.println("  code=$(curl -s '" + console + "/local/inbox/code?email=ada@example.com')");
        out.println("  curl -si -X POST " + base + "/signup/confirm -H 'content-type: application/json' \\");
        out.println("       -d '{\"email\":\"ada@example.com\",\"code\":\"'$code'\"}'");
        out.println("  token=$(curl -s -X POST " + base + "/login -H 'content-type: application/json' \\");
        out.println("       -d '{\"email\":\"ada@example.com\",\"password\":\"Correct-Horse-9-battery\"}' | sed 's/.*\"accessToken\":\"\\([^\"]*\\)\".*/\\1/')");
        out.println("  curl -si " + base + "/users/me -H \"authorization: Bearer $token\"");
        out.println();
        out.println("Ctrl-C stops everything.");
        out.flush();
    }
}

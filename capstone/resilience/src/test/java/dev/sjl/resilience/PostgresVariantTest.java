package dev.sjl.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.apigateway.ApiKeys;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.system.LocalUserService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kit run --db postgres} (issue 19, item 1) and issue 20's PostgreSQL cases, through the real gateway over HTTP:
 * the accounts in lab 08's PostgreSQL repository, the welcome through lab 08's outbox and {@code outbox-relay}, SQL
 * injection payloads, a sign-up race, and the database restarted under the running service. One service for the class;
 * the restart runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("kit run --db postgres")
class PostgresVariantTest {

    private static RunningService running;
    private static PostgresConnection users;
    private static String apiKey;

    @BeforeAll
    static void start() {
        // A relay every 2 s: slow enough that the restart test can hold events back, fast enough for the welcomes.
        running = RunningService.start(RunningService.OPTIONS.withDatabase(LocalUserService.Database.POSTGRES)
                .withOutboxInterval(Duration.ofSeconds(2))
                // While the database is down a read waits out lab 08's connection timeout (3 s) twice (it retries a
                // lost connection once): API Gateway's 30 s allows that, the shared options' 5 s would not.
                .withIntegrationTimeout(Duration.ofSeconds(15)));
        users = running.service.cloud().postgres().withDatabase("users");
        apiKey = new ApiKeys(running.service.cloud().clients().ssm(), LocalUserService.API_KEYS_PATH).issue("pg-test");
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("Sign-up, confirm, login, /users/me: the account in PostgreSQL, one welcome through the outbox relay")
    void signUpToWelcome() throws Exception {
        String email = "pg-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        running.confirmedUser(email);
        JsonNode tokens = running.login(email, RunningService.PASSWORD);
        HttpResponse<String> me = running.get("users/me", tokens.path("accessToken").asText());
        assertThat(me.statusCode()).as("GET /users/me with the new user's token: " + me.body()).isEqualTo(200);
        assertThat(RunningService.json(me).path("email").asText()).as("the profile's email").isEqualTo(email);
        String sub = RunningService.json(me).path("id").asText();

        assertThat(strings("SELECT email FROM users WHERE id = ?", sub)).as("the account row in PostgreSQL for " + sub)
                .containsExactly(email);
        HttpResponse<String> internal = internal(sub);
        assertThat(internal.statusCode()).as("GET /internal/users/{id} read from PostgreSQL: " + internal.body()).isEqualTo(200);
        assertThat(running.service.cloud().functions().find("signup-publisher"))
                .as("signup-publisher is registered under --db postgres: the welcome could come from the stream").isEmpty();

        assertThat(welcomes(email, 1)).as("welcome e-mails to " + email + " through the outbox relay").isEqualTo(1);
        assertThat(strings("SELECT count(*) FROM user_events WHERE user_id = ? AND published_at IS NOT NULL", sub))
                .as("the user's UserCreated event, marked published by the relay").containsExactly("1");
    }

    @Test
    @Order(2)
    @DisplayName("SQL injection payloads in the email, the path, the query and the cursor: 4xx or stored literally, no other row changed")
    void sqlInjection() throws Exception {
        String seed = "inj-" + UUID.randomUUID().toString().substring(0, 6);
        running.confirmedUser(seed + "@example.com");
        Map<String, String> before = rows();

        List<String> emails = List.of(
                "x'or'1'='1-" + seed + "@example.com",
                "a';DELETE-FROM-users;--" + seed + "@example.com",
                "b'||(SELECT-password_hash-FROM-users-LIMIT-1)||'" + seed + "@example.com",
                "c\");DROP-TABLE-users;--" + seed + "@example.com",
                "d' OR 1=1 --" + seed + "@example.com",
                "e@" + seed + ".com';UPDATE users SET email='owned'");
        Map<String, Integer> statuses = new LinkedHashMap<>();
        List<String> stored = new ArrayList<>();
        for (String email : emails) {
            HttpResponse<String> signup = running.post("signup", Map.of("email", email, "password", RunningService.PASSWORD), null);
            statuses.put("POST /signup " + email, signup.statusCode());
            if (signup.statusCode() != 202) {
                continue;
            }
            String code = running.console("local/inbox/code?email=" + RunningService.encode(email.toLowerCase())).body().strip();
            HttpResponse<String> confirm = running.post("signup/confirm", Map.of("email", email, "code", code), null);
            statuses.put("POST /signup/confirm " + email, confirm.statusCode());
            if (confirm.statusCode() == 204) {
                stored.add(email.toLowerCase());
            }
        }
        for (String id : List.of("' OR '1'='1", "1; DROP TABLE users; --", "x' UNION SELECT email FROM users --",
                "%27%20OR%201%3D1--", "$1", "\\'; DELETE FROM user_events; --")) {
            HttpResponse<String> answer = internal(RunningService.encode(id).replace("+", "%20"));
            statuses.put("GET /internal/users/" + id, answer.statusCode());
        }
        String admin = running.login(LocalUserService.ADMIN_EMAIL, running.service.adminPassword()).path("accessToken").asText();
        // The admin list (lab 05) reads Cognito and takes no query parameter: a payload there must change nothing.
        String list = running.get("users", admin).body();
        List<String> listsChanged = new ArrayList<>();
        for (String query : List.of("cursor=' OR 1=1 --", "cursor=eyJ9'; DROP TABLE users; --", "limit=1;DROP TABLE users",
                "limit=' OR '1'='1", "cursor=%00'")) {
            HttpResponse<String> answer = running.get("users?" + query.replace(" ", "%20").replace("'", "%27")
                    .replace(";", "%3B"), admin);
            statuses.put("GET /users?" + query, answer.statusCode());
            if (answer.statusCode() == 200 && !answer.body().equals(list)) {
                listsChanged.add(query);
            }
        }
        System.out.println("[postgres] injection statuses " + statuses + "; confirmed and stored: " + stored.size());

        assertThat(statuses).as("injection payloads answered 5xx (they must be refused with a 4xx or taken literally)")
                .allSatisfy((request, status) -> assertThat(status).as(request).isLessThan(500));
        assertThat(statuses).as("injection payloads in a path or query answered 2xx (nothing should match them)")
                .allSatisfy((request, status) -> {
                    if (request.startsWith("GET /internal")) {
                        assertThat(status).as(request).isEqualTo(404);
                    }
                });
        assertThat(listsChanged).as("query payloads whose 200 answer differs from the plain GET /users").isEmpty();
        Map<String, String> after = rows();
        after.keySet().removeIf(id -> !before.containsKey(id));
        assertThat(after).as("the rows that existed before the payloads (id -> email, unchanged, none deleted)")
                .isEqualTo(before);
        for (String email : stored) {
            assertThat(strings("SELECT email FROM users WHERE email = ?", email))
                    .as("a payload email accepted as an address is stored literally, once: " + email).containsExactly(email);
        }
        assertThat(strings("SELECT count(*) FROM user_events e LEFT JOIN users u ON u.id = e.user_id WHERE u.id IS NULL"))
                .as("outbox events without their user (a payload deleted one)").containsExactly("0");
    }

    @Test
    @Order(3)
    @DisplayName("200 sign-ups at once, 100 e-mails each twice, then 200 confirmations: one account per e-mail, no 5xx")
    void signUpRace() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            emails.add("race-" + run + "-" + i + "@example.com");
        }
        List<String> twice = new ArrayList<>(); // each e-mail twice in a row, so its two calls run side by side
        for (String email : emails) {
            twice.add(email);
            twice.add(email);
        }

        Map<Integer, Integer> signups = race(twice, twice.size(), email -> running.post("signup",
                Map.of("email", email, "password", RunningService.PASSWORD), null).statusCode());
        System.out.println("[postgres] 200 parallel POST /signup (100 e-mails x 2): statuses " + signups);
        // A registered address is answered as a new one (202), never 409: "already registered" would tell anyone which
        // addresses have accounts (SECURITY.md, enumeration). The uniqueness shows in what is stored.
        assertThat(signups).as("sign-up statuses (every one 202, a second one for an e-mail too; none 5xx)")
                .isEqualTo(Map.of(202, 200));

        Map<String, String> codes = new TreeMap<>();
        for (String email : emails) {
            codes.put(email, running.console("local/inbox/code?email=" + RunningService.encode(email)).body().strip());
        }
        // Both confirmations of an e-mail overlap; 50 at a time, as many as the local Cognito (one Node.js process,
        // each confirmation calling the trigger) answers within the accounts function's timeout on a busy machine.
        Map<Integer, Integer> confirms = race(twice, 50, email -> running.post("signup/confirm",
                Map.of("email", email, "code", codes.get(email)), null).statusCode());
        System.out.println("[postgres] 200 parallel POST /signup/confirm (each e-mail twice): statuses " + confirms);
        assertThat(confirms.keySet()).as("confirmation statuses: 204 done, or 400 already confirmed; a 503 would be "
                + "the pool exhausted or the database refusing, a 500 a failure").allMatch(s -> s == 204 || s == 400);
        assertThat(confirms.get(204)).as("confirmations that succeeded: one per e-mail").isEqualTo(100);

        String like = "race-" + run + "-%";
        assertThat(strings("SELECT count(*) FROM users WHERE email LIKE ?", like))
                .as("accounts in PostgreSQL for the 100 e-mails").containsExactly("100");
        assertThat(strings("SELECT count(DISTINCT lower(email)) FROM users WHERE email LIKE ?", like))
                .as("distinct e-mails among them").containsExactly("100");
        assertThat(strings("SELECT count(*) FROM user_events e JOIN users u ON u.id = e.user_id WHERE u.email LIKE ?", like))
                .as("outbox events for them: one per account").containsExactly("100");
        for (String email : List.of(emails.get(0), emails.get(49), emails.get(99))) {
            assertThat(welcomes(email, 1)).as("welcome e-mails to " + email).isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    @DisplayName("PostgreSQL restarted under the running service: 503 JSON meanwhile, then it recovers and relays what was held back")
    void databaseRestart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> before = List.of("held-" + run + "-1@example.com", "held-" + run + "-2@example.com",
                "held-" + run + "-3@example.com");
        for (String email : before) {
            running.confirmedUser(email);
        }
        String known = strings("SELECT id FROM users WHERE email = ?", before.get(0)).get(0);

        try (Connection marker = users.dataSource().getConnection(); Connection holder = users.dataSource().getConnection()) {
            // The held users' events are made unpublished (as if the relay had crashed between its publish and its
            // mark, for those it had already sent), and then locked by a session the outage kills: the relay skips
            // locked rows, so when the database goes down these events are certainly pending.
            int held = holdUnpublished(marker, holder, "held-" + run + "-%");
            System.out.println("[postgres] outbox events unpublished and held when the database goes down: " + held);
            assertThat(held).as("outbox events of the 3 users held unpublished across the outage").isEqualTo(3);

            Map<String, Integer> during = new LinkedHashMap<>();
            List<String> bodies = new ArrayList<>();
            try (PostgresOutage outage = PostgresOutage.begin(running.service.cloud().postgres())) {
                HttpResponse<String> read = internal(known);
                during.put("GET /internal/users/{id}", read.statusCode());
                bodies.add(read.body());
                HttpResponse<String> signup = running.post("signup", Map.of("email", "during-" + run + "@example.com",
                        "password", RunningService.PASSWORD), null);
                during.put("POST /signup (Cognito only)", signup.statusCode());
                HttpResponse<String> login = running.post("login", Map.of("email", before.get(1),
                        "password", RunningService.PASSWORD), null);
                during.put("POST /login (Cognito only)", login.statusCode());
                System.out.println("[postgres] during the outage (" + outage + "): " + during + " " + bodies);
            }
            assertThat(during.get("GET /internal/users/{id}")).as("a read of PostgreSQL during the outage: "
                    + bodies.get(0)).isEqualTo(503);
            JsonNode error = RunningService.JSON.readTree(bodies.get(0));
            assertThat(error.path("error").asText(error.path("code").asText())).as("the 503's JSON error code: " + bodies.get(0))
                    .isEqualTo("database_unavailable");
            assertThat(bodies.get(0)).as("the 503's body names no driver, pool or SQL")
                    .doesNotContainIgnoringCase("hikari").doesNotContainIgnoringCase("postgres")
                    .doesNotContainIgnoringCase("sqlstate").doesNotContain("Exception");
            assertThat(during.get("POST /signup (Cognito only)")).as("sign-up, which needs no database").isEqualTo(202);
            assertThat(during.get("POST /login (Cognito only)")).as("login, which needs no database").isEqualTo(200);
        }

        HttpResponse<String> recovered = RunningService.eventually(Duration.ofSeconds(30), () -> internal(known),
                r -> r.statusCode() == 200);
        assertThat(recovered.statusCode()).as("GET /internal/users/{id} after the restart, same service, same pool: "
                + recovered.body()).isEqualTo(200);
        String after = "after-" + run + "@example.com";
        running.confirmedUser(after);
        for (String email : before) {
            assertThat(welcomes(email, 1)).as("welcome e-mails to " + email + ", whose event was held across the restart")
                    .isEqualTo(1);
        }
        assertThat(welcomes(after, 1)).as("welcome e-mails to " + after + ", signed up after the restart").isEqualTo(1);
        assertThat(strings("SELECT count(*) FROM user_events e JOIN users u ON u.id = e.user_id"
                + " WHERE u.email LIKE ? AND e.published_at IS NULL", "held-" + run + "-%"))
                .as("events of the held users still unpublished after the restart").containsExactly("0");
    }

    /**
     * Sets the matching users' events unpublished and leaves them locked by {@code holder}'s open transaction. The
     * marker locks and updates them, then the holder asks for the same locks and waits; when the marker commits, the
     * holder is granted them before a relay's {@code SKIP LOCKED} can take them (it queued first).
     *
     * @return how many events the holder holds
     */
    private static int holdUnpublished(Connection marker, Connection holder, String emails) throws Exception {
        String select = "SELECT e.event_id FROM user_events e JOIN users u ON u.id = e.user_id WHERE u.email LIKE ?"
                + " FOR UPDATE OF e";
        marker.setAutoCommit(false);
        holder.setAutoCommit(false);
        try (PreparedStatement lock = marker.prepareStatement(select);
             PreparedStatement unmark = marker.prepareStatement("UPDATE user_events SET published_at = NULL"
                     + " WHERE user_id IN (SELECT id FROM users WHERE email LIKE ?)")) {
            lock.setString(1, emails);
            lock.executeQuery().close();
            unmark.setString(1, emails);
            unmark.executeUpdate();
        }
        int holderPid;
        try (Statement sql = holder.createStatement(); ResultSet pid = sql.executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            holderPid = pid.getInt(1);
        }
        ExecutorService waiting = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> locked = waiting.submit(() -> {
                try (PreparedStatement lock = holder.prepareStatement(select)) {
                    lock.setString(1, emails);
                    int rows = 0;
                    try (ResultSet result = lock.executeQuery()) {
                        while (result.next()) {
                            rows++;
                        }
                    }
                    return rows;
                }
            });
            List<String> state = RunningService.eventually(Duration.ofSeconds(10), () -> strings(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = " + holderPid), w -> w.contains("Lock"));
            assertThat(state).as("the holding session waiting for the marker's row locks").contains("Lock");
            marker.commit();
            return locked.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            waiting.shutdownNow();
        }
    }

    /** Waits until {@code expected} welcomes arrived (or 30 s), then 2 s more for a duplicate; returns the count. */
    private static int welcomes(String email, int expected) throws Exception {
        String path = "local/notifications?to=" + RunningService.encode(email);
        RunningService.eventually(Duration.ofSeconds(30), () -> RunningService.json(running.console(path)),
                json -> json.path("email").size() >= expected);
        Thread.sleep(2_000);
        return RunningService.json(running.console(path)).path("email").size();
    }

    private static HttpResponse<String> internal(String id) throws Exception {
        return running.http.send(HttpRequest.newBuilder(running.api("internal/users/" + id)).timeout(Duration.ofSeconds(60))
                .header("x-api-key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    interface Call {
        int status(String email) throws Exception;
    }

    /** The calls started on one latch, {@code parallel} at a time, so they overlap; the statuses counted. */
    private static Map<Integer, Integer> race(List<String> emails, int parallel, Call call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(parallel);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (String email : emails) {
                answers.add(threads.submit((Callable<Integer>) () -> {
                    go.await();
                    return call.status(email);
                }));
            }
            go.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            return statuses;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every account, id to email. */
    private static Map<String, String> rows() throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = users.dataSource().getConnection(); Statement sql = c.createStatement();
             ResultSet all = sql.executeQuery("SELECT id, email FROM users")) {
            while (all.next()) {
                rows.put(all.getString(1), all.getString(2));
            }
        }
        return rows;
    }

    private static List<String> strings(String query, String... parameters) throws SQLException {
        try (Connection c = users.dataSource().getConnection(); PreparedStatement select = c.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    /**
     * The local PostgreSQL restarted as a crash restarts it, with its data kept (the local cloud starts a fresh cluster
     * each time, so a stop and start would lose every row): the postmaster is paused (SIGSTOP), every server process
     * under it killed (SIGKILL), which ends every connection; while it stays paused nothing can connect. On
     * {@link #close()} it resumes (SIGCONT), finds its children gone, and does what a restart does: every process
     * started anew, crash recovery from the WAL, connections accepted again.
     */
    static final class PostgresOutage implements AutoCloseable {
        private final long postmaster;
        private final int killed;

        private PostgresOutage(long postmaster, int killed) {
            this.postmaster = postmaster;
            this.killed = killed;
        }

        static PostgresOutage begin(PostgresConnection master) throws Exception {
            long postmaster;
            List<Long> processes = new ArrayList<>();
            try (Connection c = master.dataSource().getConnection(); Statement sql = c.createStatement()) {
                String dataDirectory;
                try (ResultSet row = sql.executeQuery("SHOW data_directory")) {
                    row.next();
                    dataDirectory = row.getString(1);
                }
                postmaster = Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid"),
                        StandardCharsets.US_ASCII).get(0).strip());
                try (ResultSet rows = sql.executeQuery("SELECT pid FROM pg_stat_activity")) {
                    while (rows.next()) {
                        processes.add(rows.getLong(1));
                    }
                }
            }
            signal("STOP", postmaster);
            for (long pid : processes) {
                signal("KILL", pid);
            }
            return new PostgresOutage(postmaster, processes.size());
        }

        private static void signal(String signal, long pid) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0 && !"KILL".equals(signal)) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output);
            }
        }

        @Override
        public void close() throws Exception {
            signal("CONT", postmaster);
        }

        @Override
        public String toString() {
            return "postmaster " + postmaster + " paused, " + killed + " server processes killed";
        }
    }
}

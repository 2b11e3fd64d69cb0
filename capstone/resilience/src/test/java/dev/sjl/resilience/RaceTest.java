package dev.sjl.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.avatars.ThumbnailHandler;
import dev.sjl.system.LocalUserService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, item 3: the same request many times at once, through the gateway, and what the stores hold afterwards.
 * Each race starts its calls on one latch so they overlap. Sizes are the issue's; {@code -Dresilience.race.scale=0.5}
 * halves them on a slow machine.
 * <p>
 * The PostgreSQL variant of the same-email race is {@link PostgresVariantTest#signUpRace}.
 */
@DisplayName("Races on the running service")
class RaceTest {

    static final double SCALE = Double.parseDouble(System.getProperty("resilience.race.scale", "1"));
    static final int SIGNUPS = (int) Math.max(10, 200 * SCALE);
    static final int REFRESHES = (int) Math.max(10, 50 * SCALE);
    static final int UPLOADS = (int) Math.max(10, 100 * SCALE);

    private static RunningService running;

    @BeforeAll
    static void start() {
        running = RunningService.shared();
    }

    @Test
    @DisplayName("200 sign-ups of one e-mail at once, then 50 confirmations at once: one Cognito user, one profile, one welcome")
    void oneEmailManySignUps() throws Exception {
        String email = "race-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        Map<Integer, Integer> statuses = race(SIGNUPS, () -> running.post("signup",
                Map.of("email", email, "password", RunningService.PASSWORD), null).statusCode());
        System.out.println("[race] " + SIGNUPS + " parallel POST /signup of one e-mail: statuses " + statuses);
        // Every sign-up is answered alike (202), a registered address too: an "already registered" answer would tell
        // anyone which addresses have accounts.
        assertThat(statuses).as("every sign-up answered 202, none 5xx").isEqualTo(Map.of(202, SIGNUPS));
        assertThat(running.service.cloud().clients().cognito().listUsers(b -> b.userPoolId(running.service.poolId())
                .filter("email = \"" + email + "\"")).users()).as("Cognito users with that e-mail").hasSize(1);

        String code = running.console("local/inbox/code?email=" + RunningService.encode(email)).body().strip();
        Map<Integer, Integer> confirms = race(50, () -> running.post("signup/confirm",
                Map.of("email", email, "code", code), null).statusCode());
        System.out.println("[race] 50 parallel POST /signup/confirm with the right code: statuses " + confirms);
        assertThat(confirms.keySet()).as("confirmations: done (204) or already done (4xx), never 5xx")
                .allMatch(status -> status == 204 || (status >= 400 && status < 500)).contains(204);

        List<Map<String, AttributeValue>> profiles = running.service.cloud().clients().dynamoDb().scan(b -> b
                .tableName(LocalUserService.USERS_TABLE).filterExpression("email = :e AND begins_with(PK, :user)")
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(email), ":user", AttributeValue.fromS("USER#"))))
                .items();
        System.out.println("[race] profiles in DynamoDB for that e-mail: " + profiles.size());
        assertThat(profiles).as("profiles (USER# items) in the users table with that e-mail").hasSize(1);

        JsonNode sent = RunningService.eventually(Duration.ofSeconds(30),
                () -> RunningService.json(running.console("local/notifications?to=" + RunningService.encode(email))),
                json -> json.path("email").size() > 0);
        Thread.sleep(2_000); // a second welcome, if any, would follow the first within the pipeline's batch window
        sent = RunningService.json(running.console("local/notifications?to=" + RunningService.encode(email)));
        assertThat(sent.path("email").size()).as("welcome e-mails for one sign-up raced 200 times").isEqualTo(1);
    }

    /**
     * The app client rotates refresh tokens with no grace period (lab 04's UserPoolDefinition), so of N refreshes of
     * one token at once Cognito lets exactly one spend it; the others present a spent token
     * (RefreshTokenReuseException), and the service then signs the owner out of every login: the winner's new refresh
     * token is refused afterwards too.
     */
    @Test
    @DisplayName("50 refreshes of one token at once: exactly 1 succeeds, and the login ends (the winner's new token is refused)")
    void oneRefreshTokenManyRefreshes() throws Exception {
        String email = "refresh-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        running.confirmedUser(email);
        String refresh = running.login(email, RunningService.PASSWORD).path("refreshToken").asText();

        List<HttpResponse<String>> answers = raceAnswers(REFRESHES, () -> running.post("token/refresh",
                Map.of("refreshToken", refresh), null));
        Map<Integer, Integer> statuses = histogram(answers.stream().map(HttpResponse::statusCode).toList());
        System.out.println("[race] " + REFRESHES + " parallel POST /token/refresh of one token: statuses " + statuses);
        assertThat(statuses).as("exactly one refresh spends the token (200); every other presents a spent one (401)")
                .isEqualTo(Map.of(200, 1, 401, REFRESHES - 1));
        assertThat(answers).filteredOn(a -> a.statusCode() == 401)
                .allSatisfy(a -> assertThat(RunningService.json(a).path("error").asText()).isEqualTo("invalid_refresh_token"));
        String winner = answers.stream().filter(a -> a.statusCode() == 200).findFirst()
                .map(a -> RunningService.json(a).path("refreshToken").asText()).orElseThrow();
        assertThat(winner).as("the one success answers a new refresh token").isNotEmpty().isNotEqualTo(refresh);

        Map<Integer, Integer> after = race(10, () -> running.post("token/refresh", Map.of("refreshToken", winner), null)
                .statusCode());
        System.out.println("[race] 10 parallel refreshes with the winner's new token: statuses " + after);
        assertThat(after).as("the reuse ended the login: the token the winner got is refused too").isEqualTo(Map.of(401, 10));
        assertThat(running.login(email, RunningService.PASSWORD).path("refreshToken").asText())
                .as("the owner signs in again with the password").isNotEmpty();
    }

    @Test
    @DisplayName("100 avatar uploads at once (10 users x 10): 100 thumbnails, each profile on one of its own")
    void manyUploadsManyThumbnails() throws Exception {
        int users = 10;
        int perUser = UPLOADS / users;
        List<String> tokens = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String email = "upload-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            running.confirmedUser(email);
            String token = running.login(email, RunningService.PASSWORD).path("accessToken").asText();
            tokens.add(token);
            ids.add(RunningService.json(running.get("users/me", token)).path("id").asText());
        }
        byte[] png = png(64, 48);

        List<String> keys = raceValues(users * perUser, index -> {
            String token = tokens.get(index % users);
            HttpResponse<String> ticket = running.post("users/me/avatar",
                    Map.of("contentType", "image/png", "size", png.length, "fileName", "a.png"), token);
            RunningService.require(ticket, 201, "POST /users/me/avatar");
            JsonNode upload = RunningService.json(ticket);
            HttpResponse<Void> put = running.http.send(HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                    .header("content-type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (put.statusCode() != 200) {
                throw new AssertionError("PUT to S3 answered " + put.statusCode());
            }
            return upload.path("key").asText();
        });
        assertThat(Set.copyOf(keys)).as("distinct upload keys").hasSize(users * perUser);

        Set<String> expected = keys.stream().map(k -> ThumbnailHandler.THUMBNAILS + k + ".png").collect(Collectors.toSet());
        Set<String> made = RunningService.eventually(Duration.ofSeconds(90), () -> thumbnails(ids),
                found -> found.containsAll(expected));
        System.out.println("[race] " + keys.size() + " parallel uploads by " + users + " users: thumbnails made "
                + made.stream().filter(expected::contains).count());
        assertThat(made).as("a thumbnail for every upload").containsAll(expected);
        for (int i = 0; i < users; i++) {
            HttpResponse<String> avatar = running.get("users/me/avatar", tokens.get(i));
            assertThat(avatar.statusCode()).as("GET /users/me/avatar of user %d", i).isEqualTo(200);
            assertThat(RunningService.json(avatar).path("key").asText()).as("the profile points at one of its own thumbnails")
                    .isIn(expected).startsWith(ThumbnailHandler.THUMBNAILS + "users/" + ids.get(i) + "/");
        }
    }

    private static Set<String> thumbnails(List<String> ids) {
        Set<String> keys = new java.util.HashSet<>();
        for (String id : ids) {
            running.service.cloud().clients().s3().listObjectsV2Paginator(b -> b.bucket(LocalUserService.AVATARS_BUCKET)
                    .prefix(ThumbnailHandler.THUMBNAILS + "users/" + id + "/")).contents().stream()
                    .map(S3Object::key).forEach(keys::add);
        }
        return keys;
    }

    interface Indexed<T> {
        T call(int index) throws Exception;
    }

    static Map<Integer, Integer> race(int n, Callable<Integer> call) throws Exception {
        return histogram(raceValues(n, i -> call.call()));
    }

    static <T> List<T> raceAnswers(int n, Callable<T> call) throws Exception {
        return raceValues(n, i -> call.call());
    }

    /** Runs {@code n} calls on {@code n} threads released together; their results in order; any failure rethrown. */
    static <T> List<T> raceValues(int n, Indexed<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    go.await();
                    return call.call(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    static Map<Integer, Integer> histogram(List<Integer> statuses) {
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts;
    }

    static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

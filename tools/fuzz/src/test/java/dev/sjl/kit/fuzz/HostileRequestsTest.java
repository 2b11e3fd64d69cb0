package dev.sjl.kit.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class HostileRequestsTest {

    private static final String VALID = "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}";
    private static final List<Endpoint> ROUTES = List.of(Endpoint.of("GET", "/health"), Endpoint.of("GET", "/users"),
            Endpoint.of("POST", "/users"), Endpoint.of("GET", "/users/{id}"));
    private static final Map<String, String> BODIES = Map.of("POST /users", VALID);

    /** Parses as strictly as the labs do: duplicate names refused. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Parses as leniently as Jackson can, to tell "not JSON at all" from "JSON the labs refuse". */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS).build();

    private static HostileRequests generator(long seed) {
        return HostileRequests.forRoutes(ROUTES, BODIES, seed);
    }

    /** The generated requests of each kind among the first {@code n}. */
    private static Map<HostileKind, List<HostileRequest>> byKind(int n) {
        Map<HostileKind, List<HostileRequest>> kinds = new EnumMap<>(HostileKind.class);
        for (HostileRequest request : generator(7L).limit(n)) {
            kinds.computeIfAbsent(request.kind(), k -> new ArrayList<>()).add(request);
        }
        return kinds;
    }

    private static String fingerprint(APIGatewayV2HTTPEvent event) {
        if (event == null) {
            return "null";
        }
        var context = event.getRequestContext();
        return String.join("|", String.valueOf(event.getRawPath()), String.valueOf(event.getRawQueryString()),
                String.valueOf(event.getHeaders()), String.valueOf(event.getQueryStringParameters()),
                String.valueOf(event.getBody()), Boolean.toString(event.getIsBase64Encoded()),
                context == null ? "no context" : context.getRequestId() + "/" + context.getStage() + "/"
                        + (context.getHttp() == null ? "no http" : context.getHttp().getMethod()));
    }

    private static boolean anyBody(List<HostileRequest> requests, Predicate<String> test) {
        return requests.stream().map(r -> r.event().getBody()).anyMatch(body -> body != null && test.test(body));
    }

    private static boolean parses(ObjectMapper mapper, String text) {
        try {
            mapper.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int depth(String text) {
        int depth = 0;
        int max = 0;
        for (char c : text.toCharArray()) {
            if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    @Test
    @DisplayName("Gives the same requests for the same seed, and other requests for another seed")
    void deterministic() {
        List<String> first = generator(42L).limit(300).stream().map(r -> r.describe() + fingerprint(r.event())).toList();
        List<String> again = generator(42L).limit(300).stream().map(r -> r.describe() + fingerprint(r.event())).toList();
        List<String> other = generator(43L).limit(300).stream().map(r -> r.describe() + fingerprint(r.event())).toList();

        assertThat(again).as("same seed, same requests, byte for byte").isEqualTo(first);
        long same = java.util.stream.IntStream.range(0, 300).filter(i -> first.get(i).equals(other.get(i))).count();
        assertThat(same).as("another seed gives other requests (only the null events can agree)").isLessThan(30);
    }

    @Test
    @DisplayName("Makes any request again alone from its number, and a fresh event on each call")
    void reproducibleByNumber() {
        HostileRequests generator = generator(11L);
        List<HostileRequest> run = generator.limit(120);

        for (int i : new int[] {0, 1, 57, 119}) {
            assertThat(fingerprint(generator.get(i).event())).isEqualTo(fingerprint(run.get(i).event()));
            assertThat(generator.get(i).describe()).isEqualTo(run.get(i).describe());
        }
        assertThat(generator.stream().limit(120).map(HostileRequest::describe).toList())
                .isEqualTo(run.stream().map(HostileRequest::describe).toList());
        HostileRequest request = run.get(1);
        APIGatewayV2HTTPEvent changed = request.event();
        changed.setBody("changed");
        changed.getHeaders().put("x", "y");
        assertThat(request.event().getBody()).as("a handler that changes its event changes no other copy")
                .isNotEqualTo("changed");
        assertThat(request.event().getHeaders()).doesNotContainKey("x");
    }

    @Test
    @DisplayName("Takes the kinds in turn, a preflight first, so any run of that length has one of each")
    void kindsInTurn() {
        HostileKind[] kinds = HostileKind.values();
        List<HostileRequest> run = generator(3L).limit(kinds.length * 2);

        assertThat(run.get(0).kind()).isEqualTo(HostileKind.PREFLIGHT);
        for (int i = 0; i < run.size(); i++) {
            assertThat(run.get(i).kind()).isEqualTo(kinds[i % kinds.length]);
        }
        assertThat(byKind(2_000)).as("2,000 requests hold every kind many times").hasSize(kinds.length)
                .allSatisfy((kind, requests) -> assertThat(requests).hasSizeGreaterThan(70));
    }

    @Test
    @DisplayName("Aims at every route, and at the routes' paths with methods they do not take")
    void coversEveryRoute() {
        Set<String> targets = generator(5L).limit(500).stream().filter(r -> r.target() != null)
                .map(r -> r.target().key()).collect(Collectors.toSet());
        assertThat(targets).containsExactlyInAnyOrder("GET /health", "GET /users", "POST /users", "GET /users/{id}");

        List<HostileRequest> methods = byKind(2_000).get(HostileKind.HOSTILE_METHOD);
        assertThat(methods).anySatisfy(r -> assertThat(r.event().getRequestContext().getHttp().getMethod())
                .isIn("PUT", "PATCH", "DELETE"));
        assertThat(methods).anySatisfy(r -> assertThat(r.event().getRequestContext().getHttp().getMethod()).isNull());
        assertThat(methods).anySatisfy(r -> assertThat(r.event().getRequestContext().getHttp().getMethod())
                .hasSizeGreaterThanOrEqualTo(10_000));
    }

    @Test
    @DisplayName("Makes each body kind what it says")
    void bodyKinds() {
        Map<HostileKind, List<HostileRequest>> kinds = byKind(2_000);

        assertThat(kinds.get(HostileKind.TRUNCATED_JSON)).allSatisfy(r -> assertThat(parses(LENIENT, r.event().getBody()))
                .as("%s must not parse", r.describe()).isFalse());
        assertThat(anyBody(kinds.get(HostileKind.TRUNCATED_JSON), b -> b.matches("\\{\"\\w+\":\"[^\"]+")))
                .as("some are cut inside a string value: {\"email\":\"a").isTrue();
        assertThat(kinds.get(HostileKind.CONTROL_CHARS)).allSatisfy(r -> assertThat(r.event().getBody()
                .chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028)).isTrue());
        assertThat(kinds.get(HostileKind.INVALID_UTF8)).allSatisfy(r -> {
            assertThat(r.event().getIsBase64Encoded()).isTrue();
            byte[] bytes = Base64.getDecoder().decode(r.event().getBody());
            Throwable strict = catchThrowable(() -> StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)));
            assertThat(strict).as("%s must not be UTF-8", r.describe()).isInstanceOf(CharacterCodingException.class);
        });
        assertThat(kinds.get(HostileKind.LONE_SURROGATE)).allSatisfy(r -> assertThat(r.event().getBody())
                .matches(b -> b.chars().anyMatch(c -> Character.isSurrogate((char) c)) || b.contains("\\ud")));
        assertThat(anyBody(kinds.get(HostileKind.HUGE_NUMBER), b -> b.contains("1".repeat(1_001)))).isTrue();
        assertThat(anyBody(kinds.get(HostileKind.HUGE_NUMBER), b -> b.contains("9".repeat(10_000)))).isTrue();
        assertThat(kinds.get(HostileKind.LONG_STRING)).allSatisfy(r -> assertThat(r.event().getBody().length())
                .isGreaterThanOrEqualTo(50_000));
        assertThat(anyBody(kinds.get(HostileKind.LONG_FIELD_NAME), b -> b.contains("\"" + "n".repeat(50_001))))
                .isTrue();
        assertThat(kinds.get(HostileKind.DEEP_NESTING)).allSatisfy(r -> assertThat(depth(r.event().getBody()))
                .isGreaterThanOrEqualTo(1_000));
        assertThat(anyBody(kinds.get(HostileKind.DEEP_NESTING), b -> depth(b) >= 10_000)).isTrue();
        assertThat(kinds.get(HostileKind.DUPLICATE_KEYS)).allSatisfy(r -> {
            assertThat(parses(LENIENT, r.event().getBody())).as("still JSON to a lenient parser").isTrue();
            assertThat(parses(STRICT, r.event().getBody())).as("but a name appears twice").isFalse();
        });
        assertThat(kinds.get(HostileKind.WRONG_TYPE)).allSatisfy(r -> {
            JsonNode node = LENIENT.readTree(r.event().getBody());
            JsonNode valid = LENIENT.readTree(VALID);
            boolean wrong = !node.isObject() || java.util.stream.StreamSupport.stream(
                    java.util.Spliterators.spliteratorUnknownSize(node.fieldNames(), 0), false)
                    .anyMatch(name -> valid.has(name) && valid.get(name).getNodeType() != node.get(name).getNodeType());
            assertThat(wrong).as("%s has a value of another JSON type", r.describe()).isTrue();
        });
        assertThat(kinds.get(HostileKind.NULL_BODY)).allSatisfy(r -> assertThat(r.event().getBody())
                .satisfiesAnyOf(b -> assertThat(b).isNull(), b -> assertThat(b.strip()).isIn("", "null", "\u0000", "\uFEFF")));
        assertThat(kinds.get(HostileKind.OVERSIZED_BODY)).allSatisfy(r -> {
            String body = r.event().getBody();
            byte[] bytes = r.event().getIsBase64Encoded() ? Base64.getDecoder().decode(body)
                    : body.getBytes(StandardCharsets.UTF_8);
            assertThat(bytes.length).isGreaterThan(64 * 1024);
        });
        assertThat(kinds.get(HostileKind.UNKNOWN_FIELDS)).allSatisfy(r -> assertThat(
                LENIENT.readTree(r.event().getBody()).size()).isGreaterThan(2));
        assertThat(kinds.get(HostileKind.MUTATED_BODY)).allSatisfy(r -> assertThat(r.event().getBody())
                .isNotEqualTo(VALID));
        assertThat(kinds.get(HostileKind.VALID)).filteredOn(r -> r.target().key().equals("POST /users"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.event().getBody()).isEqualTo(VALID));
    }

    @Test
    @DisplayName("Makes base64 flags lie and content types wrong")
    void flagsAndTypes() {
        Map<HostileKind, List<HostileRequest>> kinds = byKind(2_000);

        assertThat(kinds.get(HostileKind.LYING_BASE64)).anySatisfy(r -> {
            assertThat(r.event().getIsBase64Encoded()).isTrue();
            assertThat(r.event().getBody()).isEqualTo(VALID);
        });
        assertThat(kinds.get(HostileKind.LYING_BASE64)).anySatisfy(r -> {
            assertThat(r.event().getIsBase64Encoded()).isFalse();
            assertThat(new String(Base64.getDecoder().decode(r.event().getBody()), StandardCharsets.UTF_8))
                    .isEqualTo(VALID);
        });
        assertThat(kinds.get(HostileKind.WRONG_CONTENT_TYPE)).allSatisfy(r -> assertThat(
                r.event().getHeaders().get("content-type")).satisfiesAnyOf(
                t -> assertThat(t).doesNotStartWith("application/json"), t -> assertThat(t).contains("\r\n"),
                t -> assertThat(t).contains("charset")));
    }

    @Test
    @DisplayName("Makes headers, paths, query strings and request contexts hostile, and sends null events")
    void eventKinds() {
        Map<HostileKind, List<HostileRequest>> kinds = byKind(2_000);

        assertThat(kinds.get(HostileKind.PREFLIGHT)).allSatisfy(r -> {
            assertThat(r.event().getRequestContext().getHttp().getMethod()).isEqualTo("OPTIONS");
            assertThat(r.event().getHeaders()).containsKeys("origin", "access-control-request-method");
        });
        assertThat(kinds.get(HostileKind.PREFLIGHT)).anySatisfy(r -> assertThat(r.event().getHeaders().get("origin"))
                .isEqualTo("https://app.example.com"));
        assertThat(kinds.get(HostileKind.HOSTILE_HEADERS)).anySatisfy(r -> assertThat(r.event().getHeaders().values())
                .anyMatch(v -> v != null && v.contains("\r\n")));
        assertThat(kinds.get(HostileKind.HOSTILE_HEADERS)).anySatisfy(r -> assertThat(r.event().getHeaders().values())
                .anyMatch(v -> v != null && v.length() >= 10_000));
        assertThat(kinds.get(HostileKind.HOSTILE_PATH)).anySatisfy(r -> assertThat(r.event().getRawPath()).isNull());
        assertThat(kinds.get(HostileKind.HOSTILE_PATH)).anySatisfy(r -> assertThat(r.event().getRawPath())
                .contains("%0D%0A"));
        assertThat(kinds.get(HostileKind.HOSTILE_PATH)).anySatisfy(r -> assertThat(r.event().getRawPath())
                .hasSizeGreaterThanOrEqualTo(10_000));
        assertThat(kinds.get(HostileKind.HOSTILE_QUERY)).anySatisfy(r -> assertThat(r.event().getRawQueryString())
                .isEqualTo("limit=1&limit=2"));
        assertThat(kinds.get(HostileKind.HOSTILE_CONTEXT)).anySatisfy(r -> assertThat(r.event().getRequestContext())
                .isNull());
        assertThat(kinds.get(HostileKind.HOSTILE_CONTEXT)).filteredOn(r -> r.event().getRequestContext() != null)
                .anySatisfy(r -> assertThat(r.event().getRequestContext().getRequestId()).contains("\r\n"));
        assertThat(kinds.get(HostileKind.NULL_EVENT)).allSatisfy(r -> assertThat(r.event()).isNull());
        assertThat(kinds.get(HostileKind.UNKNOWN_ROUTE)).allSatisfy(r -> assertThat(r.event().getRawPath())
                .isNotIn("/health", "/users").doesNotMatch("/users/[^/]+"));
    }

    @Test
    @DisplayName("Describes each request in one short, printable line that names its number and seed")
    void describes() {
        for (HostileRequest request : generator(9L).limit(2_000)) {
            assertThat(request.describe()).as("request %d", request.index())
                    .hasSizeLessThan(400).doesNotContain("\n", "\r", "\u0000")
                    .startsWith("#" + request.index() + " " + request.kind().label()).contains("seed 9");
        }
    }

    @Test
    @DisplayName("Refuses a valid body for a route it does not have, and a valid body that is not JSON")
    void checksItsInput() {
        Throwable unknown = catchThrowable(() -> HostileRequests.forRoutes(ROUTES, Map.of("PUT /users", VALID), 1L));
        assertThat(unknown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PUT /users");

        Throwable notJson = catchThrowable(() -> HostileRequests.forRoutes(ROUTES, Map.of("POST /users", "{oops"), 1L));
        assertThat(notJson).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("valid JSON");

        assertThat(catchThrowable(() -> HostileRequests.forRoutes(List.of(), Map.of(), 1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("Uses the origins and query names it is given")
    void usesTheCallersOriginsAndQueryNames() {
        HostileRequests generator = generator(13L).withOrigins("https://admin.example.org").withQueryNames("page");
        List<HostileRequest> run = generator.limit(2_000);

        assertThat(run).filteredOn(r -> r.kind() == HostileKind.PREFLIGHT)
                .anySatisfy(r -> assertThat(r.event().getHeaders().get("origin")).isEqualTo("https://admin.example.org"));
        assertThat(run).filteredOn(r -> r.kind() == HostileKind.HOSTILE_QUERY)
                .anySatisfy(r -> assertThat(r.event().getRawQueryString()).startsWith("page="));
    }
}

package dev.sjl.kit.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A deterministic generator of hostile API Gateway HTTP API events (payload format 2.0) for a set of routes: the
 * inputs a handler must answer with a deliberate 4xx (or a 2xx), never a 5xx, a stack trace or an echo.
 * <pre>
 * List&lt;Endpoint&gt; routes = List.of(Endpoint.of("GET", "/users/{id}"), Endpoint.of("POST", "/users"));
 * Map&lt;String, String&gt; bodies = Map.of("POST /users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
 * for (HostileRequest request : HostileRequests.forRoutes(routes, bodies, 20261202L).limit(2_000)) {
 *     APIGatewayV2HTTPResponse response = handler.handleRequest(request.event(), null);
 *     ...
 * }
 * </pre>
 * Request {@code i} is of kind {@code HostileKind.values()[i % values().length]} (so every kind comes round once in
 * each run of {@code values().length} requests), aimed at a route, with details drawn from a {@link Random} seeded
 * from the generator's seed and {@code i}. {@link Random}'s algorithm is specified, so a seed gives the same requests
 * on every JVM, and a request can be made again alone from its number: {@link #get(int)}.
 * <p>
 * Why not a property-testing library: jqwik's licence now discourages use by AI agents, and what the labs need is
 * small: a fixed list of known-hostile shapes, mixed with the caller's routes and valid bodies, reproducible by
 * number. Shrinking is not needed: each request says what it is ({@link HostileRequest#describe()}).
 */
public final class HostileRequests {

    /** The origin the labs' CORS policies allow in their tests; {@link #withOrigins} replaces it. */
    public static final List<String> DEFAULT_ORIGINS = List.of("https://app.example.com");

    /** Query parameters tried when the caller names none: common paging and search names. */
    public static final List<String> DEFAULT_QUERY_NAMES = List.of("limit", "cursor", "q");

    private static final String[] CONTROL = {"\n", "\r", "\u0000", "\t", "\u0001", "\u001f", "\u007f", "\u2028",
        "\u0085", "\b", "\r\n"};
    private static final int[][] INVALID_UTF8 = {{0xC3, 0x28}, {0xFF}, {0xC0, 0xAF}, {0xED, 0xA0, 0x80},
        {0xE2, 0x82}, {0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xF4, 0x90, 0x80, 0x80}};

    private final List<Endpoint> endpoints;
    private final Map<String, String> validBodies;
    private final Map<String, JsonText> parsedBodies;
    private final long seed;
    private final List<String> origins;
    private final List<String> queryNames;

    private HostileRequests(List<Endpoint> endpoints, Map<String, String> validBodies, long seed, List<String> origins,
                            List<String> queryNames) {
        this.endpoints = List.copyOf(endpoints);
        this.validBodies = Map.copyOf(validBodies);
        this.seed = seed;
        this.origins = List.copyOf(origins);
        this.queryNames = List.copyOf(queryNames);
        Map<String, JsonText> parsed = new LinkedHashMap<>();
        validBodies.forEach((key, body) -> parsed.put(key, JsonText.parse(body)));
        this.parsedBodies = parsed;
    }

    /**
     * A generator for these routes.
     *
     * @param routes      every route of the API (at least one); the generator also aims at paths none of them has,
     *                    and at their paths with other methods
     * @param validBodies a valid JSON body for each route that takes one, keyed {@code "POST /users"} (as
     *                    {@link Endpoint#key()}): the body strategies cut, mutate and extend it
     * @param seed        the same seed gives the same requests
     * @throws IllegalArgumentException when a body's key names no route, or a body is not JSON
     */
    public static HostileRequests forRoutes(List<Endpoint> routes, Map<String, String> validBodies, long seed) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("Give at least one route to aim at");
        }
        for (String key : validBodies.keySet()) {
            if (routes.stream().noneMatch(route -> route.key().equals(key))) {
                throw new IllegalArgumentException("A valid body for '" + key + "', which is none of the routes "
                        + routes + " (keys are \"METHOD /template\")");
            }
        }
        return new HostileRequests(routes, validBodies, seed, DEFAULT_ORIGINS, DEFAULT_QUERY_NAMES);
    }

    /** The same generator, with the origins a CORS policy allows: preflights and Origin headers use and twist them. */
    public HostileRequests withOrigins(String... allowed) {
        return new HostileRequests(endpoints, validBodies, seed, List.of(allowed), queryNames);
    }

    /** The same generator, with the query parameters the routes read (e.g. {@code limit}). */
    public HostileRequests withQueryNames(String... names) {
        return new HostileRequests(endpoints, validBodies, seed, origins, List.of(names));
    }

    public long seed() {
        return seed;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Request number {@code index} (from 0): the same on every call and every machine for the same seed. */
    public HostileRequest get(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("Requests are numbered from 0");
        }
        Built built = build(index);
        return new HostileRequest(this, index, built.kind(), built.target(), built.detail());
    }

    /** The first {@code n} requests. */
    public List<HostileRequest> limit(int n) {
        return IntStream.range(0, n).mapToObj(this::get).toList();
    }

    /** Requests 0, 1, 2, ... without end: {@code stream().limit(n)} is {@link #limit(int)}. */
    public Stream<HostileRequest> stream() {
        return IntStream.iterate(0, i -> i + 1).mapToObj(this::get);
    }

    /** What {@link HostileRequest#event()} returns: built again from the seed each time, so callers may change it. */
    record Built(HostileKind kind, Endpoint target, String detail, APIGatewayV2HTTPEvent event) {
    }

    Built build(int index) {
        HostileKind[] kinds = HostileKind.values();
        HostileKind kind = kinds[index % kinds.length];
        // Both halves of the seed and the index mixed, so neighbouring seeds do not give shifted copies of one run.
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + (index + 1L) * 0xBF58476D1CE4E5B9L);
        Generation g = new Generation(random);
        Built built = switch (kind) {
            case PREFLIGHT -> g.preflight();
            case TRUNCATED_JSON -> g.truncated();
            case CONTROL_CHARS -> g.controlChars();
            case INVALID_UTF8 -> g.invalidUtf8();
            case LONE_SURROGATE -> g.loneSurrogate();
            case HUGE_NUMBER -> g.hugeNumber();
            case LONG_STRING -> g.longString();
            case LONG_FIELD_NAME -> g.longFieldName();
            case DEEP_NESTING -> g.deepNesting();
            case DUPLICATE_KEYS -> g.duplicateKeys();
            case WRONG_TYPE -> g.wrongType();
            case NULL_BODY -> g.nullBody();
            case LYING_BASE64 -> g.lyingBase64();
            case WRONG_CONTENT_TYPE -> g.wrongContentType();
            case OVERSIZED_BODY -> g.oversized();
            case UNKNOWN_FIELDS -> g.unknownFields();
            case MUTATED_BODY -> g.mutated();
            case HOSTILE_HEADERS -> g.hostileHeaders();
            case HOSTILE_PATH -> g.hostilePath();
            case HOSTILE_QUERY -> g.hostileQuery();
            case HOSTILE_METHOD -> g.hostileMethod();
            case UNKNOWN_ROUTE -> g.unknownRoute();
            case HOSTILE_CONTEXT -> g.hostileContext();
            case NULL_EVENT -> new Built(kind, null, "the event is null", null);
            case VALID -> g.valid();
        };
        return new Built(kind, built.target(), Text.shown(built.detail(), 160), built.event());
    }

    /** One request's choices, all drawn from its own {@link Random}. */
    private final class Generation {

        private final Random random;

        Generation(Random random) {
            this.random = random;
        }

        // ---- the kinds ----

        Built preflight() {
            Endpoint target = any();
            APIGatewayV2HTTPEvent event = base(target, null);
            setMethod(event, "OPTIONS");
            String origin = origin();
            String method = pick(target.method(), target.method(), "GET", "POST", "DELETE", "PUT", "get", "",
                    "X".repeat(5_000), "POST\r\nX-Injected: 1", "PATCH");
            String headers = pick("content-type", "content-type,authorization", "Content-Type, Authorization",
                    "x-evil", "", "content-type,x-" + "a".repeat(5_000), "content-type\r\nX-Injected: 1",
                    String.join(",", java.util.Collections.nCopies(500, "content-type")));
            event.getHeaders().put("origin", origin);
            event.getHeaders().put("access-control-request-method", method);
            if (random.nextInt(4) > 0) {
                event.getHeaders().put("access-control-request-headers", headers);
            }
            return built(HostileKind.PREFLIGHT, target, event, "OPTIONS " + target.template() + " from origin "
                    + Text.shown(origin, 40) + " asking for " + Text.shown(method, 20));
        }

        Built truncated() {
            Endpoint target = withBody();
            String valid = body(target).render();
            int cut = 1 + random.nextInt(valid.length() - 1);
            return bodied(HostileKind.TRUNCATED_JSON, target, valid.substring(0, cut),
                    "body cut after " + cut + " of " + valid.length() + " characters");
        }

        Built controlChars() {
            Endpoint target = withBody();
            JsonText json = body(target);
            String control = pick(CONTROL);
            String text;
            String where;
            if (random.nextBoolean()) {
                int field = json.stringField(random);
                text = json.withInsideValue(field, random.nextInt(8), control);
                where = "inside the value of '" + json.name(field) + "'";
            } else {
                String valid = json.render();
                int at = 1 + random.nextInt(valid.length() - 1);
                text = valid.substring(0, at) + control + valid.substring(at);
                where = "at offset " + at;
            }
            return bodied(HostileKind.CONTROL_CHARS, target, text, "raw " + Text.shown(control, 12) + " " + where);
        }

        Built invalidUtf8() {
            Endpoint target = withBody();
            JsonText json = body(target);
            int field = json.stringField(random);
            String marker = "\u0001";
            byte[] text = json.withInsideValue(field, random.nextInt(4), marker).getBytes(StandardCharsets.UTF_8);
            int[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (byte b : text) {
                if (b == 0x01) {
                    for (int x : bad) {
                        bytes.write(x);
                    }
                } else {
                    bytes.write(b);
                }
            }
            APIGatewayV2HTTPEvent event = base(target, Base64.getEncoder().encodeToString(bytes.toByteArray()));
            event.setIsBase64Encoded(true);
            StringBuilder hex = new StringBuilder();
            for (int x : bad) {
                hex.append(String.format("%02X ", x));
            }
            return built(HostileKind.INVALID_UTF8, target, event, "base64 body with bytes " + hex.toString().strip()
                    + " inside the value of '" + json.name(field) + "'");
        }

        Built loneSurrogate() {
            Endpoint target = withBody();
            JsonText json = body(target);
            int field = json.stringField(random);
            String surrogate = pick("\uD800", "\uDFFF", "\\ud800", "\\udc00x", "\\ud800\\ud800", (char) 0xDBFF + "\\udfff",
                    "\uD83D");
            return bodied(HostileKind.LONE_SURROGATE, target, json.withInsideValue(field, random.nextInt(4), surrogate),
                    "surrogate " + Text.shown(surrogate, 20) + " in the value of '" + json.name(field) + "'");
        }

        Built hugeNumber() {
            Endpoint target = withBody();
            JsonText json = body(target);
            String number = pick("1".repeat(1_001), "9".repeat(10_000), "-" + "1".repeat(1_000), "1e999999",
                    "-1e-999999", "99999999999999999999", "NaN", "Infinity", "-", "01", "0x1F", "1.", "1e", "-0",
                    "1." + "0".repeat(5_000) + "1", "2147483648", "-9223372036854775809");
            if (random.nextInt(5) == 0) {
                return bodied(HostileKind.HUGE_NUMBER, target, number, "the body is the number "
                        + Text.shown(number, 20));
            }
            int field = random.nextInt(json.size());
            return bodied(HostileKind.HUGE_NUMBER, target, json.withValue(field, number),
                    "'" + json.name(field) + "' is the number " + Text.shown(number, 20) + " (" + number.length()
                            + " chars)");
        }

        Built longString() {
            Endpoint target = withBody();
            JsonText json = body(target);
            int length = pickInt(50_000, 65_000, 100_000, 200_000);
            String unit = pick("a", "\u00e9", "\uD83D\uDE00", "\\\"", "\\u0041");
            String value = "\"" + unit.repeat(length / unit.length()) + "\"";
            int field = random.nextInt(json.size());
            return bodied(HostileKind.LONG_STRING, target, json.withValue(field, value),
                    "'" + json.name(field) + "' is " + length + " characters of " + Text.shown(unit, 12));
        }

        Built longFieldName() {
            Endpoint target = withBody();
            JsonText json = body(target);
            int length = pickInt(10_000, 50_000, 50_001, 100_000);
            String name = pick("n", "\u00e9", "\\n").repeat(length);
            return bodied(HostileKind.LONG_FIELD_NAME, target, json.withExtra("\"" + name + "\"", "1"),
                    "an extra field whose name has " + name.length() + " characters");
        }

        Built deepNesting() {
            Endpoint target = withBody();
            JsonText json = body(target);
            int depth = pickInt(1_000, 1_001, 10_000);
            boolean arrays = random.nextBoolean();
            boolean closed = random.nextBoolean();
            String nested = arrays
                    ? "[".repeat(depth) + (closed ? "]".repeat(depth) : "")
                    : "{\"a\":".repeat(depth) + "1" + (closed ? "}".repeat(depth) : "");
            String shape = (arrays ? "arrays" : "objects") + (closed ? "" : ", never closed");
            return switch (random.nextInt(3)) {
                case 0 -> bodied(HostileKind.DEEP_NESTING, target, nested, "the body is " + depth + " levels of "
                        + shape);
                case 1 -> {
                    int field = random.nextInt(json.size());
                    yield bodied(HostileKind.DEEP_NESTING, target, json.withValue(field, nested),
                            "'" + json.name(field) + "' is " + depth + " levels of " + shape);
                }
                default -> bodied(HostileKind.DEEP_NESTING, target, json.withExtra("\"extra\"", nested),
                        "an unknown field of " + depth + " levels of " + shape);
            };
        }

        Built duplicateKeys() {
            Endpoint target = withBody();
            JsonText json = body(target);
            int field = random.nextInt(json.size());
            String second = pick(json.value(field), "\"admin\"", "null", "1", "{}");
            return bodied(HostileKind.DUPLICATE_KEYS, target,
                    json.withExtra("\"" + json.name(field) + "\"", second),
                    "'" + json.name(field) + "' twice, the second time " + Text.shown(second, 20));
        }

        Built wrongType() {
            Endpoint target = withBody();
            JsonText json = body(target);
            if (random.nextBoolean()) {
                String body = pick("[]", "42", "true", "false", "[\"a\"]", "\"text\"", "[{}]", "-1.5e3",
                        "[" + json.render() + "]");
                return bodied(HostileKind.WRONG_TYPE, target, body, "the body is " + body);
            }
            String value = pick("[]", "{}", "42", "true", "null", "[\"a\"]", "{\"a\":1}", "[{}]", "-1.5e3");
            int field = random.nextInt(json.size());
            return bodied(HostileKind.WRONG_TYPE, target, json.withValue(field, value),
                    "'" + json.name(field) + "' is " + value);
        }

        Built nullBody() {
            Endpoint target = withBody();
            String body = pick(null, "", "   ", "\n", "null", " null ", "\u0000", "\uFEFF");
            APIGatewayV2HTTPEvent event = base(target, body);
            if (random.nextInt(4) == 0) {
                event.setIsBase64Encoded(true);
            }
            return built(HostileKind.NULL_BODY, target, event, "body " + (body == null ? "null"
                    : "\"" + Text.shown(body, 10) + "\"") + (event.getIsBase64Encoded() ? ", flagged base64" : ""));
        }

        Built lyingBase64() {
            Endpoint target = withBody();
            String valid = body(target).render();
            String encoded = Base64.getEncoder().encodeToString(valid.getBytes(StandardCharsets.UTF_8));
            byte[] garbage = new byte[1 + random.nextInt(64)];
            random.nextBytes(garbage);
            int choice = random.nextInt(7);
            String body = switch (choice) {
                case 0 -> valid;
                case 1 -> encoded;
                case 2 -> Base64.getEncoder().encodeToString(garbage);
                case 3 -> Base64.getMimeEncoder().encodeToString(valid.repeat(8).getBytes(StandardCharsets.UTF_8));
                case 4 -> "====";
                case 5 -> Base64.getUrlEncoder().encodeToString(("{\"name\":\"??>>??\"}").getBytes(StandardCharsets.UTF_8));
                default -> encoded.substring(0, encoded.length() - 1 - random.nextInt(3));
            };
            APIGatewayV2HTTPEvent event = base(target, body);
            event.setIsBase64Encoded(choice != 1);
            String[] what = {"plain JSON flagged base64", "base64 JSON not flagged", "base64 of random bytes",
                "MIME base64 with line breaks", "only padding", "URL-safe base64 alphabet", "base64 cut short"};
            return built(HostileKind.LYING_BASE64, target, event, what[choice]);
        }

        Built wrongContentType() {
            Endpoint target = withBody();
            String contentType = pick("text/plain", "application/xml", "multipart/form-data; boundary=x",
                    "application/x-www-form-urlencoded", "application/json; charset=utf-16", "",
                    "application/json\r\nX-Injected: 1", "a".repeat(5_000), "application/json; charset=\u00e9");
            String body = switch (random.nextInt(3)) {
                case 0 -> "name=Ada&email=ada%40example.com";
                case 1 -> "<user><name>Ada</name></user>";
                default -> body(target).render();
            };
            APIGatewayV2HTTPEvent event = base(target, body);
            event.getHeaders().put("content-type", contentType);
            return built(HostileKind.WRONG_CONTENT_TYPE, target, event, "content type "
                    + Text.shown(contentType, 40) + " with body " + Text.shown(body, 30));
        }

        Built oversized() {
            Endpoint target = withBody();
            JsonText json = body(target);
            int size = pickInt(64 * 1024 + 1, 100_000, 1_048_576);
            String unit = pick("x", "\u00e9");
            String body = json.withExtra("\"padding\"", "\"" + unit.repeat(size / unit.length()) + "\"");
            APIGatewayV2HTTPEvent event = base(target, body);
            if (random.nextInt(3) == 0) {
                event.setBody(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
                event.setIsBase64Encoded(true);
            }
            return built(HostileKind.OVERSIZED_BODY, target, event, "a body with " + size + " characters of "
                    + Text.shown(unit, 8) + " padding" + (event.getIsBase64Encoded() ? ", base64" : ""));
        }

        Built unknownFields() {
            Endpoint target = withBody();
            JsonText json = body(target);
            String body = switch (random.nextInt(4)) {
                case 0 -> json.withExtra("\"id\"", "\"admin\"");
                case 1 -> json.withExtra("\"role\"", "\"admin\"");
                case 2 -> json.withExtra("\"__proto__\"", "{\"isAdmin\":true}");
                default -> {
                    StringBuilder many = new StringBuilder(json.render());
                    many.setLength(many.length() - 1);
                    for (int i = 0; i < 1_000; i++) {
                        many.append(",\"f").append(i).append("\":").append(i);
                    }
                    yield many.append('}').toString();
                }
            };
            return bodied(HostileKind.UNKNOWN_FIELDS, target, body, "the valid body plus "
                    + Text.shown(body.substring(Math.max(0, body.length() - 40)), 40));
        }

        Built mutated() {
            Endpoint target = withBody();
            StringBuilder text = new StringBuilder(body(target).render());
            int edits = 1 + random.nextInt(5);
            String alphabet = "{}[]\":,\\ 0123456789abcdeftrunl-+.eE\u0000\n\u00e9\uD800";
            for (int i = 0; i < edits && text.length() > 0; i++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(5)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 3 -> {
                        int end = Math.min(text.length(), at + 1 + random.nextInt(16));
                        text.insert(at, text.substring(at, end));
                    }
                    default -> {
                        int other = random.nextInt(text.length());
                        char c = text.charAt(at);
                        text.setCharAt(at, text.charAt(other));
                        text.setCharAt(other, c);
                    }
                }
            }
            return bodied(HostileKind.MUTATED_BODY, target, text.toString(), edits + " random edits: "
                    + Text.shown(text.toString(), 60));
        }

        Built hostileHeaders() {
            Endpoint target = any();
            APIGatewayV2HTTPEvent event = base(target, validBody(target));
            Map<String, String> headers = event.getHeaders();
            String what;
            switch (random.nextInt(9)) {
                case 0 -> {
                    String value = pick("a\r\nSet-Cookie: session=evil", "a\nb", "a\rb", "a\u0000b");
                    headers.put(pick("origin", "content-type", "authorization", "x-request-id", "accept"), value);
                    what = "a header value with " + Text.shown(value, 30);
                }
                case 1 -> {
                    headers.put(pick("origin", "authorization", "cookie", "user-agent", "x-forwarded-for"),
                            "v".repeat(10_000));
                    what = "a header value of 10,000 characters";
                }
                case 2 -> {
                    headers.put(pick("x-\u00e9t\u00e9", "bad name", "bad:name", "x\r\ny", ""), "1");
                    what = "an odd header name";
                }
                case 3 -> {
                    headers.put("Origin", origin());
                    headers.put("origin", "https://evil.example.net");
                    what = "Origin twice, in two cases";
                }
                case 4 -> {
                    for (int i = 0; i < 500; i++) {
                        headers.put("x-h" + i, "v" + i);
                    }
                    what = "500 extra headers";
                }
                case 5 -> {
                    headers.put(pick("origin", "content-type", "authorization"), null);
                    what = "a header whose value is null";
                }
                case 6 -> {
                    headers.put("authorization", pick("Bearer", "Bearer ", "Basic " + "A".repeat(5_000),
                            "Bearer a.b.c", "bearer \u00e9\u0000"));
                    what = "a malformed Authorization header";
                }
                case 7 -> {
                    headers.put("content-length", pick("-1", "99999999999999999999", "abc", ""));
                    what = "a content-length that lies";
                }
                default -> {
                    headers.put("origin", origin());
                    what = "Origin " + Text.shown(headers.get("origin"), 40);
                }
            }
            return built(HostileKind.HOSTILE_HEADERS, target, event, what);
        }

        Built hostilePath() {
            Endpoint target = any();
            APIGatewayV2HTTPEvent event = base(target, validBody(target));
            String path;
            if (target.hasParameters() && random.nextBoolean()) {
                String value = pick("%0D%0ASet-Cookie:%20a=b", "\r\n", "%00", "\u0000", "%zz", "%", "%2F", "..", ".",
                        "%2e%2e", "\u00e9", "%C3%A9", "%C3%28", "%ED%A0%80", "x".repeat(10_000), "\uD83D\uDE00", "a;b=c",
                        "a\\b", "%252F", "+", " ", "%20", "%E2%80%8B", "\uD800");
                path = target.path(value);
            } else {
                String plain = target.path("u-" + random.nextInt(1000));
                path = switch (random.nextInt(12)) {
                    case 0 -> "/".repeat(1 + random.nextInt(100));
                    case 1 -> plain + "/";
                    case 2 -> plain + "//";
                    case 3 -> plain.substring(1);
                    case 4 -> "";
                    case 5 -> null;
                    case 6 -> "/a".repeat(1_000);
                    case 7 -> "/..".concat(plain);
                    case 8 -> plain.toUpperCase(Locale.ROOT);
                    case 9 -> plain + "?x=1#frag";
                    case 10 -> "/" + "p".repeat(10_000);
                    default -> "//" + plain;
                };
            }
            event.setRawPath(path);
            event.getRequestContext().getHttp().setPath(path);
            return built(HostileKind.HOSTILE_PATH, target, event, target.method() + " " + Text.shown(path, 60));
        }

        Built hostileQuery() {
            Endpoint target = any();
            APIGatewayV2HTTPEvent event = base(target, validBody(target));
            String name = pick(queryNames.toArray(String[]::new));
            String raw;
            Map<String, String> parsed = new LinkedHashMap<>();
            switch (random.nextInt(4)) {
                case 0 -> {
                    raw = name + "=1&" + name + "=2";
                    parsed.put(name, "1,2");
                }
                case 1 -> {
                    String value = pick("+", "%2F", "%zz", "%0D%0A", "\u00e9", "-1", "0", "99999999999999999999",
                            "1e3", " 1", "", "null", "[]", "x".repeat(10_000), "1\r\n2", "\u0000");
                    raw = name + "=" + value;
                    parsed.put(name, value);
                }
                case 2 -> {
                    StringBuilder many = new StringBuilder();
                    for (int i = 0; i < 1_000; i++) {
                        many.append(i == 0 ? "" : "&").append("p").append(i).append('=').append(i);
                        parsed.put("p" + i, Integer.toString(i));
                    }
                    raw = many.toString();
                }
                default -> {
                    raw = "%zz=%&=&&" + name;
                    parsed.put("", "");
                    parsed.put(name, "");
                }
            }
            event.setRawQueryString(raw);
            event.setQueryStringParameters(parsed);
            return built(HostileKind.HOSTILE_QUERY, target, event, target.key() + "?" + Text.shown(raw, 60));
        }

        Built hostileMethod() {
            Endpoint target = any();
            APIGatewayV2HTTPEvent event = base(target, validBody(target));
            List<String> others = new ArrayList<>(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            endpoints.stream().filter(e -> e.template().equals(target.template())).map(Endpoint::method)
                    .forEach(others::remove);
            String method = random.nextInt(3) == 0 && !others.isEmpty() ? others.get(random.nextInt(others.size()))
                    : pick("get", "Get", "PROPFIND", "BREW", "", null, "X".repeat(10_000), "GET\r\nX: y", "HEAD",
                    "TRACE", "CONNECT", "OPTIONS", "\u00e9");
            setMethod(event, method);
            return built(HostileKind.HOSTILE_METHOD, target, event, "method " + Text.shown(method, 20) + " on "
                    + target.template());
        }

        Built unknownRoute() {
            Endpoint target = any();
            APIGatewayV2HTTPEvent event = base(target, validBody(target));
            String path;
            do {
                StringBuilder p = new StringBuilder();
                int segments = 1 + random.nextInt(4);
                for (int i = 0; i < segments; i++) {
                    p.append('/').append(pick("orders", "admin", "v2", "..", "%2e", "users-x", "health2", "x"))
                            .append(random.nextInt(3) == 0 ? Integer.toString(random.nextInt(100)) : "");
                }
                path = p.toString();
            } while (matchesAnyRoute(path));
            event.setRawPath(path);
            event.getRequestContext().getHttp().setPath(path);
            return built(HostileKind.UNKNOWN_ROUTE, target, event, target.method() + " " + path);
        }

        Built hostileContext() {
            Endpoint target = any();
            APIGatewayV2HTTPEvent event = base(target, validBody(target));
            String what;
            switch (random.nextInt(6)) {
                case 0 -> {
                    event.setRequestContext(null);
                    what = "no request context";
                }
                case 1 -> {
                    event.getRequestContext().setHttp(null);
                    what = "no http in the request context";
                }
                case 2 -> {
                    String stage = pick("", "..", "x".repeat(5_000), firstSegment(target), null, "$default", "dev");
                    event.getRequestContext().setStage(stage);
                    what = "stage " + Text.shown(stage, 20);
                }
                case 3 -> {
                    String id = pick("", null, "x".repeat(10_000), "abc\r\nSEVERE forged log line", "<script>",
                            "../../etc", "\u00e9\u0000");
                    event.getRequestContext().setRequestId(id);
                    what = "request id " + Text.shown(id, 30);
                }
                case 4 -> {
                    event.setVersion(pick("1.0", "", null, "3"));
                    event.setRouteKey(pick(null, "", "$default", "GET /x"));
                    what = "version " + event.getVersion() + ", route key " + event.getRouteKey();
                }
                default -> {
                    event.setHeaders(null);
                    event.setCookies(List.of("a=" + "b".repeat(5_000), "\r\n"));
                    what = "no headers map, odd cookies";
                }
            }
            return built(HostileKind.HOSTILE_CONTEXT, target, event, what);
        }

        Built valid() {
            Endpoint target = any();
            return built(HostileKind.VALID, target, base(target, validBody(target)), target.key());
        }

        // ---- building blocks ----

        private APIGatewayV2HTTPEvent base(Endpoint target, String body) {
            String path = target.path("u-" + (1000 + random.nextInt(9000)));
            APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
            event.setVersion("2.0");
            event.setRouteKey("ANY /{proxy+}");
            event.setRawPath(path);
            event.setRawQueryString("");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("accept", "application/json");
            headers.put("host", "r4nd0m1d.execute-api.eu-west-1.amazonaws.com");
            headers.put("user-agent", "curl/8.5.0");
            headers.put("x-forwarded-for", "203.0.113." + random.nextInt(255));
            headers.put("x-forwarded-proto", "https");
            if (body != null) {
                headers.put("content-type", "application/json");
                headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
            }
            event.setHeaders(headers);
            APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
            http.setMethod(target.method());
            http.setPath(path);
            http.setProtocol("HTTP/1.1");
            http.setSourceIp(headers.get("x-forwarded-for"));
            http.setUserAgent("curl/8.5.0");
            APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
            context.setAccountId("123456789012");
            context.setApiId("r4nd0m1d");
            context.setDomainName("r4nd0m1d.execute-api.eu-west-1.amazonaws.com");
            context.setDomainPrefix("r4nd0m1d");
            context.setRequestId(requestId());
            context.setRouteKey("ANY /{proxy+}");
            context.setStage("$default");
            context.setTime("02/Dec/2026:09:41:07 +0000");
            context.setTimeEpoch(1_795_426_867_123L);
            context.setHttp(http);
            event.setRequestContext(context);
            event.setBody(body);
            event.setIsBase64Encoded(false);
            return event;
        }

        /** What API Gateway's request ids look like: {@code Yx2Rkg7SjoEEMrA=}. */
        private String requestId() {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 15; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return id.append('=').toString();
        }

        private String origin() {
            String allowed = origins.isEmpty() ? "https://app.example.com" : pick(origins.toArray(String[]::new));
            return pick(allowed, allowed, allowed + "/", allowed.toUpperCase(Locale.ROOT), allowed + ".evil.example",
                    "https://evil.example.net", "null", "", allowed + "\r\nSet-Cookie: a=b",
                    "https://" + "a".repeat(10_000) + ".example", "https://\u00e4pp.example.com", allowed + " ",
                    "*", allowed.replace("https://", "http://"));
        }

        private Built bodied(HostileKind kind, Endpoint target, String body, String detail) {
            return built(kind, target, base(target, body), detail);
        }

        private Built built(HostileKind kind, Endpoint target, APIGatewayV2HTTPEvent event, String detail) {
            return new Built(kind, target, detail, event);
        }

        private Endpoint any() {
            return endpoints.get(random.nextInt(endpoints.size()));
        }

        /** A route that takes a body when there is one: the body strategies aim there. */
        private Endpoint withBody() {
            List<Endpoint> bodied = endpoints.stream().filter(e -> validBodies.containsKey(e.key())).toList();
            return bodied.isEmpty() ? any() : bodied.get(random.nextInt(bodied.size()));
        }

        private JsonText body(Endpoint target) {
            JsonText json = parsedBodies.get(target.key());
            return json != null ? json : JsonText.parse("{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}");
        }

        private String validBody(Endpoint target) {
            return validBodies.get(target.key());
        }

        @SafeVarargs
        private <T> T pick(T... options) {
            return options[random.nextInt(options.length)];
        }

        private int pickInt(int... options) {
            return options[random.nextInt(options.length)];
        }

        private void setMethod(APIGatewayV2HTTPEvent event, String method) {
            event.getRequestContext().getHttp().setMethod(method);
        }

        private String firstSegment(Endpoint target) {
            String[] parts = target.template().split("/");
            return parts.length > 1 ? parts[1] : "";
        }
    }

    /** Whether a generated path would reach a route (then it is not an unknown route): the labs' matching rules. */
    private boolean matchesAnyRoute(String path) {
        String[] parts = path.substring(1).split("/", -1);
        for (Endpoint endpoint : endpoints) {
            String[] template = endpoint.template().substring(1).split("/", -1);
            if (template.length != parts.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < parts.length && match; i++) {
                match = template[i].startsWith("{") || template[i].equals(parts[i]);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "HostileRequests[seed " + seed + ", " + endpoints.size() + " routes]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostileRequests that && seed == that.seed && endpoints.equals(that.endpoints)
                && validBodies.equals(that.validBodies) && origins.equals(that.origins)
                && queryNames.equals(that.queryNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, endpoints, validBodies, origins, queryNames);
    }
}

package dev.sjl.localcloud;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Verifies presigned (query-string SigV4) requests as S3 does; S3Proxy, which checks no signature here, accepts any.
 * A request carrying {@code X-Amz-Algorithm}, {@code X-Amz-Credential} or {@code X-Amz-Signature} in its query is
 * checked in S3's order —
 * the parameters' form (400 {@code AuthorizationQueryParametersError}), not yet valid or expired (403
 * {@code AccessDenied}), the access key (403 {@code InvalidAccessKeyId}), the signature (403
 * {@code SignatureDoesNotMatch}) — and a refused request never reaches S3Proxy: nothing is stored (what is left of its
 * body is read and dropped after the answer, {@link S3FilterHandler}, so the client gets the answer). The signature is
 * recomputed by the AWS SDK's own {@link AwsV4HttpSigner}, with the settings its S3 presigner uses, over the request as
 * it arrived: its raw path, its query without the signature, and the headers it names as signed with the values it
 * carries. So a body longer than the signed {@code Content-Length}, another content type or another key is refused.
 *
 * <p>Requests signed in the {@code Authorization} header (the SDK clients, the AWS CLI) and unsigned requests pass as
 * before: this local S3 verifies presigned URLs only. A browser's CORS preflight carries no signature and is answered
 * by {@link S3CorsFilter}, which runs first.
 */
final class S3PresignFilter extends HttpFilter {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** S3's bounds: a URL lives at most a week, and may be dated up to 15 minutes ahead of the server's clock. */
    static final long MAX_EXPIRES_SECONDS = 604_800;
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final DateTimeFormatter SERVER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final List<String> REQUIRED = List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature",
            "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires");
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    /** An answer S3 would give instead of serving the request. */
    record Refusal(int status, String code, String message, Map<String, String> details) {
        Refusal(int status, String code, String message) {
            this(status, code, message, Map.of());
        }

        String xml() {
            Map<String, String> all = new LinkedHashMap<>(details);
            all.put("RequestId", Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase(Locale.ROOT));
            return S3Xml.error(code, message, all);
        }
    }

    /** What the check needs of a request: the method, the path and query as sent, and the headers by lower-case name. */
    record Presigned(String method, String rawPath, String rawQuery, Function<String, List<String>> headers) {
    }

    private final Map<String, String> secrets;
    private final Clock clock;

    /** {@code secrets}: the secret key of each access key the local cloud hands its clients. */
    S3PresignFilter(Map<String, String> secrets, Clock clock) {
        this.secrets = Map.copyOf(secrets);
        this.clock = clock;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query == null || !query.contains("X-Amz-")) {
            chain.doFilter(request, response);
            return;
        }
        Presigned presigned = new Presigned(request.getMethod(), request.getRequestURI(), query,
                name -> Collections.list(request.getHeaders(name)));
        Optional<Refusal> refusal = check(presigned, request.getHeader("Authorization") != null, clock.instant());
        if (refusal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        S3Xml.send(response, refusal.get().status(), refusal.get().xml());
    }

    /** S3's answer to a request, or empty when it is not presigned or its signature holds. */
    Optional<Refusal> check(Presigned request, boolean hasAuthorizationHeader, Instant now) {
        Map<String, String> params = new LinkedHashMap<>();
        List<String[]> pairs = parse(request.rawQuery());
        pairs.forEach(pair -> params.putIfAbsent(pair[0], pair[1]));
        if (!params.containsKey("X-Amz-Algorithm") && !params.containsKey("X-Amz-Credential")
                && !params.containsKey("X-Amz-Signature")) {
            return Optional.empty();
        }
        if (hasAuthorizationHeader) {
            return refuse(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
                    + "parameter, Signature query string parameter or the Authorization header should be specified");
        }
        if (!ALGORITHM.equals(params.get("X-Amz-Algorithm"))) {
            return malformed("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        if (!params.keySet().containsAll(REQUIRED)) {
            return malformed("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                    + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        Instant date;
        try {
            date = LocalDateTime.parse(params.get("X-Amz-Date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return malformed("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        String expiresParam = params.get("X-Amz-Expires");
        if (!expiresParam.matches("-?\\d{1,10}")) {
            return malformed("X-Amz-Expires should be a number");
        }
        long expires = Long.parseLong(expiresParam);
        if (expires < 0) {
            return malformed("X-Amz-Expires must be non-negative");
        }
        if (expires > MAX_EXPIRES_SECONDS) {
            return malformed("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires "
                    + "must be less than 604800 seconds");
        }
        Instant expiry = date.plusSeconds(expires);
        if (date.isAfter(now.plus(MAX_SKEW))) {
            return refuse(403, "AccessDenied", "Request is not yet valid", orderedDetails("X-Amz-Date",
                    params.get("X-Amz-Date"), "ServerTime", SERVER_TIME.format(now)));
        }
        if (now.isAfter(expiry)) {
            return refuse(403, "AccessDenied", "Request has expired", orderedDetails("X-Amz-Expires", expiresParam,
                    "Expires", SERVER_TIME.format(expiry), "ServerTime", SERVER_TIME.format(now)));
        }
        String[] scope = params.get("X-Amz-Credential").split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty() || scope[2].isEmpty() || !"s3".equals(scope[3])
                || !"aws4_request".equals(scope[4])) {
            return malformed("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "
                    + "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        String day = params.get("X-Amz-Date").substring(0, 8);
        if (!scope[1].equals(day)) {
            return malformed("Invalid credential date \"" + scope[1] + "\". This date is not the same as X-Amz-Date: \""
                    + day + "\".");
        }
        String secret = secrets.get(scope[0]);
        if (secret == null) {
            return refuse(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
                    Map.of("AWSAccessKeyId", scope[0]));
        }
        String expected = signature(request, pairs, params.get("X-Amz-SignedHeaders"), scope[0], secret, scope[2], date,
                expires);
        String provided = params.get("X-Amz-Signature");
        // The signer sets each signing parameter once, so a repeated one (which it would overwrite) cannot be genuine.
        boolean repeated = REQUIRED.stream().anyMatch(name -> pairs.stream().filter(pair -> pair[0].equals(name)).count() > 1);
        if (expected == null || repeated || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                provided.getBytes(StandardCharsets.UTF_8))) {
            return refuse(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature "
                    + "you provided. Check your key and signing method.", orderedDetails("AWSAccessKeyId", scope[0],
                    "SignatureProvided", provided));
        }
        return Optional.empty();
    }

    /**
     * The signature S3 computes: the SDK's signer presigning the request as received, its clock fixed at
     * {@code X-Amz-Date}, so the parameters it adds are those the URL carries if the URL is genuine. Null when the
     * request cannot be signed at all (an HTTP method the SDK does not know), which can only be a mismatch.
     */
    private static String signature(Presigned request, List<String[]> pairs, String signedHeaders, String accessKey,
                                    String secret, String region, Instant date, long expires) {
        SdkHttpMethod method;
        try {
            method = SdkHttpMethod.fromValue(request.method());
        } catch (IllegalArgumentException e) {
            return null;
        }
        // The host and port only complete the request's form: the signer reads the Host header when it is signed.
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(method).protocol("http").host("localhost")
                .encodedPath(request.rawPath());
        for (String[] pair : pairs) {
            if (!"X-Amz-Signature".equals(pair[0])) {
                unsigned.appendRawQueryParameter(pair[0], pair[1]);
            }
        }
        for (String name : signedHeaders.split(";")) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.isEmpty()) {
                request.headers().apply(lower).forEach(value -> unsigned.appendHeader(lower, value));
            }
        }
        // What the SDK's S3 presigner sets (DefaultS3Presigner): query-string auth with an expiry, unsigned payload,
        // the path signed as sent (no second encoding, no normalisation).
        SignedRequest signed = SIGNER.sign(r -> r.identity(AwsCredentialsIdentity.create(accessKey, secret))
                .request(unsigned.build())
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(Math.max(1, expires)))
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(date.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)));
        return signed.request().firstMatchingRawQueryParameter("X-Amz-Signature").orElse(null);
    }

    /** The query's name/value pairs, decoded, in order; a malformed escape stays as sent (and so fails the signature). */
    static List<String[]> parse(String rawQuery) {
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {decode(name), decode(value)});
        }
        return pairs;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    private static Optional<Refusal> malformed(String message) {
        return refuse(400, "AuthorizationQueryParametersError", message);
    }

    private static Optional<Refusal> refuse(int status, String code, String message) {
        return Optional.of(new Refusal(status, code, message));
    }

    private static Optional<Refusal> refuse(int status, String code, String message, Map<String, String> details) {
        return Optional.of(new Refusal(status, code, message, details));
    }

    private static Map<String, String> orderedDetails(String... namesAndValues) {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            details.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return details;
    }
}

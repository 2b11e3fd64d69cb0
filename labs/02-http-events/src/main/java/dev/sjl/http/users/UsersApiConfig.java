package dev.sjl.http.users;

import dev.sjl.http.CorsPolicy;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** The users API's configuration: only CORS, because only browsers on another origin need anything from it. */
public final class UsersApiConfig {

    public static final EnvVar CORS_ALLOWED_ORIGINS = new EnvVar("CORS_ALLOWED_ORIGINS", false, false,
            "Browser origins allowed to call the API, comma-separated, e.g. https://app.example.com; "
                    + "unset means no CORS headers (leave it unset when the HTTP API's own CORS setting answers)");
    public static final EnvVar CORS_ALLOWED_METHODS = new EnvVar("CORS_ALLOWED_METHODS", false, false,
            "Methods a preflight allows, comma-separated; default GET, POST");
    public static final EnvVar CORS_ALLOWED_HEADERS = new EnvVar("CORS_ALLOWED_HEADERS", false, false,
            "Request headers a preflight allows, comma-separated; default content-type, authorization");
    public static final EnvVar CORS_MAX_AGE = new EnvVar("CORS_MAX_AGE", false, false,
            "How long a browser may cache a preflight answer, ISO-8601; default PT10M");

    public static final List<EnvVar> ENVIRONMENT =
            List.of(CORS_ALLOWED_ORIGINS, CORS_ALLOWED_METHODS, CORS_ALLOWED_HEADERS, CORS_MAX_AGE);

    private UsersApiConfig() {
    }

    public static CorsPolicy cors(Env env) {
        return new CorsPolicy(
                new LinkedHashSet<>(list(env.optional(CORS_ALLOWED_ORIGINS), "")),
                list(env.optional(CORS_ALLOWED_METHODS), "GET, POST"),
                list(env.optional(CORS_ALLOWED_HEADERS), "content-type, authorization"),
                env.duration(CORS_MAX_AGE, Duration.ofMinutes(10)));
    }

    private static List<String> list(Optional<String> value, String fallback) {
        return Arrays.stream(value.orElse(fallback).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

package dev.sjl.kit.fuzz;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route of the API under test, as its route table lists it: a method and a path template whose {@code {name}}
 * segments are parameters, e.g. {@code GET /users/{id}}.
 *
 * @param method   the HTTP method, upper case
 * @param template the path template, starting with {@code /}
 */
public record Endpoint(String method, String template) {

    private static final Pattern PARAMETER = Pattern.compile("\\{[^/{}]+}");

    public Endpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("A path template starts with '/': " + template);
        }
        method = method.toUpperCase(Locale.ROOT);
    }

    public static Endpoint of(String method, String template) {
        return new Endpoint(method, template);
    }

    /** How a route table and the valid bodies' keys name it: {@code POST /users}. */
    public String key() {
        return method + " " + template;
    }

    /** Whether the template has {@code {name}} segments. */
    public boolean hasParameters() {
        return PARAMETER.matcher(template).find();
    }

    /** The template with every parameter replaced by {@code value} (already encoded as it would be in a raw path). */
    public String path(String value) {
        return PARAMETER.matcher(template).replaceAll(Matcher.quoteReplacement(value));
    }

    @Override
    public String toString() {
        return key();
    }
}

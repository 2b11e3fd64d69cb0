package dev.sjl.kit.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One generated request: its number, its kind, the route it aims at, and the event, built again from the seed on each
 * {@link #event()} call so that a handler may change it.
 */
public final class HostileRequest {

    private final HostileRequests generator;
    private final int index;
    private final HostileKind kind;
    private final Endpoint target;
    private final String detail;

    HostileRequest(HostileRequests generator, int index, HostileKind kind, Endpoint target, String detail) {
        this.generator = generator;
        this.index = index;
        this.kind = kind;
        this.target = target;
        this.detail = detail;
    }

    public int index() {
        return index;
    }

    public HostileKind kind() {
        return kind;
    }

    /** The route the request was made from (its path or method may have been made hostile); null for a null event. */
    public Endpoint target() {
        return target;
    }

    /** What is hostile about it, escaped and at most a couple of hundred characters: safe to print. */
    public String detail() {
        return detail;
    }

    /** A fresh copy of the event; {@code null} for {@link HostileKind#NULL_EVENT}. */
    public APIGatewayV2HTTPEvent event() {
        return generator.build(index).event();
    }

    /**
     * One line that names the request and how to make it again:
     * {@code #17 truncated JSON (seed 20261202): POST /users, body cut after 12 of 48 characters}.
     */
    public String describe() {
        return "#" + index + " " + kind.label() + " (seed " + generator.seed() + ", HostileRequests.get(" + index
                + ")): " + (target == null ? "" : target.key() + ", ") + detail;
    }

    /**
     * Every string of the event a client chose: the body (and its base64 decoding), the path, the query, header names
     * and values, the method, the stage and the request id. A response or a log line that repeats a long piece of one
     * of them echoes client input.
     */
    public List<String> clientStrings() {
        APIGatewayV2HTTPEvent event = event();
        List<String> strings = new ArrayList<>();
        if (event == null) {
            return strings;
        }
        add(strings, event.getBody());
        if (event.getIsBase64Encoded() && event.getBody() != null) {
            try {
                add(strings, new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                // the raw body is already in the list
            }
        }
        add(strings, event.getRawPath());
        add(strings, event.getRawQueryString());
        addAll(strings, event.getQueryStringParameters());
        addAll(strings, event.getHeaders());
        if (event.getCookies() != null) {
            event.getCookies().forEach(cookie -> add(strings, cookie));
        }
        if (event.getRequestContext() != null) {
            add(strings, event.getRequestContext().getRequestId());
            add(strings, event.getRequestContext().getStage());
            if (event.getRequestContext().getHttp() != null) {
                add(strings, event.getRequestContext().getHttp().getMethod());
                add(strings, event.getRequestContext().getHttp().getPath());
            }
        }
        return strings;
    }

    private static void addAll(List<String> strings, Map<String, String> map) {
        if (map != null) {
            map.forEach((key, value) -> {
                add(strings, key);
                add(strings, value);
            });
        }
    }

    private static void add(List<String> strings, String value) {
        if (value != null && !value.isEmpty()) {
            strings.add(value);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}

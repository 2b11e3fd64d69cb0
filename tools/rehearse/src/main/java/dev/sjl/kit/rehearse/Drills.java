package dev.sjl.kit.rehearse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the drills from the {@link SystemModel}: a walk-through per route, an architecture overview per lab and a
 * configuration drill per handler that reads variables. Only the phrasing is written here; every name, route,
 * access rule and variable comes from the model, which comes from the code.
 */
public final class Drills {

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    // Variables that name something the function talks to (as opposed to a tuning knob or a key).
    private static final Pattern RESOURCE = Pattern.compile(
            "(^|_)(TABLE|BUCKET|QUEUE|TOPIC|DATABASE|DB|JDBC|URL|URI|ENDPOINT|ARN|HOST)(_|$)");
    private static final String HTTP_EVENT = "APIGatewayV2HTTPEvent";

    private Drills() {
    }

    /** The drills for the system model shipped in this jar, ordered by lab, then as each lab lists them. */
    public static List<Drill> builtIn() {
        return from(SystemModel.builtIn());
    }

    static List<Drill> from(SystemModel model) {
        List<Drill> drills = new ArrayList<>();
        for (SystemModel.Lab lab : model.labs()) {
            if (lab.handlers().isEmpty()) {
                continue;
            }
            drills.add(architecture(lab));
            boolean several = lab.handlers().size() > 1;
            for (SystemModel.Handler handler : lab.handlers()) {
                for (SystemModel.Route route : handler.routes()) {
                    drills.add(walk(lab.lab(), handler, route, several));
                }
                if (!handler.environment().isEmpty()) {
                    drills.add(config(lab.lab(), handler));
                }
            }
        }
        return List.copyOf(drills);
    }

    private static Drill architecture(SystemModel.Lab lab) {
        List<String> steps = new ArrayList<>();
        boolean http = false;
        for (SystemModel.Handler h : lab.handlers()) {
            String signature = "`" + h.simpleName() + "`: one Lambda function, `RequestHandler<" + h.input() + ", "
                    + h.output() + ">`";
            if (h.routes().isEmpty()) {
                steps.add(signature + ", invoked directly with a `" + h.input() + "` (no HTTP routes).");
            } else {
                http = true;
                steps.add(signature + ", serving " + count(h.routes().size(), "route") + " through one router: "
                        + h.routes().stream().map(r -> "`" + r.method() + " " + r.path() + "` (" + r.access() + ")")
                        .collect(Collectors.joining(", ")) + ".");
            }
            steps.add(h.environment().isEmpty()
                    ? "`" + h.simpleName() + "` reads no environment variables."
                    : "`" + h.simpleName() + "` is configured once, in its constructor, by " + h.environment().stream()
                    .map(Drills::describeBriefly).collect(Collectors.joining(", "))
                    + "; a missing required variable stops the init with an error naming it.");
        }
        steps.add("Cold start versus warm: the runtime loads the class and runs the constructor (configuration, "
                + "clients" + (http ? ", router" : "") + ") once per container; each invocation then runs only the "
                + "handler method, which is why clients live in fields and not in the method.");
        if (http) {
            steps.add("Every answer is deliberate: 404 `not_found` and 405 `method_not_allowed` (with `Allow`) from "
                    + "the router, 4xx JSON errors `{\"error\", \"message\", \"requestId\"}` from the routes, and "
                    + "500 `internal_error` carrying only the request id.");
        }
        String prompt = "Two minutes: explain the architecture of lab " + lab.lab() + " — its Lambda function"
                + (lab.handlers().size() > 1 ? "s" : "") + (http ? ", the routes and who may call them" : "")
                + ", its configuration, and what happens on a cold start versus on each invocation.";
        return new Drill("drill:" + lab.lab() + ":architecture", lab.lab(), Drill.Kind.ARCHITECTURE, prompt, steps);
    }

    private static Drill walk(String lab, SystemModel.Handler h, SystemModel.Route route, boolean severalHandlers) {
        String request = "`" + route.method() + " " + route.path() + "`";
        List<String> params = pathParameters(route.path());
        List<String> steps = new ArrayList<>();
        steps.add("The client sends " + request + " over HTTPS to the HTTP API; API Gateway turns it into "
                + (HTTP_EVENT.equals(h.input())
                ? "a payload 2.0 `APIGatewayV2HTTPEvent` (method, raw path, headers, body, base64-encoded when binary)"
                : "a `" + h.input() + "`")
                + " and invokes the function.");
        steps.add(accessStep(route.access()));
        String variables = h.environment().stream().map(v -> "`" + v.name() + "`" + (v.secret() ? " (secret)" : ""))
                .collect(Collectors.joining(", "));
        steps.add("Cold start only: the runtime constructs `" + h.simpleName() + "` once"
                + (variables.isEmpty() ? "" : ", reading " + variables + " from the environment,")
                + " and builds its clients and router; a warm container skips this and reuses them.");
        List<SystemModel.Route> routes = h.routes();
        String allow = String.join(", ", allowedMethods(routes, route.path()));
        steps.add("`" + h.simpleName() + "` hands the event to its router, which matches " + request + " among its "
                + count(routes.size(), "route")
                + (params.isEmpty() ? "" : " and binds " + params.stream().map(p -> "`{" + p + "}`")
                .collect(Collectors.joining(", ")) + " from the path")
                + ". Another method on `" + route.path() + "` gets 405 `method_not_allowed` with `Allow: " + allow
                + "`; a path no route matches gets 404 `not_found`.");
        if (BODY_METHODS.contains(route.method())) {
            steps.add("The route reads the JSON body into a typed request: malformed or empty JSON is 400 "
                    + "`invalid_json`, and invalid values are answered with a 400 that names the problem, "
                    + "before anything is stored.");
        } else {
            List<String> sources = new ArrayList<>();
            if (!params.isEmpty()) {
                sources.add("the path");
            }
            sources.add("the query string");
            if (!"public".equalsIgnoreCase(route.access())) {
                sources.add("the verified caller's claims");
            }
            steps.add("The route takes its input from " + joinWithAnd(sources) + ": a `" + route.method()
                    + "` carries no body.");
        }
        List<SystemModel.Variable> resources = h.environment().stream()
                .filter(v -> !v.secret() && RESOURCE.matcher(v.name()).find()).toList();
        steps.add(resources.isEmpty()
                ? "Its configuration names no external resource: the route works on what the constructor set up, "
                + "in the function's own memory."
                : "It calls the resources its configuration names — " + resources.stream()
                .map(v -> "`" + v.name() + "` (" + stripPeriod(v.description()) + ")")
                .collect(Collectors.joining(", ")) + " — with the clients created once per container.");
        steps.add("It returns an `" + h.output() + "`: a status code, `Content-Type: application/json` and a JSON "
                + "body. An error has the body `{\"error\", \"message\", \"requestId\"}`; an unexpected exception "
                + "becomes 500 `internal_error` with only the request id, and its stack trace goes to the log, "
                + "never to the client.");
        steps.add("API Gateway turns the response back into HTTP for the client; the `requestId` of an error is "
                + "what finds the matching log line.");
        String id = "drill:" + lab + ":" + (severalHandlers ? kebab(h.simpleName()) + ":" : "") + "walk-"
                + route.method().toLowerCase(Locale.ROOT) + "-" + slug(route.path());
        String prompt = "Walk a " + request + " request from the client through the function of lab " + lab
                + " to its resources and back: what runs, in which order, and what can the client get back?";
        return new Drill(id, lab, Drill.Kind.WALK, prompt, steps);
    }

    private static Drill config(String lab, SystemModel.Handler h) {
        List<String> steps = new ArrayList<>();
        for (SystemModel.Variable v : h.environment()) {
            steps.add("`" + v.name() + "` — " + stripPeriod(v.description()) + " ("
                    + (v.required() ? "required" : "optional")
                    + (v.secret() ? ", secret: never logged, never echoed in an error" : "") + ").");
        }
        steps.add("A required variable that is missing, or any malformed value, fails the cold start with a "
                + "`ConfigurationException` that names the variable and never shows a secret's value: a bad deploy "
                + "fails at once instead of on some later request.");
        String prompt = "Which environment variables does `" + h.simpleName() + "` (lab " + lab + ") read, which of "
                + "them are secrets, and what happens when a required one is missing or malformed?";
        return new Drill("drill:" + lab + ":config-" + kebab(h.simpleName()), lab, Drill.Kind.CONFIG, prompt, steps);
    }

    static String accessStep(String access) {
        String a = access.toLowerCase(Locale.ROOT);
        String label = "Access `" + access + "`: ";
        if (a.equals("public")) {
            return label + "nothing is verified before the route runs, so the route's own validation is the only "
                    + "gate.";
        }
        if (a.contains("refresh")) {
            return label + "the request carries a refresh token, verified (signature, expiry, not already used) "
                    + "before anything is issued; a bad or reused one gets 401.";
        }
        if (a.contains("jwt") || a.contains("bearer") || a.contains("token")) {
            String step = label + "the caller sends `Authorization: Bearer <access token>`; a missing, expired or "
                    + "forged token gets 401 before the route's code runs";
            if (a.contains("group") || a.contains("admin") || a.contains("role")) {
                step += ", and a valid token without the required group gets 403";
            }
            return step + ".";
        }
        return label + "this check runs before the route's code; a caller who fails it gets 401 or 403, never the "
                + "route's data.";
    }

    /**
     * The methods a request to this template's path would be allowed, as the router's 405 lists them: those of every
     * route whose template matches a concrete path of this one.
     */
    static List<String> allowedMethods(List<SystemModel.Route> routes, String template) {
        String[] sample = template.replaceAll("\\{[^}/]+}", "1").split("/", -1);
        Set<String> methods = new LinkedHashSet<>();
        for (SystemModel.Route r : routes) {
            if (matches(r.path().split("/", -1), sample)) {
                methods.add(r.method());
            }
        }
        return List.copyOf(methods);
    }

    private static boolean matches(String[] template, String[] path) {
        for (int i = 0; i < template.length; i++) {
            if (template[i].matches("\\{[^}]+\\+}")) {
                return path.length > i;
            }
            if (i >= path.length) {
                return false;
            }
            if (!template[i].matches("\\{[^}]+}") && !template[i].equals(path[i])) {
                return false;
            }
        }
        return template.length == path.length;
    }

    private static List<String> pathParameters(String template) {
        List<String> names = new ArrayList<>();
        var m = Pattern.compile("\\{([^}+]+)\\+?}").matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String describeBriefly(SystemModel.Variable v) {
        return "`" + v.name() + "` (" + (v.required() ? "required" : "optional") + (v.secret() ? ", secret" : "")
                + ")";
    }

    static String slug(String path) {
        String slug = path.replaceAll("[{}+]", "").replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "")
                .toLowerCase(Locale.ROOT);
        return slug.isEmpty() ? "root" : slug;
    }

    static String kebab(String className) {
        return className.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String joinWithAnd(List<String> items) {
        return items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String stripPeriod(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}

package dev.sjl.localcloud;

import dev.sjl.localcloud.functions.FunctionException;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.functions.LocalFunction;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User-pool triggers for cognito-local, through the local cloud's {@link FunctionRegistry}. cognito-local's
 * configuration is global, so every supported trigger points at one dispatcher function in the registry, which
 * routes by the event's {@code userPoolId} to the function registered for that pool — per pool, as
 * {@code LambdaConfig} is on AWS, so tests with their own pools stay independent. A pool with no function gets the
 * event back unchanged, which is what "no trigger configured" means.
 */
public final class CognitoTriggers {
    /** The triggers wired into cognito-local; each one's {@code response} defaults to a no-op. */
    public enum Trigger {
        PRE_SIGN_UP("PreSignUp"),
        POST_CONFIRMATION("PostConfirmation"),
        PRE_TOKEN_GENERATION("PreTokenGeneration"),
        POST_AUTHENTICATION("PostAuthentication");

        private final String configName;

        Trigger(String configName) {
            this.configName = configName;
        }

        String configName() {
            return configName;
        }

        String functionName() {
            return "localcloud-cognito-" + configName;
        }
    }

    private final FunctionRegistry functions;
    /** Pool and trigger → the registered function's name. */
    private final Map<String, String> targets = new ConcurrentHashMap<>();

    CognitoTriggers(FunctionRegistry functions) {
        this.functions = functions;
    }

    /** Forgets every pool's trigger wiring (the local cloud's reset, which deletes the pools too). */
    void clear() {
        targets.clear();
    }

    /**
     * Calls the function registered as {@code functionName} (or its ARN) for {@code trigger} events of pool
     * {@code userPoolId}, as a pool's {@code LambdaConfig} names a function, until the returned handle is closed.
     */
    public AutoCloseable register(String userPoolId, Trigger trigger, String functionName) {
        String key = key(Objects.requireNonNull(userPoolId, "userPoolId"), Objects.requireNonNull(trigger, "trigger"));
        String name = FunctionRegistry.functionName(Objects.requireNonNull(functionName, "functionName"));
        if (targets.putIfAbsent(key, name) != null) {
            throw new IllegalStateException(trigger + " is already registered for " + userPoolId);
        }
        return () -> targets.remove(key, name);
    }

    /**
     * Registers {@code function} in the registry (as {@code cognito-<pool>-<Trigger>}) and calls it for
     * {@code trigger} events of pool {@code userPoolId}; closing the handle removes both.
     */
    public AutoCloseable register(String userPoolId, Trigger trigger, LocalFunction function) {
        Objects.requireNonNull(function, "function");
        String name = ("cognito-" + Objects.requireNonNull(userPoolId, "userPoolId") + "-" + trigger.configName())
                .replaceAll("[^A-Za-z0-9_-]", "-");
        FunctionRegistry.Registration registration = functions.register(name.length() > 64 ? name.substring(0, 64) : name, function);
        AutoCloseable route;
        try {
            route = register(userPoolId, trigger, registration.functionName());
        } catch (RuntimeException e) {
            registration.close();
            throw e;
        }
        return () -> {
            route.close();
            registration.close();
        };
    }

    /**
     * Registers the dispatchers cognito-local's configuration names that the registry does not hold: all of them when
     * the cloud starts, and again after its functions were unregistered, since cognito-local's configuration cannot
     * be changed while it runs.
     */
    synchronized void install() {
        for (Trigger trigger : Trigger.values()) {
            if (functions.find(trigger.functionName()).isPresent()) {
                continue;
            }
            functions.register(trigger.functionName(), (payload, context) -> {
                String pool = Jackson.MAPPER.readTree(payload).path("userPoolId").asText("");
                String target = targets.get(key(pool, trigger));
                if (target == null) {
                    return payload;
                }
                Invocation invocation = functions.invoke(target, payload);
                if (!invocation.succeeded()) {
                    throw new FunctionException(invocation.errorType(), invocation.errorMessage());
                }
                return invocation.response();
            }, java.time.Duration.ofSeconds(5), 512);
        }
    }

    /** The {@code TriggerFunctions} block of cognito-local's configuration. */
    static Map<String, String> triggerFunctions() {
        Map<String, String> functions = new java.util.LinkedHashMap<>();
        for (Trigger trigger : Trigger.values()) {
            functions.put(trigger.configName(), trigger.functionName());
        }
        return functions;
    }

    private static String key(String pool, Trigger trigger) {
        return pool + "|" + trigger.name();
    }
}

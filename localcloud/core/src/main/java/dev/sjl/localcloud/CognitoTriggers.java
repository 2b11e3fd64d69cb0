package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User-pool triggers for cognito-local. Its configuration is global, so every supported trigger points at one
 * function on the local Invoke endpoint, which routes by the event's {@code userPoolId} to the handler registered
 * for that pool — per-pool, as {@code LambdaConfig} is on AWS, so tests with their own pools stay independent.
 * A pool with no handler gets the event back unchanged, which is what "no trigger configured" means.
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, LambdaFunction> handlers = new ConcurrentHashMap<>();

    CognitoTriggers() {
    }

    /** Calls {@code function} for {@code trigger} events of pool {@code userPoolId} until the registration is closed. */
    public AutoCloseable register(String userPoolId, Trigger trigger, LambdaFunction function) {
        String key = key(Objects.requireNonNull(userPoolId, "userPoolId"), Objects.requireNonNull(trigger, "trigger"));
        Objects.requireNonNull(function, "function");
        if (handlers.putIfAbsent(key, function) != null) {
            throw new IllegalStateException(trigger + " is already registered for " + userPoolId);
        }
        return () -> handlers.remove(key, function);
    }

    void installInto(LambdaInvokeEndpoint lambdas) {
        for (Trigger trigger : Trigger.values()) {
            lambdas.register(trigger.functionName(), payload -> {
                String pool = JSON.readTree(payload).path("userPoolId").asText("");
                LambdaFunction handler = handlers.get(key(pool, trigger));
                return handler == null ? payload : handler.invoke(payload);
            });
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

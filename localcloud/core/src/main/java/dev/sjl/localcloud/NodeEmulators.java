package dev.sjl.localcloud;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts the Node emulators with the configuration the local cloud needs. */
final class NodeEmulators {
    private NodeEmulators() {
    }

    /** dynalite, in memory, behind dynamodb-extensions.mjs (transactions, TTL deletion, Streams). */
    static NodeEmulator dynalite(int port, Path logDirectory) {
        Path home = NodePackages.home(logDirectory);
        return NodeEmulator.start("dynalite (DynamoDB)", home, "dynalite-launcher.mjs", List.of(Integer.toString(port)),
                home, Map.of(), logDirectory.resolve("dynalite.log"));
    }

    static NodeEmulator fauxqs(int port, Path logDirectory) {
        Path home = NodePackages.home(logDirectory);
        return NodeEmulator.start("fauxqs (SQS + SNS)", home, "fauxqs-launcher.mjs", List.of(Integer.toString(port)),
                home, Map.of(), logDirectory.resolve("fauxqs.log"));
    }

    /**
     * cognito-local puts its port into the token issuer, so it must know the port before it starts: with no fixed
     * port we pick a free one and, if another process takes it first, try again with a new one.
     */
    static NodeEmulator cognitoLocal(int port, URI lambdaEndpoint, Path logDirectory) {
        Path home = NodePackages.home(logDirectory);
        int attempts = port == 0 ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            int chosen = port == 0 ? Ports.freePort() : port;
            Path workDir = cognitoWorkDir(chosen, lambdaEndpoint);
            try {
                NodeEmulator emulator = NodeEmulator.start("cognito-local", home, "cognito-launcher.cjs", List.of(), workDir,
                        Map.of(), logDirectory.resolve("cognito-local.log"));
                emulator.afterClose(() -> Dirs.deleteTree(workDir));
                return emulator;
            } catch (EmulatorStartException e) {
                Dirs.deleteTree(workDir);
                if (!NodeEmulator.portWasTaken(e) || attempt >= attempts) {
                    if (NodeEmulator.portWasTaken(e)) {
                        throw new EmulatorStartException("cognito-local failed to start: port " + chosen
                                + " is already in use (stop what holds it, e.g. another `kit cloud up`)", e);
                    }
                    throw e;
                }
            }
        }
    }

    /**
     * Written as text, not with Jackson: this runs before cognito-local, the slowest emulator, is spawned, and Jackson's
     * first use in a fresh JVM costs about 0.25 s of class loading.
     */
    private static Path cognitoWorkDir(int port, URI lambdaEndpoint) {
        StringBuilder config = new StringBuilder("{\n  \"LambdaClient\": {\"credentials\": {\"accessKeyId\": \"test\", "
                + "\"secretAccessKey\": \"test\"}, \"region\": \"us-east-1\"");
        if (lambdaEndpoint != null) {
            config.append(", \"endpoint\": ").append(jsonString(lambdaEndpoint.toString())).append("},\n  \"TriggerFunctions\": {");
            String separator = "";
            for (Map.Entry<String, String> trigger : CognitoTriggers.triggerFunctions().entrySet()) {
                config.append(separator).append(jsonString(trigger.getKey())).append(": ").append(jsonString(trigger.getValue()));
                separator = ", ";
            }
        }
        // Usernames are free-form (as in a pool created without alias attributes), not forced to be e-mails.
        config.append("},\n  \"UserPoolDefaults\": {\"UsernameAttributes\": []},\n")
                .append("  \"TokenConfig\": {\"IssuerDomain\": ").append(jsonString("http://" + Ports.LOOPBACK + ":" + port)).append("},\n")
                .append("  \"ServerConfig\": {\"hostname\": ").append(jsonString(Ports.LOOPBACK)).append(", \"port\": ").append(port)
                .append("}\n}\n");
        try {
            Path dir = Files.createTempDirectory("sjl-cognito-");
            Files.createDirectories(dir.resolve(".cognito"));
            Files.writeString(dir.resolve(".cognito/config.json"), config);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's own string escaping: jackson-core, a few classes; the ObjectMapper is what costs a start. */
    private static String jsonString(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}

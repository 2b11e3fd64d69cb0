package dev.sjl.localcloud;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * DynamoDB Local (AWS's own emulator) in this JVM, in memory. Its ServerRunner binds every interface and has no
 * host option, so we build the same request handler it builds and mount it on our own Jetty connector on loopback.
 */
final class DynamoDbLocalEmulator implements RunningEmulator {
    private final Server jetty;
    private final URI endpoint;

    private DynamoDbLocalEmulator(Server jetty, URI endpoint) {
        this.jetty = jetty;
        this.endpoint = endpoint;
    }

    static DynamoDbLocalEmulator start(int port, Path log) {
        // Only ServerRunner switches DynamoDB Local's telemetry on; bypassing it keeps test runs from phoning home.
        Server jetty = new Server();
        try {
            // sharedDb: one database whatever the credentials and region, so the SDK and the AWS CLI see the same tables.
            LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(
                    new LocalDynamoDBRequestHandler(port, true, null, true, false), null);
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(Ports.LOOPBACK);
            connector.setPort(port);
            jetty.addConnector(connector);
            ContextHandler context = new ContextHandler();
            context.setHandler(handler);
            jetty.setHandler(new ContextHandlerCollection(context));
            jetty.start();
            return new DynamoDbLocalEmulator(jetty, URI.create("http://" + Ports.LOOPBACK + ":" + connector.getLocalPort()));
        } catch (Exception e) {
            stopQuietly(jetty);
            throw EmulatorStartException.of("DynamoDB Local", describe(e, port), log, e);
        }
    }

    static String describe(Exception e, int port) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof java.net.BindException) {
            return "port " + port + " is already in use";
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(jetty);
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // stopping is best effort; the JVM is usually on its way out
        }
    }
}

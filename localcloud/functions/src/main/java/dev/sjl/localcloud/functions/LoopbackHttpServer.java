package dev.sjl.localcloud.functions;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The JDK's {@link HttpServer} bound to the loopback address, as the local cloud's own servers (the gateway, the Lambda
 * endpoint, the small AWS JSON fakes) are created. (The Runtime API server sets the same property itself: it is in a
 * module below this one.)
 * <p>
 * Without {@code sun.net.httpserver.nodelay} the JDK server leaves Nagle's algorithm on, and each small response waits
 * for the peer's delayed ACK: about 40 ms on every request. The JDK reads the property once, when its server
 * configuration first loads, so it is set here, before this JVM's first server; a value set on the command line wins.
 */
public final class LoopbackHttpServer {

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private LoopbackHttpServer() {
    }

    /** An unstarted server on 127.0.0.1:{@code port} (0 = any free port); {@code backlog} 0 = the system's default. */
    public static HttpServer create(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}

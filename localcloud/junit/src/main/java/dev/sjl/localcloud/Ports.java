package dev.sjl.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers. Every emulator binds 127.0.0.1 only: nothing here is meant to be reachable from the LAN. */
final class Ports {
    static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /**
     * A port that was free a moment ago, for the one emulator (cognito-local) that must know its port before it
     * starts because the port is part of the token issuer. Callers retry with another port if it was taken since.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

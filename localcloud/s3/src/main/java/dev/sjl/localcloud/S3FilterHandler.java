package dev.sjl.localcloud;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Runs servlet filters in front of S3Proxy's Jetty handler, as a servlet container would run them in front of a
 * servlet: each filter may answer the request itself or pass it on, wrapped or not. S3Proxy's handler is a bare Jetty
 * handler, so a servlet context (sessions, security, error pages) would only add work per request.
 */
final class S3FilterHandler extends HandlerWrapper {
    /** A presigned browser upload is an image or a document: more than this is left to Jetty to cut off. */
    private static final long MAX_DISCARD = 32L * 1024 * 1024;
    private final List<Filter> filters;

    S3FilterHandler(List<Filter> filters, Handler s3) {
        this.filters = List.copyOf(filters);
        setHandler(s3);
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        boolean[] reachedS3 = {false};
        new FilterChain() {
            private int next;

            @Override
            public void doFilter(ServletRequest req, ServletResponse res) throws IOException, ServletException {
                if (next < filters.size()) {
                    filters.get(next++).doFilter(req, res, this);
                } else {
                    reachedS3[0] = true;
                    S3FilterHandler.super.handle(target, baseRequest, (HttpServletRequest) req, (HttpServletResponse) res);
                }
            }
        }.doFilter(request, response);
        // A filter that answered itself (a preflight, a refused signature) has handled the request too.
        baseRequest.setHandled(true);
        if (!reachedS3[0]) {
            discardBody(request);
        }
    }

    /**
     * Reads what is left of a refused upload, up to {@link #MAX_DISCARD} bytes, and drops it. Jetty closes a
     * connection whose request body was not read, and a client still sending its body (a browser's or the JDK's HTTP
     * client) then loses the answer to a reset instead of reading the 403. Nothing read here is stored.
     */
    private static void discardBody(HttpServletRequest request) {
        try {
            ServletInputStream in = request.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long left = MAX_DISCARD;
            while (left > 0 && !in.isFinished()) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the body was read as characters: Jetty closes the connection as before
        }
    }
}

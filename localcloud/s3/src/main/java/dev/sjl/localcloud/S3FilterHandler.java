package dev.sjl.localcloud;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
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
    private final List<Filter> filters;

    S3FilterHandler(List<Filter> filters, Handler s3) {
        this.filters = List.copyOf(filters);
        setHandler(s3);
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        new FilterChain() {
            private int next;

            @Override
            public void doFilter(ServletRequest req, ServletResponse res) throws IOException, ServletException {
                if (next < filters.size()) {
                    filters.get(next++).doFilter(req, res, this);
                } else {
                    S3FilterHandler.super.handle(target, baseRequest, (HttpServletRequest) req, (HttpServletResponse) res);
                }
            }
        }.doFilter(request, response);
        // A filter that answered itself (a preflight, a refused signature) has handled the request too.
        baseRequest.setHandled(true);
    }
}

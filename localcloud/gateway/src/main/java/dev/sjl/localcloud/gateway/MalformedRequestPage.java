package dev.sjl.localcloud.gateway;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * What the gateway answers when a request never becomes one: a request line or header the HTTP parser refuses (400),
 * a URI or header block over {@link LocalHttpApi#MAX_HEADER_BYTES} (414, 431), a method the server cannot carry.
 * API Gateway's shape, {@code {"message":"Bad Request"}}: the status's own reason phrase and nothing of the parser's
 * reason, which names what it expected, a character it saw or a class that failed.
 */
final class MalformedRequestPage extends ErrorHandler {

    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /** When the server has a request to answer: its status (set by Jetty) and this body. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = errorStatus(request.getAttribute(ERROR_STATUS), response.getStatus());
        byte[] body = body(status);
        response.setStatus(status);
        response.getHeaders().put(JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** When the parser gave up before there was a request at all. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(errorStatus(null, status)));
    }

    /**
     * The status to send: Jetty's, except that an HTTP version it does not speak (505) is the client's malformed
     * request like any other, so a 400, as the gateway answers bad input below 500.
     */
    private static int errorStatus(Object attribute, int fallback) {
        int status = attribute instanceof Integer set ? set : fallback;
        return status >= 400 && status <= 599 && status != HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? status : 400;
    }

    private static byte[] body(int status) {
        return GatewayError.body(HttpStatus.getMessage(status));
    }
}

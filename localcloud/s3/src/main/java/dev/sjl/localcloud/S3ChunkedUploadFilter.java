package dev.sjl.localcloud;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@code aws-chunked} upload into the object's bytes before S3Proxy reads it, as S3 stores it. The AWS SDK
 * for Java (2.30 on) sends every upload over plain HTTP that way, each chunk signed and a checksum trailer last
 * ({@code x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}); S3Proxy 3.0 decodes only two of the
 * four streaming forms and would store the other two with their chunk framing. Decoded here whatever the form, as the
 * body is read (nothing is buffered): S3Proxy then sees an unsigned payload of {@code x-amz-decoded-content-length}
 * bytes, and {@code aws-chunked} is dropped from {@code Content-Encoding}, as S3 drops it. Chunk signatures and the
 * trailing checksum are not verified: this local S3 verifies presigned URLs only ({@link S3PresignFilter}).
 */
final class S3ChunkedUploadFilter extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String sha256 = request.getHeader("x-amz-content-sha256");
        boolean streaming = sha256 != null && sha256.startsWith("STREAMING-");
        if (!streaming && !chunkedEncoding(request.getHeader("Content-Encoding"))) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new Decoded(request), response);
    }

    private static boolean chunkedEncoding(String contentEncoding) {
        return contentEncoding != null && contentEncoding.toLowerCase(Locale.ROOT).contains("aws-chunked");
    }

    /** The request with the decoded body and the headers that described the framing set as for a plain upload. */
    private static final class Decoded extends HttpServletRequestWrapper {
        private ServletInputStream body;

        Decoded(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new ChunkDecoder(super.getInputStream());
            }
            return body;
        }

        @Override
        public String getHeader(String name) {
            List<String> values = values(name);
            return values.isEmpty() ? null : values.get(0);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return Collections.enumeration(values(name));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (String name : Collections.list(super.getHeaderNames())) {
                if (!values(name).isEmpty()) {
                    names.add(name);
                }
            }
            return Collections.enumeration(names);
        }

        private List<String> values(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "x-amz-content-sha256":
                    return List.of("UNSIGNED-PAYLOAD");
                case "x-amz-trailer":
                    return List.of();
                case "content-encoding": {
                    List<String> kept = new ArrayList<>();
                    for (String value : Collections.list(super.getHeaders(name))) {
                        for (String coding : value.split(",")) {
                            String trimmed = coding.trim();
                            if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("aws-chunked")) {
                                kept.add(trimmed);
                            }
                        }
                    }
                    return kept.isEmpty() ? List.of() : List.of(String.join(", ", kept));
                }
                default:
                    return Collections.list(super.getHeaders(name));
            }
        }
    }

    /**
     * {@code aws-chunked}: {@code hex-size[;chunk-signature=...]CRLF data CRLF}, repeated, a chunk of size 0 last, then
     * optional trailer lines and an empty line.
     */
    static final class ChunkDecoder extends S3Buffers.BlockingInputStream {
        private static final int MAX_LINE = 4096;
        private final InputStream in;
        private long remaining;
        private boolean done;

        ChunkDecoder(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0 && !done) {
                nextChunk();
            }
            if (done) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("aws-chunked body ended inside a chunk");
            }
            remaining -= n;
            if (remaining == 0) {
                String end = line();
                if (!end.isEmpty()) {
                    throw new IOException("aws-chunked: no CRLF after a chunk's data");
                }
            }
            return n;
        }

        private void nextChunk() throws IOException {
            String header = line();
            int semicolon = header.indexOf(';');
            String size = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
            try {
                remaining = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new IOException("aws-chunked: bad chunk size '" + size + "'", e);
            }
            if (remaining < 0) {
                throw new IOException("aws-chunked: bad chunk size '" + size + "'");
            }
            if (remaining == 0) {
                // Trailers (the checksum, its signature) up to an empty line or the end of the body.
                String trailer;
                do {
                    trailer = lineOrNull();
                } while (trailer != null && !trailer.isEmpty());
                done = true;
            }
        }

        private String line() throws IOException {
            String line = lineOrNull();
            if (line == null) {
                throw new EOFException("aws-chunked body ended before its last chunk");
            }
            return line;
        }

        private String lineOrNull() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (line.size() >= MAX_LINE) {
                    throw new IOException("aws-chunked: line too long");
                }
                line.write(c);
            }
            if (c < 0 && line.size() == 0) {
                return null;
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        @Override
        public boolean isFinished() {
            return done;
        }
    }
}

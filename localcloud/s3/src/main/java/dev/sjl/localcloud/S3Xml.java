package dev.sjl.localcloud;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The XML the local cloud's S3 filters answer with themselves, in S3's shapes; one escaping rule for all of them. */
final class S3Xml {
    static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private S3Xml() {
    }

    /** {@code <name>value</name>}, the value escaped. */
    static void element(StringBuilder xml, String name, String value) {
        xml.append('<').append(name).append('>').append(value.replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;")).append("</").append(name).append('>');
    }

    /** S3's error document: {@code <Error><Code/><Message/>…</Error>}, then each detail (BucketName, RequestId…) in order. */
    static String error(String code, String message, Map<String, String> details) {
        StringBuilder xml = new StringBuilder(DECLARATION).append("<Error>");
        element(xml, "Code", code);
        element(xml, "Message", message);
        details.forEach((name, value) -> element(xml, name, value));
        return xml.append("</Error>").toString();
    }

    static void send(HttpServletResponse response, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/xml");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

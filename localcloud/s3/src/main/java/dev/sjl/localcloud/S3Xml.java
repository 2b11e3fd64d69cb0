package dev.sjl.localcloud;

import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * The XML the local cloud's S3 filters read and answer with themselves, in S3's shapes: one escaping rule for all of
 * them, and one parser that a client's document cannot point at a DTD or an external entity.
 */
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

    /** A client's document (a CORS configuration, a tag set), namespace-aware; empty when it is not well-formed XML. */
    static Optional<Document> parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setExpandEntityReferences(false);
            return Optional.of(factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static void send(HttpServletResponse response, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/xml");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

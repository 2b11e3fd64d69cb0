package dev.sjl.kit.engine;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How long each test class of the reference took under Surefire, from its {@code TEST-*.xml} reports: the order in
 * which a shortcut's classes are tried, quick ones first, before the engine has timed any of them itself.
 * <p>
 * Why: the staircase's first steps fail on TODOs in milliseconds, so their times say nothing of a class's real cost.
 * Lab 07's {@code 1-keys-only-stream} then met the class whose five tests each wait a minute for a stream record that
 * never comes (305 s) before the one-second class that names the mistake.
 */
final class SurefireClassTimes {

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private SurefireClassTimes() {
    }

    /** Milliseconds by class name; empty when the folder is missing. A report that cannot be read is left out. */
    static Map<String, Long> read(Path reports) {
        Map<String, Long> millis = new HashMap<>();
        if (!Files.isDirectory(reports)) {
            return millis;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reports, "TEST-*.xml")) {
            for (Path file : files) {
                suite(file, millis);
            }
        } catch (IOException e) {
            return millis;
        }
        return millis;
    }

    /** Reads the first element only, {@code <testsuite name=".." time="..">}: the tests' output after it can be long. */
    private static void suite(Path file, Map<String, Long> millis) {
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader reader = XML.createXMLStreamReader(in);
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamReader.START_ELEMENT) {
                        String name = reader.getAttributeValue(null, "name");
                        String time = reader.getAttributeValue(null, "time");
                        if ("testsuite".equals(reader.getLocalName()) && name != null && time != null) {
                            millis.merge(name, Math.round(Double.parseDouble(time.replace(",", "")) * 1000), Math::max);
                        }
                        return;
                    }
                }
            } finally {
                reader.close();
            }
        } catch (IOException | XMLStreamException | NumberFormatException e) {
            // An unreadable report only loses a hint about order.
        }
    }
}

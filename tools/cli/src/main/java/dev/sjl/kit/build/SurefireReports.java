package dev.sjl.kit.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A module's test results from Surefire's XML reports ({@code target/surefire-reports/TEST-*.xml}): the totals and
 * failed tests Maven prints at the end of a module, but still the module's own when modules build in parallel
 * ({@code -T}) and their console output interleaves.
 */
final class SurefireReports {

    /** The totals, and one line per failed test: "Class.method first line of the message". */
    record Results(BuildLog.TestTotals totals, List<String> failed) {
    }

    private SurefireReports() {
    }

    /**
     * The results in {@code reportsDir} written at or after {@code since} (null: all of them); empty when there is no
     * such report, so the caller falls back to the console output.
     */
    static Optional<Results> read(Path reportsDir, Instant since) {
        if (!Files.isDirectory(reportsDir)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(reportsDir)) {
            files = listed.filter(f -> f.getFileName().toString().matches("TEST-.+\\.xml"))
                    .filter(f -> since == null || modified(f).compareTo(since) >= 0).sorted().toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        int run = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        List<String> failed = new ArrayList<>();
        try {
            DocumentBuilder parser = parser();
            for (Path file : files) {
                Element suite;
                try (InputStream in = Files.newInputStream(file)) {
                    suite = parser.parse(in).getDocumentElement();
                }
                run += count(suite, "tests");
                failures += count(suite, "failures");
                errors += count(suite, "errors");
                skipped += count(suite, "skipped");
                NodeList cases = suite.getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element testCase = (Element) cases.item(i);
                    problem(testCase).ifPresent(problem -> failed.add(simpleName(testCase.getAttribute("classname"))
                            + "." + testCase.getAttribute("name") + " " + problem));
                }
            }
        } catch (IOException | SAXException | ParserConfigurationException e) {
            return Optional.empty();
        }
        return Optional.of(new Results(new BuildLog.TestTotals(run, failures, errors, skipped), List.copyOf(failed)));
    }

    /** A failure's or error's message, first line only, or its exception type when it has none. */
    private static Optional<String> problem(Element testCase) {
        for (Node child = testCase.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element
                    && (element.getTagName().equals("failure") || element.getTagName().equals("error"))) {
                String message = element.getAttribute("message").strip();
                String type = element.getAttribute("type");
                return Optional.of(message.isEmpty() ? simpleName(type) : message.lines().findFirst().orElse(message));
            }
        }
        return Optional.empty();
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // Reports are the build's own files, but nothing in them needs a DTD or an external entity.
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder();
    }

    private static int count(Element suite, String attribute) {
        try {
            return Integer.parseInt(suite.getAttribute(attribute).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}

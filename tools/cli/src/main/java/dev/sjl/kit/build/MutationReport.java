package dev.sjl.kit.build;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PIT's {@code target/pit-reports/mutations.xml}: how many planted bugs the lab's tests caught. The score is PIT's own,
 * detected mutants over all mutants, so a mutant no test even reaches counts against the lab.
 */
public record MutationReport(int total, int detected, List<String> survivors) {

    private static final Pattern THRESHOLD = Pattern.compile("<mutationThreshold>\\s*(\\d+)\\s*</mutationThreshold>");

    /**
     * The threshold every reference's score must reach: the one {@code <mutationThreshold>} in {@code solutions/pom.xml}
     * ({@code kit mutation} and {@code kit check} both read it there), or 0 when there is none.
     */
    public static int threshold(Path solutionsPom) throws IOException {
        if (Files.isRegularFile(solutionsPom)) {
            Matcher m = THRESHOLD.matcher(Files.readString(solutionsPom));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    /** Percent detected, rounded as PIT prints it. */
    public int score() {
        return total == 0 ? 0 : (int) Math.round(100.0 * detected / total);
    }

    public static MutationReport read(Path mutationsXml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList mutations = factory.newDocumentBuilder().parse(mutationsXml.toFile()).getElementsByTagName("mutation");
        int detected = 0;
        List<String> survivors = new ArrayList<>();
        for (int i = 0; i < mutations.getLength(); i++) {
            Element mutation = (Element) mutations.item(i);
            if (Boolean.parseBoolean(mutation.getAttribute("detected"))) {
                detected++;
            } else {
                String type = text(mutation, "mutatedClass");
                survivors.add(type.substring(type.lastIndexOf('.') + 1) + "." + text(mutation, "mutatedMethod") + ":"
                        + text(mutation, "lineNumber") + " " + text(mutation, "description") + " ("
                        + mutation.getAttribute("status") + ")");
            }
        }
        return new MutationReport(mutations.getLength(), detected, List.copyOf(survivors));
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "?" : nodes.item(0).getTextContent().strip();
    }
}

package dev.sjl.kit.lab;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The few facts the self-test reads from a {@code pom.xml}: its artifactId, modules and dependencies. */
public final class Poms {

    private Poms() {
    }

    /** The parsed POM, or empty when the file is missing or is not XML (the build reports that itself). */
    public static Optional<Element> read(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            return Optional.of(doc.getDocumentElement());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    public static Optional<String> artifactId(Path pom) {
        return read(pom).flatMap(project -> child(project, "artifactId")).map(Node::getTextContent).map(String::strip);
    }

    public static List<String> modules(Path pom) {
        return read(pom).map(project -> texts(project, "modules", "module")).orElse(List.of());
    }

    /** The artifactIds of the project's dependencies, then of its profiles' (in file order). */
    public static List<String> dependencyArtifactIds(Path pom) {
        return read(pom).map(project -> {
            List<String> ids = new ArrayList<>(texts(project, "dependencies", "dependency"));
            child(project, "profiles").ifPresent(profiles -> children(profiles, "profile")
                    .forEach(profile -> ids.addAll(texts(profile, "dependencies", "dependency"))));
            return ids;
        }).orElse(List.of());
    }

    /** Every {@code <artifactId>} in the file, profiles included: which artifacts a build file names at all. */
    public static List<String> artifactIdsAnywhere(Path pom) {
        return read(pom).map(project -> {
            List<String> ids = new ArrayList<>();
            NodeList all = project.getElementsByTagName("artifactId");
            for (int i = 0; i < all.getLength(); i++) {
                ids.add(all.item(i).getTextContent().strip());
            }
            return ids;
        }).orElse(List.of());
    }

    /** The text of each {@code <list><item>} directly under the project (for dependencies: their artifactId). */
    private static List<String> texts(Element project, String list, String item) {
        List<String> values = new ArrayList<>();
        child(project, list).ifPresent(container -> {
            for (Element element : children(container, item)) {
                Optional<Element> text = item.equals("dependency") ? child(element, "artifactId") : Optional.of(element);
                text.map(Node::getTextContent).map(String::strip).ifPresent(values::add);
            }
        });
        return values;
    }

    private static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    /** The elements named {@code name} directly under {@code parent}, in file order. */
    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    /**
     * Module folder (e.g. labs/03-jwt) by artifactId and by name (Maven's logs use both), for every pom.xml up to two
     * folders deep (the kit's layout). The root itself is ".".
     */
    public static Map<String, String> modulePaths(Path root) {
        Map<String, String> paths = new TreeMap<>();
        try (Stream<Path> poms = Files.find(root, 3, (path, attrs) -> path.getFileName().toString().equals("pom.xml")
                && !path.toString().contains("/target/") && !path.toString().contains("/node_modules/"))) {
            poms.forEach(pom -> read(pom).ifPresent(project -> {
                Path dir = root.relativize(pom.getParent());
                String path = dir.toString().isEmpty() ? "." : dir.toString();
                child(project, "name").map(Node::getTextContent).map(String::strip).ifPresent(name -> paths.put(name, path));
                child(project, "artifactId").map(Node::getTextContent).map(String::strip).ifPresent(id -> paths.put(id, path));
            }));
        } catch (IOException e) {
            // without the map, problems are named by artifactId: still readable
        }
        return paths;
    }
}

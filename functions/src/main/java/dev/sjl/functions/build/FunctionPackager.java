package dev.sjl.functions.build;

import dev.sjl.functions.FunctionCatalog;
import dev.sjl.functions.ServiceFunction;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one Lambda deployment package per function of {@link FunctionCatalog}: {@code <name>.zip} with its entry
 * class (when this module has one for it) at the root and the function's libraries under {@code lib/} (Lambda's Java zip layout). A package
 * holds what its catalog entry declares and nothing else of the runtime classpath:
 * <ul>
 *   <li>the declared {@code dev.sjl} modules and the {@code dev.sjl} modules they depend on (from their POMs), not
 *       the other labs';</li>
 *   <li>the declared AWS SDK service modules (a jar with classes under {@code software/amazon/awssdk/services/}), not
 *       the other services';</li>
 *   <li>one HTTP client, the URL-connection one: the services' default Apache and Netty clients stay out;</li>
 *   <li>every other library of the runtime classpath (the SDK's core, Jackson, the Lambda events, ...), except the
 *       SDK's core for a function that calls no service.</li>
 * </ul>
 * Entries carry a fixed time, so an unchanged function gives a byte-identical zip and CDK's asset hash (and so the
 * deployed version) does not move.
 *
 * <pre>java -cp ... FunctionPackager CLASSES_DIR RUNTIME_CLASSPATH_FILE OUT_DIR</pre>
 */
public final class FunctionPackager {

    /** HTTP clients besides the one the functions use, and what only they need. */
    static final Set<String> OTHER_HTTP_CLIENTS = Set.of("apache-client", "apache5-client", "httpclient5", "httpcore5", "httpcore5-h2", "netty-nio-client", "aws-crt-client",
            "httpclient", "httpcore", "commons-logging", "commons-codec");
    private static final String NETTY_GROUP_PATH = "/io/netty/";
    private static final FileTime FIXED_TIME = FileTime.fromMillis(315_532_800_000L); // 1980-01-01, zip's epoch
    private static final String TOOLING = "dev/sjl/functions/build/";

    /** One entry of the runtime classpath, and what it is. */
    public record Library(Path location, String artifactId, boolean sjl, boolean sdk, boolean sdkService,
                          List<String> sjlDependencies) {
    }

    private FunctionPackager() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: FunctionPackager CLASSES_DIR RUNTIME_CLASSPATH_FILE OUT_DIR");
        }
        Path classes = Path.of(args[0]);
        List<Library> libraries = libraries(Files.readString(Path.of(args[1])).trim());
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        for (ServiceFunction function : FunctionCatalog.ALL) {
            Path zip = out.resolve(function.name() + ".zip");
            List<Library> chosen = select(function, libraries);
            write(zip, classes, ownClasses(classes, function.handler()), chosen);
            System.out.printf(Locale.ROOT, "package %-22s %6.2f MB  %d libraries%n", function.name(),
                    Files.size(zip) / 1024.0 / 1024.0, chosen.size());
        }
    }

    /** The libraries of one function's package. */
    static List<Library> select(ServiceFunction function, List<Library> libraries) {
        Map<String, Library> sjl = new LinkedHashMap<>();
        libraries.stream().filter(Library::sjl).forEach(l -> sjl.put(l.artifactId(), l));
        Set<String> closure = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(function.modules());
        while (!todo.isEmpty()) {
            String artifact = todo.pop();
            Library library = sjl.get(artifact);
            if (library == null) {
                throw new IllegalStateException("function " + function.name() + " needs module " + artifact
                        + ", which is not on the functions module's runtime classpath");
            }
            if (closure.add(artifact)) {
                todo.addAll(library.sjlDependencies());
            }
        }
        for (String service : function.services()) {
            if (libraries.stream().noneMatch(l -> l.sdkService() && l.artifactId().equals(service))) {
                throw new IllegalStateException("function " + function.name() + " calls service " + service
                        + ", whose SDK module is not on the runtime classpath");
            }
        }
        List<Library> chosen = new ArrayList<>();
        for (Library library : libraries) {
            boolean keep;
            if (library.sjl()) {
                keep = closure.contains(library.artifactId());
            } else if (library.sdkService()) {
                keep = function.services().contains(library.artifactId());
            } else if (library.sdk() && function.services().isEmpty()) {
                // A function that calls no AWS service needs none of the SDK.
                keep = false;
            } else {
                keep = !OTHER_HTTP_CLIENTS.contains(library.artifactId())
                        && !library.location().toString().replace('\\', '/').contains(NETTY_GROUP_PATH);
            }
            if (keep) {
                chosen.add(library);
            }
        }
        return chosen;
    }

    /**
     * This module's classes the function runs: its entry class, if it is one of this module's, and the classes of this
     * module that entry class names, transitively. A function whose entry class is a lab's reference gets none, and
     * no function gets the catalogue or the other functions' entry classes.
     */
    static List<String> ownClasses(Path classes, Class<?> handler) throws IOException {
        String own = FunctionCatalog.class.getPackageName().replace('.', '/') + "/";
        Set<String> reached = new java.util.TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(handler.getName().replace('.', '/')));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            Path file = classes.resolve(name + ".class");
            if (!name.startsWith(own) || name.startsWith(TOOLING) || !Files.isRegularFile(file) || !reached.add(name)) {
                continue;
            }
            org.objectweb.asm.ClassReader reader = new org.objectweb.asm.ClassReader(Files.readAllBytes(file));
            char[] buffer = new char[reader.getMaxStringLength()];
            for (int i = 1; i < reader.getItemCount(); i++) {
                int offset = reader.getItem(i);
                // A CONSTANT_Class entry (tag 7): a class this one names.
                if (offset > 0 && reader.readByte(offset - 1) == 7) {
                    todo.add(reader.readUTF8(offset, buffer));
                }
            }
        }
        return reached.stream().map(n -> n + ".class").toList();
    }

    static void write(Path zip, Path classes, List<String> ownClasses, List<Library> libraries) throws IOException {
        Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            for (String name : ownClasses) {
                putEntry(out, name, Files.readAllBytes(classes.resolve(name)));
            }
            for (Library library : libraries) {
                if (Files.isDirectory(library.location())) {
                    // A sibling module of the reactor, not yet packaged: its classes, as the jar it will be.
                    putEntry(out, "lib/" + library.artifactId() + ".jar", storedJarOf(library.location()));
                } else {
                    putEntry(out, "lib/" + library.location().getFileName(), storedCopyOf(library.location()));
                }
            }
        }
        Files.move(tmp, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The jar with its entries stored, not deflated: the package then deflates the whole jar as one stream, which
     * finds the repetition between the SDK's many similar classes that per-class compression cannot (the S3 module:
     * 4.4 MB as published, 2.7 MB this way). Lambda unzips the package before the JVM starts, and the JVM reads a
     * stored entry without inflating it.
     */
    static byte[] storedCopyOf(Path jar) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarFile in = new JarFile(jar.toFile()); ZipOutputStream out = new ZipOutputStream(bytes)) {
            var entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory()) {
                    try (InputStream content = in.getInputStream(entry)) {
                        putStored(out, entry.getName(), content.readAllBytes());
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] storedJarOf(Path dir) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
            for (Path file : files) {
                putStored(jar, dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return bytes.toByteArray();
    }

    private static void putStored(ZipOutputStream out, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        entry.setLastModifiedTime(FIXED_TIME);
        out.putNextEntry(entry);
        out.write(content);
        out.closeEntry();
    }

    private static void putEntry(ZipOutputStream out, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(FIXED_TIME);
        out.putNextEntry(entry);
        out.write(content);
        out.closeEntry();
    }

    /** The runtime classpath, each entry identified (deploy's IAM check reads the modules the same way). */
    public static List<Library> libraries(String classpath) {
        List<Library> result = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                result.add(identify(Path.of(entry)));
            }
        }
        return result;
    }

    private static Library identify(Path location) {
        Document pom = pomOf(location);
        if (pom != null) {
            String group = groupOf(pom);
            String artifact = childText(pom.getDocumentElement(), "artifactId");
            boolean sjl = "dev.sjl".equals(group);
            return new Library(location, artifact, sjl, false, false, sjl ? sjlDependencies(pom) : List.of());
        }
        // A jar of the local repository: .../<group path>/<artifactId>/<version>/<artifactId>-<version>.jar
        String artifact = location.getParent().getParent().getFileName().toString();
        boolean sdk = location.toString().replace('\\', '/').contains("/software/amazon/awssdk/");
        return new Library(location, artifact, false, sdk, sdk && hasServiceClasses(location), List.of());
    }

    private static boolean hasServiceClasses(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().anyMatch(e -> e.getName().startsWith("software/amazon/awssdk/services/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dev.sjl module's POM: beside its target/classes, in the local repository beside its jar, or beside target/. */
    private static Document pomOf(Path location) {
        try {
            Path pom;
            if (Files.isDirectory(location)) {
                pom = location.getParent().getParent().resolve("pom.xml");
            } else if (location.getParent() != null && location.getParent().getFileName().toString().equals("target")) {
                pom = location.getParent().getParent().resolve("pom.xml");
            } else {
                String name = location.getFileName().toString();
                pom = location.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".pom");
                if (!location.toString().replace('\\', '/').contains("/dev/sjl/")) {
                    return null;
                }
            }
            if (!Files.isRegularFile(pom)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(pom)) {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                return factory.newDocumentBuilder().parse(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IllegalStateException("unreadable POM for " + location, e);
        }
    }

    private static String groupOf(Document pom) {
        String group = childText(pom.getDocumentElement(), "groupId");
        if (group == null) {
            Element parent = child(pom.getDocumentElement(), "parent");
            group = parent == null ? null : childText(parent, "groupId");
        }
        return group;
    }

    private static List<String> sjlDependencies(Document pom) {
        List<String> result = new ArrayList<>();
        Element deps = child(pom.getDocumentElement(), "dependencies");
        if (deps == null) {
            return result;
        }
        NodeList list = deps.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element dep = (Element) list.item(i);
            String scope = childText(dep, "scope");
            if ("dev.sjl".equals(childText(dep, "groupId")) && (scope == null || scope.equals("compile")
                    || scope.equals("runtime"))) {
                result.add(childText(dep, "artifactId"));
            }
        }
        return result;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

}

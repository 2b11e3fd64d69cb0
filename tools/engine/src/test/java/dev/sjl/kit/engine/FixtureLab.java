package dev.sjl.kit.engine;

import dev.sjl.kit.model.LabSources;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A lab tree made from src/test/resources/fixture, built as Maven builds a reference: its classes, its lab's test
 * classes, and the two classpath files (this module's test classpath stands in for a lab's).
 */
final class FixtureLab {

    static final String LAB = "99-fixture";

    private FixtureLab() {
    }

    static Path create(Path root) throws IOException {
        copyTree(resource("fixture"), root);
        Path module = root.resolve("solutions").resolve(LAB);
        Path target = module.resolve("target");
        List<Path> jars = LabClasspath.read(Path.of(System.getProperty("kit.engine.fixtureClasspath",
                "target/fixture-classpath.txt")));
        try (VariantCompiler javac = new VariantCompiler()) {
            Path classes = target.resolve("classes");
            check(javac.compile(LabSources.read(root, LAB).referenceWithoutMarkers(), jars, classes));
            List<Path> testPath = new ArrayList<>(jars);
            testPath.add(classes);
            check(javac.compile(sources(root.resolve("labs").resolve(LAB)), testPath, target.resolve("test-classes")));
        }
        String joined = jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Files.writeString(target.resolve(LabClasspath.COMPILE_FILE), joined);
        Files.writeString(target.resolve(LabClasspath.TEST_FILE), joined);
        return root;
    }

    private static void check(VariantCompiler.Result result) {
        if (!result.ok()) {
            throw new IllegalStateException("the fixture does not compile: " + result.errors());
        }
    }

    private static SortedMap<String, byte[]> sources(Path labDir) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(labDir.resolve("src/test/java"))) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(labDir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    static Path resource(String name) {
        try {
            return Path.of(FixtureLab.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.sjl.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The packages this build wrote (target/packages), and what a function's own runtime sees of one: its contents only. */
final class Packages {

    static final Path DIR = Path.of("target", "packages");

    private Packages() {
    }

    static Path zip(ServiceFunction function) {
        return DIR.resolve(function.name() + ".zip");
    }

    /** Unzips the package as Lambda does (into {@code /var/task}), here into {@code dir}. */
    static Path unzip(Path zip, Path dir) {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("entry outside the package: " + entry.getName());
                }
                if (!entry.isDirectory()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lambda's Java classpath over an unzipped package: the root, then every jar of {@code lib/}. */
    static List<Path> classpath(Path task) {
        List<Path> entries = new ArrayList<>(List.of(task));
        Path lib = task.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entries;
    }

    static URL[] urls(List<Path> classpath) {
        return classpath.stream().map(p -> {
            try {
                return p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(URL[]::new);
    }

    static byte[] read(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IllegalStateException(internalName + " is not in the package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

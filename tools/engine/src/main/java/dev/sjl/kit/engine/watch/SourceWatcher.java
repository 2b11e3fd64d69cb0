package dev.sjl.kit.engine.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches a lab's {@code src/main} and {@code src/test}, every folder below them (folders created later too), and
 * hands each relevant change to a {@link Debouncer} as a module-relative path ({@code src/main/java/dev/sjl/jwt/Tokens.java}).
 * Where the JDK's watch service is native (Linux, Windows) events arrive within milliseconds; where it only polls
 * (macOS, every few seconds), this watcher compares the files' times and sizes itself four times a second instead.
 */
public final class SourceWatcher implements AutoCloseable {

    static final List<String> FOLDERS = List.of("src/main", "src/test");
    private static final long POLL_MILLIS = 250;

    private final Path module;
    private final Debouncer debouncer;
    private final WatchService service;
    private final boolean polling;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    public SourceWatcher(Path module, Debouncer debouncer) {
        this.module = module;
        this.debouncer = debouncer;
        try {
            this.service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + module, e);
        }
        this.polling = service.getClass().getName().contains("Polling");
        if (!polling) {
            for (String folder : FOLDERS) {
                registerTree(module.resolve(folder));
            }
        }
        this.thread = new Thread(polling ? this::poll : this::listen, "kit-watch-sources");
        thread.setDaemon(true);
    }

    public SourceWatcher start() {
        thread.start();
        return this;
    }

    /**
     * Whether a file's change should start a run: a source or resource, not an editor's backup, swap or temporary file
     * (vim's {@code .Foo.java.swp} and {@code 4913}, emacs's {@code #Foo.java#} and {@code .#Foo.java}, {@code Foo.java~},
     * IntelliJ's {@code Foo.java___jb_tmp___}).
     */
    public static boolean relevant(String relativePath) {
        String path = relativePath.replace('\\', '/');
        if (FOLDERS.stream().noneMatch(folder -> path.startsWith(folder + "/"))) {
            return false;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.startsWith(".") || name.startsWith("#") || name.endsWith("~") || name.equals("4913")
                || lower.endsWith(".swp") || lower.endsWith(".swx") || lower.endsWith(".tmp") || lower.endsWith(".bak")
                || lower.contains("___jb_")) {
            return false;
        }
        boolean java = path.contains("/java/");
        return !java || name.endsWith(".java");
    }

    private void listen() {
        try {
            while (!closed) {
                WatchKey key = service.take();
                Path dir = keys.get(key);
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
                        // Events were lost: assume a source changed, so the next run sees whatever happened.
                        debouncer.changed("src/main", System.nanoTime());
                        continue;
                    }
                    Path changed = dir.resolve((Path) event.context());
                    if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                        registerTree(changed);
                        // Files written into it before it was registered: a folder pasted or checked out at once.
                        try (Stream<Path> files = Files.walk(changed)) {
                            files.filter(Files::isRegularFile).forEach(this::report);
                        } catch (IOException | UncheckedIOException e) {
                            debouncer.changed("src/main", System.nanoTime());
                        }
                    } else {
                        report(changed);
                    }
                }
                if (!key.reset()) {
                    keys.remove(key);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the watch is over
        }
    }

    private void poll() {
        Map<Path, String> before = snapshot();
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            Map<Path, String> now = snapshot();
            now.forEach((file, stamp) -> {
                if (!stamp.equals(before.get(file))) {
                    report(file);
                }
            });
            before.keySet().stream().filter(file -> !now.containsKey(file)).forEach(this::report);
            before.clear();
            before.putAll(now);
        }
    }

    private Map<Path, String> snapshot() {
        Map<Path, String> stamps = new HashMap<>();
        for (String folder : FOLDERS) {
            Path dir = module.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).forEach(file -> {
                    try {
                        stamps.put(file, Files.getLastModifiedTime(file) + "/" + Files.size(file));
                    } catch (IOException gone) {
                        // deleted while we looked: the next snapshot misses it, which reports it
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // a folder renamed away mid-walk: the next snapshot sees the new state
            }
        }
        return stamps;
    }

    private void report(Path file) {
        String relative = module.relativize(file).toString().replace('\\', '/');
        if (relevant(relative)) {
            debouncer.changed(relative, System.nanoTime());
        }
    }

    private void registerTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                keys.put(d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE), d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + dir, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            service.close();
        } catch (IOException ignored) {
            // the watch is over either way
        }
    }
}

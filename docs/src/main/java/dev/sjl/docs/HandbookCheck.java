package dev.sjl.docs;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built handbook, checked as a static folder: every in-page link ({@code #id}, which is every cross-chapter
 * link, since the handbook is one document) has its target, every local file it references exists, and nothing
 * is fetched from the network (no CDN stylesheet, script, font or image). Links to outside pages ({@code <a href>})
 * are allowed: following one is the reader's choice, not a load.
 *
 * <p>Arguments: the HTML file, the PDF, and {@code --pdf-skipped=true|false}. Prints where both are, which is what a
 * contributor needs after a build. When the PDF was skipped ({@code -Dhandbook.skipPdf}, as {@code kit check} builds),
 * the HTML's link to it is the one local file that may be missing.
 */
public final class HandbookCheck {

    // url(...) in CSS, quoted or not.
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)");
    // @import "x"; the @import url(x) form is already a url(...).
    private static final Pattern CSS_IMPORT = Pattern.compile("@import\\s+['\"]([^'\"]+)['\"]");
    // A commented-out @import (Asciidoctor comments out its web-font import when :webfonts!: is set) loads nothing.
    private static final Pattern CSS_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    // The page tree's dictionary and its page count, in either key order.
    private static final Pattern PDF_PAGE_TREE = Pattern.compile(
            "<<[^<>]*?/Type\\s*/Pages(?![a-zA-Z])[^<>]*?>>");
    private static final Pattern PDF_COUNT = Pattern.compile("/Count\\s+(\\d+)");

    private HandbookCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[2].matches("--pdf-skipped=(true|false)")) {
            throw new IllegalArgumentException("Usage: HandbookCheck <index.html> <handbook.pdf> --pdf-skipped=true|false");
        }
        Path html = Path.of(args[0]).toAbsolutePath().normalize();
        Path pdf = Path.of(args[1]).toAbsolutePath().normalize();
        boolean pdfSkipped = args[2].endsWith("true");
        List<String> problems = new ArrayList<>(check(html, pdfSkipped ? Set.of(pdf) : Set.of()));
        if (!pdfSkipped && (!Files.isRegularFile(pdf) || Files.size(pdf) == 0)) {
            problems.add("the PDF was not written: " + pdf);
        }
        if (!problems.isEmpty()) {
            throw HandbookException.of(problems);
        }
        Path folder = html.getParent();
        System.out.printf(Locale.ROOT, "Handbook (HTML): %s%n  a static folder of %d files, %.1f MB: publish %s as is%n",
                html.toUri(), fileCount(folder), folderSize(folder) / 1e6, folder);
        if (pdfSkipped) {
            System.out.println("Handbook (PDF):  not built (-Dhandbook.skipPdf=true); ./mvnw -pl docs -am package builds it");
        } else {
            System.out.printf(Locale.ROOT, "Handbook (PDF):  %s%n  %.1f MB, %d pages%n",
                    pdf, Files.size(pdf) / 1e6, pdfPages(pdf));
        }
    }

    /** Every problem of the built HTML and the local files it uses, one line each; empty when the folder is sound. */
    static List<String> check(Path html) {
        return check(html, Set.of());
    }

    /** As {@link #check(Path)}, with links to {@code notBuilt} (absolute paths) allowed to point at nothing. */
    static List<String> check(Path html, Set<Path> notBuilt) {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(html)) {
            return List.of("the HTML was not written: " + html);
        }
        Path folder = html.getParent();
        Document doc = parse(html, Parser.htmlParser());
        Set<String> ids = new HashSet<>();
        doc.select("[id]").forEach(e -> ids.add(e.id()));
        doc.select("a[name]").forEach(e -> ids.add(e.attr("name")));

        for (Element a : doc.select("a[href]")) {
            String href = a.attr("href");
            if (href.startsWith("#")) {
                String id = URLDecoder.decode(href.substring(1), StandardCharsets.UTF_8);
                if (!id.isEmpty() && !ids.contains(id)) {
                    problems.add("broken link \"" + a.text() + "\": no element has id " + id);
                }
            } else if (!SCHEME.matcher(href).find() && !href.startsWith("//")
                    && !notBuilt.contains(folder.resolve(strip(href)).toAbsolutePath().normalize())) {
                localFile(folder, href, "link \"" + a.text() + "\"", problems);
            }
        }
        for (Element e : doc.select("[src], link[href], object[data]")) {
            String ref = e.hasAttr("src") ? e.attr("src") : e.hasAttr("data") ? e.attr("data") : e.attr("href");
            resource(folder, ref, "<" + e.tagName() + "> " + ref, problems);
        }
        for (Element style : doc.select("style")) {
            css(folder, style.data(), "an inline <style>", problems);
        }
        for (Element styled : doc.select("[style]")) {
            css(folder, styled.attr("style"), "a style attribute", problems);
        }
        for (Element link : doc.select("link[rel=stylesheet][href]")) {
            Path sheet = folder.resolve(strip(link.attr("href"))).normalize();
            if (Files.isRegularFile(sheet)) {
                css(sheet.getParent(), read(sheet), folder.relativize(sheet).toString(), problems);
            }
        }
        for (Element img : doc.select("img[src$=.svg]")) {
            Path svg = folder.resolve(strip(img.attr("src"))).normalize();
            if (Files.isRegularFile(svg)) {
                svgResources(svg, problems);
            }
        }
        return problems;
    }

    private static void resource(Path base, String ref, String what, List<String> problems) {
        if (ref.startsWith("data:")) {
            return;
        }
        if (ref.startsWith("//") || SCHEME.matcher(ref).find()) {
            problems.add(what + " is loaded from the network; the handbook must work offline: ship it in the folder");
            return;
        }
        localFile(base, ref, what, problems);
    }

    private static void localFile(Path base, String ref, String what, List<String> problems) {
        String path = strip(ref);
        if (path.isEmpty()) {
            return;
        }
        Path file = base.resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
        if (!Files.exists(file)) {
            problems.add(what + " points at " + path + ", which is not in the handbook folder");
        }
    }

    private static void css(Path base, String stylesheet, String where, List<String> problems) {
        String css = CSS_COMMENT.matcher(stylesheet).replaceAll("");
        Matcher url = CSS_URL.matcher(css);
        while (url.find()) {
            resource(base, url.group(1).strip(), "url(" + url.group(1) + ") in " + where, problems);
        }
        Matcher imports = CSS_IMPORT.matcher(css);
        while (imports.find()) {
            resource(base, imports.group(1).strip(), "@import " + imports.group(1) + " in " + where, problems);
        }
    }

    // A PlantUML SVG embeds its icons as data: URIs; anything else would be a request made by the image.
    private static void svgResources(Path svg, List<String> problems) {
        Document doc = parse(svg, Parser.xmlParser());
        for (Element e : doc.select("[href], [xlink:href]")) {
            if (e.tagName().equals("a")) {
                continue;
            }
            String ref = e.hasAttr("href") ? e.attr("href") : e.attr("xlink:href");
            resource(svg.getParent(), ref, "<" + e.tagName() + "> " + ref + " in " + svg.getFileName(), problems);
        }
        css(svg.getParent(), doc.select("style").html(), svg.getFileName().toString(), problems);
    }

    /** A reference without its query and fragment: {@code ../fonts/x.woff2?v=4.7.0} is the file {@code ../fonts/x.woff2}. */
    static String strip(String ref) {
        int cut = ref.length();
        for (char c : new char[] {'?', '#'}) {
            int i = ref.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return ref.substring(0, cut);
    }

    /**
     * The page count of the root of the page tree. Prawn writes it uncompressed, so no PDF library is needed;
     * counting page objects would not do, because a page Asciidoctor PDF removes stays in the file unreferenced.
     */
    static long pdfPages(Path pdf) throws IOException {
        String raw = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
        return PDF_PAGE_TREE.matcher(raw).results()
                .map(tree -> PDF_COUNT.matcher(tree.group()))
                .filter(Matcher::find)
                .mapToLong(count -> Long.parseLong(count.group(1)))
                .max().orElse(0);
    }

    private static Document parse(Path file, Parser parser) {
        return Jsoup.parse(read(file), file.toUri().toString(), parser);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static long fileCount(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static long folderSize(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

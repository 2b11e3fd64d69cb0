package dev.sjl.docs;

import dev.sjl.docs.CodeTables.Table;
import dev.sjl.docs.LabCatalog.Lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The AsciiDoc the generator writes, as pure functions of what it found, so each piece is tested without a build.
 * Paths in includes are written with the handbook's attributes ({@code {generated}}, {@code {docdir}},
 * {@code {diagrams}}): the generated files read the same on every machine.
 */
final class Chapters {

    private Chapters() {
    }

    /** One generated table, titled with the class it comes from. */
    static String table(Table table) {
        StringBuilder out = new StringBuilder();
        out.append('.').append(table.spec().title()).append(": ").append(Asciidoc.code(table.owner().getSimpleName()))
                .append('\n');
        String cols = table.spec().cols();
        boolean widthsFit = !cols.isEmpty() && cols.split(",").length == table.headers().size();
        out.append("[%header").append(widthsFit ? ",cols=\"" + cols + "\"" : "").append("]\n|===\n");
        out.append(table.headers().stream().map(h -> Asciidoc.cell(Asciidoc.literal(h)))
                .collect(Collectors.joining(" "))).append("\n");
        for (List<String> row : table.rows()) {
            out.append('\n');
            for (int i = 0; i < row.size(); i++) {
                String value = table.codeColumns().get(i) ? Asciidoc.code(row.get(i)) : Asciidoc.literal(row.get(i));
                out.append(Asciidoc.cell(value)).append('\n');
            }
        }
        out.append("|===\n\n");
        out.append("[.generated-from]#Generated at build time from ")
                .append(Asciidoc.code(table.owner().getName() + "." + table.spec().member()
                        + (table.spec().method() ? "()" : "")))
                .append(".#\n");
        return out.toString();
    }

    /** All tables of one spec for one lab, e.g. every {@code ENVIRONMENT} of lab 03. */
    static String tables(List<Table> tables) {
        return tables.stream().map(Chapters::table).collect(Collectors.joining("\n"));
    }

    /**
     * A lab's chapter: what the lab is, its revision guide, the tables generated from its reference, its diagram,
     * then its interview guide. A part that does not exist yet is a visible note while labs are being written;
     * the caller refuses missing parts when the handbook must be complete.
     *
     * @param revision       the revision guide's text, if the file exists
     * @param tableKeys      the generated tables of this lab, by spec key, in spec order
     * @param interviewLevel the level of the first heading of {@code generated/labs/NN/interview.adoc}, as its
     *                       renderer wrote it; empty when the lab has no question bank yet
     */
    static String labChapter(Lab lab, Optional<String> revision, List<String> tableKeys,
                             Optional<Integer> interviewLevel, boolean hasDiagram) {
        StringBuilder out = new StringBuilder();
        out.append("[[").append(lab.anchor()).append("]]\n");
        out.append("== Lab ").append(lab.number()).append(" · ").append(Asciidoc.inline(lab.title())).append("\n\n");

        List<String> facts = new ArrayList<>();
        lab.minutes().ifPresent(m -> facts.add("*Time:* " + m + " min"));
        facts.add("*Run:* " + Asciidoc.code("./mvnw test -pl labs/" + lab.id()));
        facts.add("*Hints:* " + Asciidoc.code("./kit hint " + lab.number()));
        facts.add("*Reference:* " + Asciidoc.code("solutions/" + lab.id()));
        out.append(String.join(" · ", facts)).append("\n\n");
        if (!lab.tasks().isEmpty()) {
            out.append(".The tasks (from ").append(Asciidoc.code("labs/" + lab.id() + "/README.md")).append(")\n");
            lab.tasks().forEach(t -> out.append(". ").append(Asciidoc.inline(t)).append('\n'));
            out.append('\n');
        }

        String revisionText = revision.orElse("");
        if (revision.isPresent()) {
            out.append(Headings.includeAt("{docdir}/labs/" + lab.id() + "/revision.adoc", revisionText, 2,
                    "Revision guide")).append('\n');
        } else {
            out.append("=== Revision guide\n\n");
            out.append(missing("The revision guide", "docs/src/docs/asciidoc/labs/" + lab.id() + "/revision.adoc"));
        }

        if (hasDiagram && !revisionText.contains(lab.id() + ".puml")) {
            out.append("=== The lab in one picture\n\n");
            out.append("plantuml::{diagrams}/").append(lab.id()).append(".puml[target=diagram-").append(lab.id())
                    .append("]\n\n");
        }

        // Tables the revision guide already places itself are not repeated.
        List<String> remaining = tableKeys.stream()
                .filter(key -> !revisionText.contains("{generated}/labs/" + lab.id() + "/" + key + ".adoc"))
                .toList();
        if (!remaining.isEmpty()) {
            out.append("[[").append(lab.anchor()).append("-tables]]\n");
            out.append("=== The reference in tables\n\n");
            out.append("Read from the compiled reference, ").append(Asciidoc.code("solutions/" + lab.id()))
                    .append(", when the handbook is built: they change when the code does.\n\n");
            for (String key : remaining) {
                out.append("include::{generated}/labs/").append(lab.id()).append('/').append(key).append(".adoc[]\n\n");
            }
        }

        if (interviewLevel.isPresent()) {
            // The guide's own top heading lands at level 2, a section of this chapter.
            int offset = 2 - interviewLevel.get();
            out.append("include::{generated}/labs/").append(lab.id()).append("/interview.adoc")
                    .append(offset == 0 ? "[]" : "[leveloffset=" + (offset > 0 ? "+" : "") + offset + "]")
                    .append("\n");
        } else {
            out.append("=== Interview guide\n\n");
            out.append(missing("The question bank", "docs/src/questions/" + lab.id() + ".yml"));
        }
        return out.toString();
    }

    private static String missing(String what, String path) {
        return "NOTE: " + what + " for this lab is being written: " + Asciidoc.code(path) + ".\n\n";
    }

    /** Part II of the handbook: one include per lab chapter. */
    static String labs(List<Lab> labs) {
        return labs.stream().map(l -> "include::{generated}/labs/" + l.id() + "/chapter.adoc[]\n")
                .collect(Collectors.joining("\n"));
    }

    /** The learning path's table: the labs of this edition, with time and tasks from their READMEs. */
    static String learningPath(List<Lab> labs) {
        StringBuilder out = new StringBuilder();
        out.append("[%header,cols=\"1,4,1,6\"]\n|===\n|Lab |Topic |Time |Tasks\n");
        for (Lab lab : labs) {
            out.append("\n|<<").append(lab.anchor()).append(',').append(lab.number()).append(">>\n");
            out.append('|').append(Asciidoc.inline(lab.title()).replace("|", "\\|")).append('\n');
            out.append('|').append(lab.minutes().isPresent() ? lab.minutes().getAsInt() + " min" : "—").append('\n');
            out.append('|').append(lab.tasks().isEmpty() ? "—"
                    : lab.tasks().stream().map(Asciidoc::inline).collect(Collectors.joining("; ")).replace("|", "\\|"))
                    .append('\n');
        }
        return out.append("|===\n").toString();
    }

    /** Every route of every lab in one table, for the architecture chapter. */
    static String allRoutes(Map<String, List<Table>> tablesByLab) {
        List<Table> routeTables = tablesByLab.values().stream().flatMap(List::stream)
                .filter(t -> t.spec().key().equals("routes")).toList();
        if (routeTables.isEmpty()) {
            return "NOTE: No reference declares `routeTable()` yet; each lab's HTTP routes appear here as soon as "
                    + "its handler does.\n";
        }
        StringBuilder out = new StringBuilder();
        out.append(".Routes served by the references, read from their `routeTable()`\n");
        out.append("[%header,cols=\"1,1,3,2,3\"]\n|===\n|Lab |Method |Path |Access |Handler\n");
        for (Table table : routeTables) {
            int method = table.headers().indexOf("Method");
            int path = table.headers().indexOf("Path");
            int access = table.headers().indexOf("Access");
            for (List<String> row : table.rows()) {
                out.append("\n|<<lab-").append(table.lab()).append(',').append(table.lab(), 0, 2).append(">>\n");
                out.append(Asciidoc.cell(Asciidoc.code(method < 0 ? "?" : row.get(method)))).append('\n');
                out.append(Asciidoc.cell(Asciidoc.code(path < 0 ? "?" : row.get(path)))).append('\n');
                out.append(Asciidoc.cell(Asciidoc.literal(access < 0 ? "—" : row.get(access)))).append('\n');
                out.append(Asciidoc.cell(Asciidoc.code(table.owner().getSimpleName()))).append('\n');
            }
        }
        return out.append("|===\n").toString();
    }

    /**
     * Part III: every checklist, each a chapter. The kit's four come first in working order, then the labs' own
     * checklists by name.
     *
     * @param checklists file name to content, in the order to include them
     */
    static String checklists(Map<String, String> checklists) {
        StringBuilder out = new StringBuilder();
        checklists.forEach((file, text) -> {
            String name = file.replaceFirst("\\.adoc$", "");
            out.append("[[checklist-").append(Asciidoc.id(name)).append("]]\n");
            out.append(Headings.includeAt("{checklists}/" + file, text, 1,
                    Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('-', ' ') + " checklist"));
            out.append('\n');
        });
        return out.toString();
    }
}

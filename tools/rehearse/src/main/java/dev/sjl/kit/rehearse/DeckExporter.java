package dev.sjl.kit.rehearse;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes cards as a deck: Anki's tab-separated import format with file headers, or a plain CSV. Cards are sorted
 * by {@link Card#EXPORT_ORDER}, so exporting twice gives the same bytes and a re-export diffs by question.
 */
final class DeckExporter {

    static final String DECK = "Serverless Java Labs";

    // Quote only where the format needs it (a separator, a quote, a line break): unquoted fields read better in a diff.
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private DeckExporter() {
    }

    /**
     * Anki's text import: {@code guid, Front, Back, Tags}. The guid (the card id) makes a re-import update the
     * notes it created instead of adding duplicates; the fields are HTML.
     */
    static void ankiTsv(List<Card> cards, Writer out) throws IOException {
        out.write("#separator:tab\n");
        out.write("#html:true\n");
        out.write("#tags column:4\n");
        out.write("#guid column:1\n");
        out.write("#notetype:Basic\n");
        out.write("#deck:" + DECK + "\n");
        out.write("#columns:guid\tFront\tBack\tTags\n");
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator('\t').withLineSeparator("\n");
        try (SequenceWriter rows = CSV.writer(schema).writeValues(out)) {
            for (Card card : sorted(cards)) {
                rows.write(new String[] {"sjl:" + card.id(), InlineText.html(card.prompt()), back(card), tags(card)});
            }
        }
    }

    /** Plain text, one row per card, multi-valued columns one item per line. */
    static void csv(List<Card> cards, Writer out) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withLineSeparator("\n");
        try (SequenceWriter rows = CSV.writer(schema).writeValues(out)) {
            rows.write(new String[] {"id", "lab", "kind", "difficulty", "topics", "question", "answer", "points",
                    "follow_ups", "code"});
            for (Card card : sorted(cards)) {
                rows.write(new String[] {
                        card.id(), card.lab(), card.kind().name().toLowerCase(Locale.ROOT),
                        card.difficulty().map(Difficulty::label).orElse(""),
                        String.join(" ", card.topics()), card.prompt(), card.answer(),
                        String.join("\n", card.points()), String.join("\n", card.followUps()),
                        card.code().map(c -> c.file() + "#" + c.tag()).orElse("")});
            }
        }
    }

    private static List<Card> sorted(List<Card> cards) {
        List<Card> sorted = new ArrayList<>(cards);
        sorted.sort(Card.EXPORT_ORDER);
        return sorted;
    }

    private static String back(Card card) {
        StringBuilder html = new StringBuilder();
        if (!card.answer().isBlank()) {
            html.append(InlineText.htmlBlock(card.answer()));
        }
        String list = card.kind() == Card.Kind.DRILL ? "ol" : "ul";
        html.append("<p><b>").append(card.pointsHeading()).append("</b></p>").append(items(list, card.points()));
        if (!card.followUps().isEmpty()) {
            html.append("<p><b>Follow-ups</b></p>").append(items("ul", card.followUps()));
        }
        card.code().ifPresent(c -> html.append("<p><small>Code: <code>").append(InlineText.escapeHtml(c.file()))
                .append("</code>, tag <code>").append(InlineText.escapeHtml(c.tag())).append("</code></small></p>"));
        return html.toString();
    }

    private static String items(String list, List<String> items) {
        return items.stream().map(i -> "<li>" + InlineText.html(i) + "</li>")
                .collect(Collectors.joining("", "<" + list + ">", "</" + list + ">"));
    }

    /** Anki tags: no spaces inside a tag, {@code ::} nests them under one "sjl" tree in Anki's browser. */
    private static String tags(Card card) {
        List<String> tags = new ArrayList<>();
        tags.add("sjl::lab::" + card.lab());
        if (card.kind() == Card.Kind.DRILL) {
            card.topics().forEach(kind -> tags.add("sjl::drill::" + kind));
        } else {
            card.difficulty().ifPresent(d -> tags.add("sjl::difficulty::" + d.label()));
            card.topics().forEach(t -> tags.add("sjl::topic::" + t));
        }
        return String.join(" ", tags);
    }
}

package dev.sjl.kit.rehearse;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code kit rehearse} shows and {@code kit cards} exports: a bank question or a drill, in one shape.
 *
 * @param pointsHeading "Key points" for a question, "Expected steps" for a drill
 * @param topics        a question's topics; for a drill, its kind ({@code walk}, {@code architecture}, {@code config})
 * @param answer        the model answer; empty for a drill, whose steps are the answer
 */
record Card(String id, String lab, String labTitle, Kind kind, Optional<Difficulty> difficulty, List<String> topics,
            String prompt, String answer, String pointsHeading, List<String> points, List<String> followUps,
            Optional<CodeRef> code) {

    enum Kind { QUESTION, DRILL }

    /** Lab, then questions before drills, easy before hard, then id: stable however the YAML is reordered. */
    static final Comparator<Card> EXPORT_ORDER = Comparator.comparing(Card::lab)
            .thenComparing(Card::kind)
            .thenComparing(c -> c.difficulty().map(Enum::ordinal).orElse(Integer.MAX_VALUE))
            .thenComparing(Card::id);

    static Card of(QuestionBank bank, Question q) {
        return new Card(q.id(), bank.lab(), bank.title(), Kind.QUESTION, Optional.of(q.difficulty()), q.topics(),
                q.question(), q.answer(), "Key points", q.keyPoints(), q.followUps(), q.code());
    }

    static Card of(Drill drill, String labTitle) {
        return new Card(drill.id(), drill.lab(), labTitle, Kind.DRILL, Optional.empty(),
                List.of(drill.kind().name().toLowerCase(Locale.ROOT)), drill.prompt(), "",
                "Expected steps", drill.expectedSteps(), List.of(), Optional.empty());
    }

    /** "03 · JWT", or the lab's folder name when no bank gives it a title. */
    String labLabel() {
        return labTitle.equals(lab) ? lab : lab.substring(0, 2) + " · " + labTitle;
    }
}

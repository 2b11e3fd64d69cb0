package dev.sjl.kit.rehearse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.JacksonYAMLParseException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the YAML banks strictly. Binding goes through raw records whose fields are all optional, so that every
 * missing or malformed value becomes one readable problem instead of Jackson's first exception.
 */
final class BankReader {

    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern LAB = Pattern.compile("\\d\\d-[a-z0-9]+(-[a-z0-9]+)*");

    // Duplicate keys would otherwise be last-one-wins: a second `answer:` silently replacing the first.
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    // Plain classes, not records: Jackson binds records through their constructor after buffering the whole
    // object, and then reports an unknown field at the object's end instead of at its own line.
    static final class RawBank {
        public String lab;
        public String title;
        public List<RawQuestion> questions;
    }

    static final class RawQuestion {
        public String id;
        public String difficulty;
        public List<String> topics;
        public String question;
        public String answer;
        public List<String> keyPoints;
        public List<String> followUps;
        public RawCode code;
    }

    static final class RawCode {
        public String file;
        public String tag;
    }

    private final Path root;

    BankReader(Path repoRoot) {
        this.root = repoRoot.toAbsolutePath().normalize();
    }

    List<QuestionBank> readAll() {
        Path dir = root.resolve(QuestionBank.DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".yml"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        List<String> problems = new ArrayList<>();
        List<QuestionBank> banks = new ArrayList<>();
        Map<String, String> firstSeenIn = new HashMap<>();
        for (Path file : files) {
            Optional<QuestionBank> bank = read(file, problems);
            bank.ifPresent(b -> {
                for (int i = 0; i < b.questions().size(); i++) {
                    String id = b.questions().get(i).id();
                    String previous = firstSeenIn.putIfAbsent(id, relative(file));
                    if (previous != null && !previous.equals(relative(file))) {
                        problems.add(where(file, i, id) + "duplicate id: " + previous + " already uses it "
                                + "(ids must be unique across all banks, progress is keyed by them)");
                    }
                }
                banks.add(b);
            });
        }
        if (!problems.isEmpty()) {
            throw new QuestionBankException(problems);
        }
        return List.copyOf(banks);
    }

    private Optional<QuestionBank> read(Path file, List<String> problems) {
        RawBank raw;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                problems.add(relative(file) + ": the file is empty; expected lab, title and questions");
                return Optional.empty();
            }
            raw = YAML.readValue(text, RawBank.class);
        } catch (JsonMappingException e) {
            problems.add(describeBindingError(file, e));
            return Optional.empty();
        } catch (JsonProcessingException e) {
            problems.add(relative(file) + lineOf(e) + ": not valid YAML: "
                    + e.getOriginalMessage().split("\\R", 2)[0]);
            return Optional.empty();
        } catch (IOException e) {
            problems.add(relative(file) + ": cannot be read: " + e.getMessage());
            return Optional.empty();
        }
        if (raw == null) {
            problems.add(relative(file) + ": the file is empty; expected lab, title and questions");
            return Optional.empty();
        }
        int before = problems.size();
        String stem = file.getFileName().toString().replaceFirst("\\.yml$", "");
        if (!LAB.matcher(stem).matches()) {
            problems.add(relative(file) + ": the file name must be the lab's folder name, like 03-jwt.yml");
        }
        if (blank(raw.lab)) {
            problems.add(relative(file) + ": missing lab (the lab's folder name, here " + stem + ")");
        } else if (!raw.lab.equals(stem)) {
            problems.add(relative(file) + ": lab is '" + raw.lab + "' but the file is named for " + stem
                    + " (they must match)");
        }
        if (blank(raw.title)) {
            problems.add(relative(file) + ": missing title (a short topic title, e.g. JWT)");
        }
        List<RawQuestion> rawQuestions = raw.questions == null ? List.of() : raw.questions;
        if (rawQuestions.size() < QuestionBank.MIN_QUESTIONS) {
            problems.add(relative(file) + ": has " + rawQuestions.size() + " question"
                    + (rawQuestions.size() == 1 ? "" : "s") + ", at least " + QuestionBank.MIN_QUESTIONS
                    + " are needed");
        }
        List<Question> questions = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rawQuestions.size(); i++) {
            RawQuestion q = rawQuestions.get(i);
            if (q == null) {
                problems.add(where(file, i, null) + "empty entry");
                continue;
            }
            if (q.id != null) {
                Integer earlier = seen.putIfAbsent(q.id, i);
                if (earlier != null) {
                    problems.add(where(file, i, q.id) + "duplicate id: question " + (earlier + 1)
                            + " already uses it");
                }
            }
            validate(file, i, q, problems).ifPresent(questions::add);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new QuestionBank(raw.lab, raw.title.strip(), questions, file));
    }

    private Optional<Question> validate(Path file, int index, RawQuestion q, List<String> problems) {
        String at = where(file, index, q.id);
        int before = problems.size();
        if (blank(q.id)) {
            problems.add(at + "missing id (kebab-case, stable: progress is keyed by it)");
        } else if (!KEBAB.matcher(q.id).matches()) {
            problems.add(at + "id '" + q.id + "' is not kebab-case (lower-case letters, digits and dashes)");
        }
        Optional<Difficulty> difficulty = Optional.empty();
        if (blank(q.difficulty)) {
            problems.add(at + "missing difficulty (easy | medium | hard)");
        } else {
            difficulty = Difficulty.fromLabel(q.difficulty);
            if (difficulty.isEmpty()) {
                problems.add(at + "difficulty '" + q.difficulty + "' is not one of easy | medium | hard");
            }
        }
        if (q.topics == null || q.topics.isEmpty()) {
            problems.add(at + "missing topics (at least one, e.g. [jwt, security])");
        } else {
            for (String topic : q.topics) {
                if (topic == null || !KEBAB.matcher(topic).matches()) {
                    problems.add(at + "topic '" + topic + "' is not kebab-case (it becomes a tag: no spaces)");
                }
            }
        }
        if (blank(q.question)) {
            problems.add(at + "missing question");
        }
        if (blank(q.answer)) {
            problems.add(at + "missing answer");
        }
        if (q.keyPoints == null || q.keyPoints.isEmpty()) {
            problems.add(at + "missing keyPoints (what an interviewer listens for, at least one)");
        } else if (q.keyPoints.stream().anyMatch(BankReader::blank)) {
            problems.add(at + "keyPoints has an empty item");
        }
        if (q.followUps != null && q.followUps.stream().anyMatch(BankReader::blank)) {
            problems.add(at + "followUps has an empty item");
        }
        Optional<CodeRef> code = Optional.empty();
        if (q.code != null) {
            code = checkCode(at, q.code, problems);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Question(q.id, difficulty.orElseThrow(), q.topics, q.question.strip(),
                q.answer.strip(), strip(q.keyPoints), strip(q.followUps == null ? List.of() : q.followUps),
                code));
    }

    private Optional<CodeRef> checkCode(String at, RawCode code, List<String> problems) {
        if (blank(code.file)) {
            problems.add(at + "code has no file (a path from the repository root)");
            return Optional.empty();
        }
        if (blank(code.tag)) {
            problems.add(at + "code has no tag (the handbook includes code by tag, never whole files)");
            return Optional.empty();
        }
        Path target = root.resolve(code.file).normalize();
        if (Path.of(code.file).isAbsolute() || !target.startsWith(root)) {
            problems.add(at + "code.file " + code.file + " must be a path inside the repository");
            return Optional.empty();
        }
        if (!Files.isRegularFile(target)) {
            problems.add(at + "code.file " + code.file + " does not exist");
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(target, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(at + "code.file " + code.file + " cannot be read: " + e.getMessage());
            return Optional.empty();
        }
        boolean opens = text.contains("tag::" + code.tag + "[]");
        boolean closes = text.contains("end::" + code.tag + "[]");
        if (!opens) {
            problems.add(at + "code.tag " + code.tag + " is not in " + code.file + " (expected a line with tag::"
                    + code.tag + "[])");
            return Optional.empty();
        }
        if (!closes) {
            problems.add(at + "code.tag " + code.tag + " is opened but never closed in " + code.file
                    + " (expected end::" + code.tag + "[])");
            return Optional.empty();
        }
        return Optional.of(new CodeRef(code.file, code.tag));
    }

    /** Turns Jackson's binding error into "file: question 4 (id x), line 12: what is wrong". */
    private String describeBindingError(Path file, JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        String entry;
        boolean inQuestion = path.size() >= 2 && "questions".equals(path.get(0).getFieldName())
                && path.get(1).getIndex() >= 0;
        if (inQuestion) {
            int index = path.get(1).getIndex();
            entry = entry(file, index, idAt(file, index));
        } else {
            entry = relative(file);
        }
        entry += lineOf(e);
        // A syntax error met while binding a value arrives wrapped in a mapping error: report it as what it is.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonYAMLParseException syntax) {
                return entry + ": not valid YAML: " + syntax.getOriginalMessage().split("\\R", 2)[0];
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            TreeSet<String> known = unknown.getKnownPropertyIds().stream().map(Object::toString)
                    .collect(Collectors.toCollection(TreeSet::new));
            return entry + ": unknown field '" + unknown.getPropertyName() + "' (allowed here: "
                    + String.join(", ", known) + ")";
        }
        // Inside a question the entry is already named: the path starts after questions[i].
        List<JsonMappingException.Reference> inner = inQuestion ? path.subList(2, path.size()) : path;
        String field = inner.stream()
                .map(r -> r.getFieldName() != null ? " " + r.getFieldName() : " item " + (r.getIndex() + 1))
                .collect(Collectors.joining()).strip();
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() == String.class
                && e.getOriginalMessage().contains("from Object value")) {
            return entry + ": " + field + " should be text but YAML read a key: value pair; an unquoted ': ' does "
                    + "that, so put the text in quotes";
        }
        // Jackson's own message names Java types; keep its first sentence, which says what was expected.
        String why = e.getOriginalMessage().split("\\R", 2)[0].replaceAll("\\s*\\(for Object starting at.*", "");
        return entry + ": " + (field.isEmpty() ? "" : field + " has the wrong shape: ") + why;
    }

    private static String lineOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr();
    }

    /** The id of the n-th question, read leniently, to name the entry in an error message. */
    private static String idAt(Path file, int index) {
        try {
            JsonNode id = YAML.readTree(file.toFile()).path("questions").path(index).path("id");
            return id.isTextual() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String where(Path file, int index, String id) {
        return entry(file, index, id) + ": ";
    }

    private String entry(Path file, int index, String id) {
        return relative(file) + ": question " + (index + 1) + (blank(id) ? "" : " (id " + id + ")");
    }

    private String relative(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return (absolute.startsWith(root) ? root.relativize(absolute) : absolute).toString().replace('\\', '/');
    }

    private static List<String> strip(List<String> items) {
        return items.stream().map(String::strip).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

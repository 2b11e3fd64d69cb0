package dev.sjl.kit.check;

/** One broken promise: which lab, which rule, and a sentence that names the test or file to fix. */
public record Finding(String lab, Rule rule, String message) {

    @Override
    public String toString() {
        return lab + ": " + message;
    }
}

package dev.sjl.kit.model;

/** A task marker out of place in a reference source: the message names the file and the line. */
public final class MarkerException extends RuntimeException {

    public MarkerException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}

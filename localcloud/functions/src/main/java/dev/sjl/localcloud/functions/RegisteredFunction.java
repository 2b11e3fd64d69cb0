package dev.sjl.localcloud.functions;

import java.time.Duration;
import java.time.Instant;

/** A function's configuration, what {@code GetFunction} and {@code ListFunctions} describe. */
public record RegisteredFunction(String name, String arn, String handler, Duration timeout, int memoryMb,
                                 Instant lastModified) {
}

package dev.sjl.localcloud.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One fake service: handles the operations behind its {@code X-Amz-Target} prefix. */
interface AwsJsonService {
    /** The part of {@code X-Amz-Target} before the dot, e.g. {@code AmazonSSM}. */
    String targetPrefix();

    /** Answers one operation; unknown operations throw {@link AwsJsonException}. */
    ObjectNode handle(String operation, JsonNode request);
}

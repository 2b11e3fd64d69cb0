package dev.sjl.localcloud;

import com.amazonaws.services.lambda.runtime.events.S3Event;

/**
 * Receives S3 notifications, like a Lambda function subscribed to a bucket. Adapt a Lambda handler with
 * {@code event -> handler.handleRequest(event, context)}.
 */
@FunctionalInterface
public interface S3EventHandler {
    void handle(S3Event event) throws Exception;
}

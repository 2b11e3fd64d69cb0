package dev.sjl.localcloud;

import dev.sjl.localcloud.functions.FunctionRegistry;

/**
 * Where AWS services push events by ARN — an S3 notification's or an EventBridge rule's destination: a function
 * (an asynchronous invocation, retried by Lambda), an SQS queue (SendMessage), an SNS topic (Publish). Each goes
 * through the same client or registry a test uses, so it lands where the test looks.
 */
final class Destinations {
    private final AwsClients clients;
    private final FunctionRegistry functions;

    Destinations(AwsClients clients, FunctionRegistry functions) {
        this.clients = clients;
        this.functions = functions;
    }

    /** Whether {@code arn} names a registered function, an existing queue or an existing topic. */
    boolean exists(String arn) {
        try {
            if (arn.startsWith("arn:aws:lambda:")) {
                return functions.find(arn).isPresent();
            }
            if (arn.startsWith("arn:aws:sqs:")) {
                String queue = arn.substring(arn.lastIndexOf(':') + 1);
                clients.sqs().getQueueUrl(b -> b.queueName(queue));
                return true;
            }
            if (arn.startsWith("arn:aws:sns:")) {
                clients.sns().getTopicAttributes(b -> b.topicArn(arn));
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            // not found, or its service is not running here: either way S3 could not validate it
            return false;
        }
    }

    /** Sends {@code message} to {@code arn}; {@code snsSubject} is the Subject of an SNS publish (may be null). */
    void send(String arn, String message, String snsSubject) {
        if (arn.startsWith("arn:aws:lambda:")) {
            functions.invokeAsync(arn, message);
        } else if (arn.startsWith("arn:aws:sqs:")) {
            String queue = arn.substring(arn.lastIndexOf(':') + 1);
            String url = clients.sqs().getQueueUrl(b -> b.queueName(queue)).queueUrl();
            clients.sqs().sendMessage(b -> b.queueUrl(url).messageBody(message));
        } else if (arn.startsWith("arn:aws:sns:")) {
            clients.sns().publish(b -> b.topicArn(arn).message(message).subject(snsSubject));
        } else {
            throw new IllegalArgumentException("The local cloud delivers to functions, queues and topics, not " + arn);
        }
    }
}

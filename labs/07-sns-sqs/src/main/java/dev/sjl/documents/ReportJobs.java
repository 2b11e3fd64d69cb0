package dev.sjl.documents;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A report takes minutes; an API call gets 29 seconds and a user wants an answer in one. So the request only queues
 * the job and answers with its id (HTTP 202); a worker on the queue builds the report. The job id is the idempotency
 * key the worker uses, exactly as the notification workers use the event id.
 */
public final class ReportJobs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    public ReportJobs(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    // tag::queue-report[]
    /**
     * Queues a report of {@code userId}'s documents.
     *
     * @return the job's id, to answer with and to poll
     * @throws IllegalArgumentException for a blank user id (the caller answers 400)
     */
    public String submit(String userId) {
        // TODO: refuse a blank userId (IllegalArgumentException); make a random job id; send one message with
        //  {"jobId","userId","requestedAt"} and return the id at once. The report is built by the queue's worker,
        //  never inside this call.
        throw new UnsupportedOperationException("Task 5: queue the report job");
    }
    // end::queue-report[]
}

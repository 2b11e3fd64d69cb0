package dev.sjl.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.QueueMessage;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

@Tag("task:5")
@LocalCloudTest(services = Service.SQS)
class ReportJobsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("Queues a report job and answers with its id at once; each request is a job of its own")
    void queuesTheJob(LocalCloud cloud, SqsClient sqs, TestResources resources) throws Exception {
        String url = sqs.createQueue(b -> b.queueName(resources.name("reports"))).queueUrl();
        ReportJobs jobs = new ReportJobs(sqs, url, Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC));

        String first = jobs.submit("user-1");
        String second = jobs.submit("user-1");

        List<QueueMessage> queued = cloud.peekQueue(url);
        assertThat(queued).as("one message per report request: the job runs on the queue's worker, not in the API call")
                .hasSize(2);
        JsonNode body = JSON.readTree(queued.stream().filter(m -> m.body().contains(first)).findFirst().orElseThrow().body());
        assertThat(body.path("jobId").asText()).as("the message carries the job id the caller was given").isEqualTo(first);
        assertThat(body.path("userId").asText()).isEqualTo("user-1");
        assertThat(body.path("requestedAt").asText()).isEqualTo("2026-12-03T08:00:00Z");
        assertThat(first).as("each request is its own job, with its own id").isNotEqualTo(second);
    }

    @Test
    @DisplayName("Refuses a blank user id before queuing anything")
    void refusesBlank(LocalCloud cloud, SqsClient sqs, TestResources resources) {
        String url = sqs.createQueue(b -> b.queueName(resources.name("reports"))).queueUrl();
        ReportJobs jobs = new ReportJobs(sqs, url, Clock.systemUTC());

        Throwable thrown = catchThrowable(() -> jobs.submit(" "));

        assertThat(thrown).as("a blank userId is the caller's mistake (400): IllegalArgumentException")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(cloud.peekQueue(url)).as("nothing is queued for a refused request").isEmpty();
    }
}

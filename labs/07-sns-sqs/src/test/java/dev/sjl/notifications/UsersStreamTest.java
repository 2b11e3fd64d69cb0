package dev.sjl.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The outbox's settings, on their own: quick, and read before anything is published. */
@LocalCloudTest(services = {Service.DYNAMODB, Service.SNS, Service.SQS, Service.LAMBDA})
class UsersStreamTest {

    @Test
    @Tag("task:1")
    @DisplayName("Turns on the users table's stream with the new item in each record")
    void streamCarriesTheNewImage(LocalCloud cloud, TestResources resources) throws Exception {
        try (Pipeline pipeline = new Pipeline(cloud, resources).usersTable()) {
            var stream = pipeline.dynamo.describeTable(b -> b.tableName(pipeline.usersTable)).table().streamSpecification();

            assertThat(stream).as("the table's stream is the outbox: enable it with UpdateTable").isNotNull();
            assertThat(stream.streamEnabled()).as("the table's stream is the outbox: enable it with UpdateTable").isTrue();
            assertThat(stream.streamViewType())
                    .as("the publisher builds the event from the record: the stream must carry the NEW_IMAGE of the item")
                    .isIn(StreamViewType.NEW_IMAGE, StreamViewType.NEW_AND_OLD_IMAGES);
        }
    }
}

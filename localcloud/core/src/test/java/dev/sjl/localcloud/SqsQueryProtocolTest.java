package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS's query protocol (form in, XML out), which older clients such as Debian 12's AWS CLI v2 still send and fauxqs
 * does not speak: the local cloud translates it (sqs-query-protocol.mjs). Sent here as raw HTTP, the way botocore
 * sends it, so the translation is tested wherever the suite runs, with or without a CLI installed.
 */
@Tag("sqs")
@LocalCloudTest(services = {Service.SQS, Service.SNS})
class SqsQueryProtocolTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Reply(int status, Document xml) {
        String text(String xpath) throws Exception {
            return XPathFactory.newInstance().newXPath().evaluate(xpath, xml);
        }

        List<String> texts(String xpath) throws Exception {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, xml, XPathConstants.NODESET);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                values.add(nodes.item(i).getTextContent());
            }
            return values;
        }
    }

    /** POSTs a form signed (in scope only: the emulators check no signature) for {@code service}. */
    private static Reply call(URI endpoint, String service, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261201/us-east-1/" + service
                        + "/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.headers().firstValue("content-type")).as("a query-protocol answer is XML").hasValueSatisfying(
                type -> assertThat(type).contains("xml"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
        return new Reply(response.statusCode(), xml);
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Version", "2012-11-05");
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("CreateQueue with flattened attributes and tags makes the queue the JSON-protocol SDK client sees")
    void createQueue(LocalCloud cloud, SqsClient sqs, TestResources resources) throws Exception {
        String name = resources.name("emails");
        Reply created = call(cloud.endpoint(Service.SQS), "sqs", form("Action", "CreateQueue", "QueueName", name,
                "Attribute.1.Name", "VisibilityTimeout", "Attribute.1.Value", "45",
                "Attribute.2.Name", "MessageRetentionPeriod", "Attribute.2.Value", "3600",
                "Tag.1.Key", "lab", "Tag.1.Value", "07"));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.xml().getDocumentElement().getLocalName()).isEqualTo("CreateQueueResponse");
        String queueUrl = created.text("/*[local-name()='CreateQueueResponse']/*[local-name()='CreateQueueResult']/*[local-name()='QueueUrl']");
        assertThat(queueUrl).endsWith("/" + name);
        assertThat(created.text("//*[local-name()='RequestId']")).isNotBlank();

        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "45")
                .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600");
        assertThat(sqs.listQueueTags(b -> b.queueUrl(queueUrl)).tags()).containsEntry("lab", "07");
    }

    @Test
    @DisplayName("SendMessage and ReceiveMessage carry the body, message attributes and system attributes in XML")
    void sendAndReceive(LocalCloud cloud, SqsClient sqs, TestResources resources) throws Exception {
        URI endpoint = cloud.endpoint(Service.SQS);
        String queueUrl = sqs.createQueue(b -> b.queueName(resources.name("welcome"))).queueUrl();
        String body = "{\"userId\":\"42\",\"note\":\"<b>&</b>\"}";

        Reply sent = call(endpoint, "sqs", form("Action", "SendMessage", "QueueUrl", queueUrl, "MessageBody", body,
                "MessageAttribute.1.Name", "kind", "MessageAttribute.1.Value.DataType", "String",
                "MessageAttribute.1.Value.StringValue", "welcome"));
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.text("//*[local-name()='SendMessageResult']/*[local-name()='MD5OfMessageBody']"))
                .as("botocore checks this digest against the body it sent").isEqualTo(md5(body));
        String messageId = sent.text("//*[local-name()='SendMessageResult']/*[local-name()='MessageId']");

        Reply received = call(endpoint, "sqs", form("Action", "ReceiveMessage", "QueueUrl", queueUrl,
                "AttributeName.1", "All", "MessageAttributeName.1", "All", "WaitTimeSeconds", "1", "MaxNumberOfMessages", "10"));
        String message = "//*[local-name()='ReceiveMessageResult']/*[local-name()='Message']";
        assertThat(received.texts(message)).as("one message").hasSize(1);
        assertThat(received.text(message + "/*[local-name()='MessageId']")).isEqualTo(messageId);
        assertThat(received.text(message + "/*[local-name()='Body']")).as("the body survives XML escaping").isEqualTo(body);
        assertThat(received.text(message + "/*[local-name()='Attribute'][*[local-name()='Name']='ApproximateReceiveCount']/*[local-name()='Value']"))
                .isEqualTo("1");
        String kind = message + "/*[local-name()='MessageAttribute'][*[local-name()='Name']='kind']/*[local-name()='Value']";
        assertThat(received.text(kind + "/*[local-name()='StringValue']")).isEqualTo("welcome");
        assertThat(received.text(kind + "/*[local-name()='DataType']")).isEqualTo("String");

        String receipt = received.text(message + "/*[local-name()='ReceiptHandle']");
        assertThat(call(endpoint, "sqs", form("Action", "DeleteMessage", "QueueUrl", queueUrl, "ReceiptHandle", receipt)).status()).isEqualTo(200);
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL)).attributes())
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    }

    @Test
    @DisplayName("SendMessageBatch answers one SendMessageBatchResultEntry per entry")
    void batch(LocalCloud cloud, SqsClient sqs, TestResources resources) throws Exception {
        String queueUrl = sqs.createQueue(b -> b.queueName(resources.name("batch"))).queueUrl();
        Reply sent = call(cloud.endpoint(Service.SQS), "sqs", form("Action", "SendMessageBatch", "QueueUrl", queueUrl,
                "SendMessageBatchRequestEntry.1.Id", "a", "SendMessageBatchRequestEntry.1.MessageBody", "first",
                "SendMessageBatchRequestEntry.2.Id", "b", "SendMessageBatchRequestEntry.2.MessageBody", "second",
                "SendMessageBatchRequestEntry.2.DelaySeconds", "0"));
        assertThat(sent.texts("//*[local-name()='SendMessageBatchResultEntry']/*[local-name()='Id']")).containsExactly("a", "b");
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "2");
    }

    @Test
    @DisplayName("Errors come back as a query-protocol ErrorResponse with SQS's query error code")
    void errors(LocalCloud cloud, TestResources resources) throws Exception {
        Reply missing = call(cloud.endpoint(Service.SQS), "sqs", form("Action", "GetQueueUrl", "QueueName", resources.name("nope")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.xml().getDocumentElement().getLocalName()).isEqualTo("ErrorResponse");
        assertThat(missing.text("//*[local-name()='Error']/*[local-name()='Code']")).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
        assertThat(missing.text("//*[local-name()='Error']/*[local-name()='Type']")).isEqualTo("Sender");
    }

    @Test
    @DisplayName("Leaves SNS's query requests to fauxqs")
    void snsUntouched(LocalCloud cloud, TestResources resources) throws Exception {
        String name = resources.name("signed-up");
        Reply created = call(cloud.endpoint(Service.SNS), "sns", form("Action", "CreateTopic", "Name", name, "Version", "2010-03-31"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.xml().getDocumentElement().getLocalName()).isEqualTo("CreateTopicResponse");
        assertThat(created.text("//*[local-name()='TopicArn']")).endsWith(":" + name);
    }
}

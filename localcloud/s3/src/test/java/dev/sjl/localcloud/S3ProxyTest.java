package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

@Tag("s3")
@LocalCloudTest(services = Service.S3)
class S3ProxyTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @DisplayName("Stores, lists, reads and deletes an object with its content type")
    void putGetListDelete(S3Client s3, TestResources resources) {
        String bucket = resources.name("avatars");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("users/1/avatar.png").contentType("image/png"), RequestBody.fromString("png-bytes"));
        s3.putObject(b -> b.bucket(bucket).key("users/2/avatar.png"), RequestBody.fromString("other"));

        var object = s3.getObjectAsBytes(b -> b.bucket(bucket).key("users/1/avatar.png"));
        assertThat(object.asUtf8String()).as("the body read back").isEqualTo("png-bytes");
        assertThat(object.response().contentType()).as("the content type stored with the PUT").isEqualTo("image/png");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("users/1/")).contents()).extracting(S3Object::key)
                .as("a prefix listing returns only that user's keys").containsExactly("users/1/avatar.png");

        s3.deleteObject(b -> b.bucket(bucket).key("users/1/avatar.png"));
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key("users/1/avatar.png")))
                .as("a deleted object must be gone").isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    @DisplayName("Assembles a multipart upload (a 5 MB part and a last small one) into one object")
    void multipartUpload(S3Client s3, TestResources resources) {
        String bucket = resources.name("parts");
        s3.createBucket(b -> b.bucket(bucket));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("report.bin")).uploadId();
        byte[] first = new byte[5 * 1024 * 1024];
        Arrays.fill(first, (byte) 'a');
        String etag1 = s3.uploadPart(b -> b.bucket(bucket).key("report.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(first)).eTag();
        String etag2 = s3.uploadPart(b -> b.bucket(bucket).key("report.bin").uploadId(uploadId).partNumber(2),
                RequestBody.fromString("end")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("report.bin").uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                CompletedPart.builder().partNumber(2).eTag(etag2).build())));

        byte[] stored = s3.getObjectAsBytes(b -> b.bucket(bucket).key("report.bin")).asByteArray();
        assertThat(stored.length).as("both parts, without chunk framing").isEqualTo(first.length + 3);
        assertThat(new String(stored, first.length, 3, StandardCharsets.US_ASCII)).isEqualTo("end");
        assertThat(stored[0]).isEqualTo((byte) 'a');
    }

    @Test
    @DisplayName("Stores a body sent as application/x-www-form-urlencoded as bytes, not as form parameters")
    void formEncodedBody(S3Client s3, TestResources resources) {
        String bucket = resources.name("forms");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("form.txt").contentType("application/x-www-form-urlencoded"),
                RequestBody.fromString("a=1&b=2"));

        var object = s3.getObjectAsBytes(b -> b.bucket(bucket).key("form.txt"));
        assertThat(object.asUtf8String()).as("the bytes put, which a servlet container would read as a form").isEqualTo("a=1&b=2");
        assertThat(object.response().contentType()).isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    @DisplayName("Accepts a presigned PUT from a plain HTTP client and serves it back through a presigned GET")
    void presignedUrls(S3Client s3, S3Presigner presigner, TestResources resources) throws Exception {
        String bucket = resources.name("uploads");
        s3.createBucket(b -> b.bucket(bucket));
        var put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(o -> o.bucket(bucket).key("avatar.jpg").contentType("image/jpeg")));

        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(put.url().toURI())
                .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofString("jpeg-bytes")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as("a browser-style upload to the presigned URL must succeed; body: " + upload.body()).isEqualTo(200);

        var get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(o -> o.bucket(bucket).key("avatar.jpg")));
        HttpResponse<String> download = HTTP.send(HttpRequest.newBuilder(get.url().toURI()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(download.body()).as("the presigned GET returns what the presigned PUT stored").isEqualTo("jpeg-bytes");
        assertThat(put.url().getHost()).as("presigned URLs point at the loopback endpoint, path-style").isEqualTo("127.0.0.1");
        assertThat(put.url().getPath()).startsWith("/" + bucket + "/");
    }

    @Test
    @DisplayName("Answers Expect: 100-continue with the three-part '100 Continue' botocore (the AWS CLI) waits for")
    void expectContinue(S3Client s3, LocalCloud cloud, TestResources resources) throws Exception {
        String bucket = resources.name("cli");
        s3.createBucket(b -> b.bucket(bucket));
        URI endpoint = cloud.endpoint(Service.S3);

        // What CLI v2.9.19 (Debian 12) sends. botocore takes only a status line with a reason phrase: on a bare
        // "HTTP/1.1 100 " (which Tomcat sends) it never sends the body.
        assertThat(putWithExpect(endpoint, bucket, "cli.txt", "aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12 command/s3.cp"))
                .as("the interim response before the body is sent, then the upload's")
                .containsExactly("HTTP/1.1 100 Continue", "HTTP/1.1 200 OK");
        assertThat(putWithExpect(endpoint, bucket, "sdk.txt", "aws-sdk-java/2.41.18 md/io#sync ua/2.1 os/Linux lang/java#17"))
                .as("the Java SDK gets the same").containsExactly("HTTP/1.1 100 Continue", "HTTP/1.1 200 OK");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("cli.txt")).asUtf8String())
                .as("the CLI's upload is stored").isEqualTo("hello");
    }

    /**
     * A raw PUT with {@code Expect: 100-continue}, as a client that waits sends it: the headers, then, once the first
     * status line has come, the body. Returns the status lines received.
     */
    private static List<String> putWithExpect(URI endpoint, String bucket, String key, String userAgent) throws Exception {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            String headers = "PUT /" + bucket + "/" + key + " HTTP/1.1\r\n"
                    + "Host: " + endpoint.getAuthority() + "\r\n"
                    + "User-Agent: " + userAgent + "\r\n"
                    + "Expect: 100-continue\r\n"
                    + "Content-Length: 5\r\n"
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(headers.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> statusLines = new ArrayList<>();
            String interim = reader.readLine();
            statusLines.add(interim);
            if (interim != null && interim.startsWith("HTTP/1.1 100")) {
                reader.readLine(); // the empty line that ends the interim response
                socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("HTTP/1.1 ")) {
                        statusLines.add(line);
                    }
                }
            }
            return statusLines;
        }
    }
}

package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 event notifications, which no S3 emulator delivers, driven by the bucket's notification configuration as on
 * AWS: {@code PutBucketNotificationConfiguration} (intercepted in front of S3Proxy, which does not store it) names
 * Lambda functions, SQS queues and SNS topics with event types and prefix/suffix filters, and
 * {@code EventBridgeConfiguration} sends every event to the default EventBridge bus. The local cloud watches
 * S3Proxy's successful object writes and deletes and, after the request has been answered, sends each matching
 * destination the event AWS sends (one record, URL-encoded key, quote-free ETag): a function is invoked
 * asynchronously (Lambda retries it twice), a queue gets a message, a topic a publish. Saving a configuration sends
 * an {@code s3:TestEvent} to its queues and topics, as S3 does.
 */
final class S3Events implements AutoCloseable {
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";
    /** The notification event types S3 accepts; only ObjectCreated and ObjectRemoved:Delete ever fire here. */
    private static final Pattern EVENT_TYPE = Pattern.compile("s3:(ObjectCreated:(\\*|Put|Post|Copy|CompleteMultipartUpload)"
            + "|ObjectRemoved:(\\*|Delete|DeleteMarkerCreated)|ObjectRestore:(\\*|Post|Completed|Delete)"
            + "|ReducedRedundancyLostObject|Replication:(\\*|OperationFailedReplication|OperationMissedThreshold"
            + "|OperationReplicatedAfterThreshold|OperationNotTracked)|LifecycleExpiration:(\\*|Delete|DeleteMarkerCreated)"
            + "|LifecycleTransition|IntelligentTiering|ObjectTagging:(\\*|Put|Delete)|ObjectAcl:Put)");

    /** One destination of a bucket's configuration. */
    record Destination(String id, String arn, List<String> events, String prefix, String suffix, String element) {
        boolean wants(String eventName, String key) {
            boolean type = events.stream().anyMatch(e -> e.endsWith(":*")
                    ? ("s3:" + eventName).startsWith(e.substring(0, e.length() - 1)) : e.equals("s3:" + eventName));
            return type && key.startsWith(prefix) && key.endsWith(suffix);
        }
    }

    record Configuration(List<Destination> destinations, boolean eventBridge) {
    }

    /** An error S3 answers with, as its XML {@code <Error>} document. */
    static final class S3Error extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        S3Error(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private final Map<String, Configuration> configurations = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "localcloud-s3-events");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() << 16);
    private final Supplier<S3Client> s3;
    private final Supplier<EventBridgeClient> eventBridge;
    private final Destinations destinations;

    S3Events(Supplier<S3Client> s3, Supplier<EventBridgeClient> eventBridge, Destinations destinations) {
        this.s3 = s3;
        this.eventBridge = eventBridge;
        this.destinations = destinations;
    }

    /** Forgets every bucket's notification configuration (the local cloud's reset). */
    void clearConfigurations() {
        configurations.clear();
    }

    /** {@code PutBucketNotificationConfiguration}: validates, replaces the bucket's configuration, sends test events. */
    void putConfiguration(String bucket, byte[] xml, boolean validateDestinations) {
        Configuration configuration = parse(xml);
        List<String> unreachable = new ArrayList<>();
        for (Destination destination : configuration.destinations()) {
            if (validateDestinations && !destinations.exists(destination.arn())) {
                unreachable.add(destination.arn());
            }
        }
        if (!unreachable.isEmpty()) {
            throw new S3Error(400, "InvalidArgument", "Unable to validate the following destination configurations: " + unreachable);
        }
        for (int i = 0; i < configuration.destinations().size(); i++) {
            for (int j = i + 1; j < configuration.destinations().size(); j++) {
                if (overlap(configuration.destinations().get(i), configuration.destinations().get(j))) {
                    throw new S3Error(400, "InvalidArgument",
                            "Configurations overlap. Configurations on the same bucket cannot share a common event type.");
                }
            }
        }
        if (configuration.destinations().isEmpty() && !configuration.eventBridge()) {
            configurations.remove(bucket);
        } else {
            configurations.put(bucket, configuration);
        }
        for (Destination destination : configuration.destinations()) {
            if (!destination.arn().startsWith("arn:aws:lambda:")) {
                String test = Jackson.MAPPER.createObjectNode().put("Service", "Amazon S3").put("Event", "s3:TestEvent")
                        .put("Time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()).put("Bucket", bucket)
                        .put("RequestId", requestId()).put("HostId", "localcloud").toString();
                delivery.execute(() -> send(destination.arn(), test, bucket));
            }
        }
    }

    /** S3's {@code NoSuchBucket} unless the bucket exists. */
    void requireBucket(String bucket) {
        try {
            s3.get().headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new S3Error(404, "NoSuchBucket", "The specified bucket does not exist");
            }
            throw e;
        }
    }

    /** {@code GetBucketNotificationConfiguration}: what was saved, with the ids S3 assigns. */
    String configurationXml(String bucket) {
        Configuration configuration = configurations.get(bucket);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        if (configuration != null) {
            for (Destination d : configuration.destinations()) {
                String target = d.element().replace("Configuration", "");
                xml.append('<').append(d.element()).append("><Id>").append(escape(d.id())).append("</Id><")
                        .append(target).append('>').append(escape(d.arn())).append("</").append(target).append('>');
                d.events().forEach(e -> xml.append("<Event>").append(e).append("</Event>"));
                if (!d.prefix().isEmpty() || !d.suffix().isEmpty()) {
                    xml.append("<Filter><S3Key>");
                    if (!d.prefix().isEmpty()) {
                        xml.append("<FilterRule><Name>prefix</Name><Value>").append(escape(d.prefix())).append("</Value></FilterRule>");
                    }
                    if (!d.suffix().isEmpty()) {
                        xml.append("<FilterRule><Name>suffix</Name><Value>").append(escape(d.suffix())).append("</Value></FilterRule>");
                    }
                    xml.append("</S3Key></Filter>");
                }
                xml.append("</").append(d.element()).append('>');
            }
            if (configuration.eventBridge()) {
                xml.append("<EventBridgeConfiguration></EventBridgeConfiguration>");
            }
        }
        return xml.append("</NotificationConfiguration>").toString();
    }

    /** A deleted bucket takes its configuration with it. */
    void bucketDeleted(String bucket) {
        configurations.remove(bucket);
    }

    /** Called by the request filter once S3Proxy has answered a write or delete with 2xx. */
    void objectEvent(String eventName, String bucket, String key, String sourceIp, String etagHeader) {
        Configuration configuration = configurations.get(bucket);
        if (configuration == null || (!configuration.eventBridge()
                && configuration.destinations().stream().noneMatch(d -> d.wants(eventName, key)))) {
            return;
        }
        String sequence = Long.toHexString(sequencer.incrementAndGet()).toUpperCase();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        delivery.execute(() -> deliver(configuration, eventName, bucket, key, sourceIp, etagHeader, sequence, at));
    }

    private void deliver(Configuration configuration, String eventName, String bucket, String key, String sourceIp,
                         String etagHeader, String sequence, Instant at) {
        long size = 0;
        String etag = etagHeader;
        String versionId = null;
        if (eventName.startsWith("ObjectCreated:")) {
            // The request's Content-Length is not the object size (aws-chunked uploads, copies, multipart), so ask S3.
            try {
                HeadObjectResponse head = s3.get().headObject(b -> b.bucket(bucket).key(key));
                size = head.contentLength();
                etag = head.eTag();
                versionId = head.versionId();
            } catch (NoSuchKeyException gone) {
                // deleted before we looked: AWS would still report the PUT, so we do, with what the response said
            } catch (S3Exception e) {
                System.err.println("[localcloud] S3 event for s3://" + bucket + "/" + key + ": HEAD failed with " + e.statusCode());
            }
        }
        String cleanEtag = etag == null ? null : etag.replace("\"", "");
        String requestId = requestId();
        for (Destination destination : configuration.destinations()) {
            if (destination.wants(eventName, key)) {
                String event = event(destination.id(), eventName, bucket, key, size, cleanEtag, versionId, sourceIp,
                        sequence, at, requestId).toString();
                send(destination.arn(), event, bucket);
            }
        }
        if (configuration.eventBridge()) {
            ObjectNode detail = Jackson.MAPPER.createObjectNode().put("version", "0");
            detail.putObject("bucket").put("name", bucket);
            ObjectNode object = detail.putObject("object").put("key", key);
            if (eventName.startsWith("ObjectCreated:")) {
                object.put("size", size).put("etag", cleanEtag);
            }
            if (versionId != null) {
                object.put("version-id", versionId);
            }
            object.put("sequencer", sequence);
            detail.put("request-id", requestId).put("requester", ACCOUNT).put("source-ip-address", sourceIp)
                    .put("reason", reason(eventName));
            if (eventName.startsWith("ObjectRemoved:")) {
                detail.put("deletion-type", "Permanently Deleted");
            }
            try {
                eventBridge.get().putEvents(b -> b.entries(e -> e.source("aws.s3")
                        .detailType(eventName.startsWith("ObjectCreated:") ? "Object Created" : "Object Deleted")
                        .resources("arn:aws:s3:::" + bucket).detail(detail.toString())));
            } catch (RuntimeException e) {
                System.err.println("[localcloud] S3 event for s3://" + bucket + "/" + key + " could not reach EventBridge "
                        + "(is Service.EVENTBRIDGE started?): " + e.getMessage());
            }
        }
    }

    private void send(String arn, String message, String bucket) {
        try {
            destinations.send(arn, message, "Amazon S3 Notification");
        } catch (RuntimeException e) {
            System.err.println("[localcloud] S3 notification for bucket " + bucket + " could not reach " + arn + ": " + e.getMessage());
        }
    }

    private static String reason(String eventName) {
        return switch (eventName) {
            case "ObjectCreated:Copy" -> "CopyObject";
            case "ObjectCreated:CompleteMultipartUpload" -> "CompleteMultipartUpload";
            case "ObjectRemoved:Delete" -> "DeleteObject";
            default -> "PutObject";
        };
    }

    /** The notification S3 sends: the {@code S3Event} a Java function receives. */
    static ObjectNode event(String configurationId, String eventName, String bucket, String key, long size, String etag,
                            String versionId, String sourceIp, String sequence, Instant at, String requestId) {
        String principal = "AWS:LOCALCLOUD";
        ObjectNode event = Jackson.MAPPER.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", REGION)
                .put("eventTime", at.toString()).put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", principal);
        record.putObject("requestParameters").put("sourceIPAddress", sourceIp);
        record.putObject("responseElements").put("x-amz-request-id", requestId).put("x-amz-id-2", requestId + "/localcloud");
        ObjectNode s3 = record.putObject("s3").put("s3SchemaVersion", "1.0").put("configurationId", configurationId);
        ObjectNode bucketNode = s3.putObject("bucket").put("name", bucket);
        bucketNode.putObject("ownerIdentity").put("principalId", principal);
        bucketNode.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
        if (eventName.startsWith("ObjectCreated:")) {
            object.put("size", size).put("eTag", etag);
        }
        if (versionId != null) {
            object.put("versionId", versionId);
        }
        object.put("sequencer", sequence);
        return event;
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    }

    private static boolean overlap(Destination a, Destination b) {
        boolean types = a.events().stream().anyMatch(x -> b.events().stream().anyMatch(y -> sameFamily(x, y)));
        boolean prefixes = a.prefix().startsWith(b.prefix()) || b.prefix().startsWith(a.prefix());
        boolean suffixes = a.suffix().endsWith(b.suffix()) || b.suffix().endsWith(a.suffix());
        return types && prefixes && suffixes;
    }

    private static boolean sameFamily(String x, String y) {
        if (x.equals(y)) {
            return true;
        }
        String fx = x.substring(0, x.lastIndexOf(':') + 1);
        String fy = y.substring(0, y.lastIndexOf(':') + 1);
        return fx.equals(fy) && (x.endsWith(":*") || y.endsWith(":*"));
    }

    private static Document document(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }
    }

    /** The keys a successful DeleteObjects removed: those its request named, less those its answer lists as errors. */
    static List<String> deletedKeys(byte[] request, byte[] answer) {
        List<String> keys = new ArrayList<>();
        try {
            for (Element object : children(document(request).getDocumentElement())) {
                if (object.getTagName().equals("Object")) {
                    keys.add(text(object, "Key"));
                }
            }
            if (answer.length > 0) {
                for (Element entry : children(document(answer).getDocumentElement())) {
                    if (entry.getTagName().equals("Error")) {
                        keys.remove(text(entry, "Key"));
                    }
                }
            }
        } catch (S3Error malformed) {
            return List.of(); // S3Proxy refused it too; nothing was deleted
        }
        return keys;
    }

    private static Configuration parse(byte[] xml) {
        Document document = document(xml);
        Element root = document.getDocumentElement();
        if (!root.getTagName().equals("NotificationConfiguration")) {
            throw new S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }
        List<Destination> destinations = new ArrayList<>();
        boolean eventBridge = false;
        for (Element child : children(root)) {
            switch (child.getTagName()) {
                case "TopicConfiguration" -> destinations.add(destination(child, "Topic"));
                case "QueueConfiguration" -> destinations.add(destination(child, "Queue"));
                case "CloudFunctionConfiguration" -> destinations.add(destination(child, "CloudFunction"));
                case "EventBridgeConfiguration" -> eventBridge = true;
                default -> throw new S3Error(400, "MalformedXML", "Unknown element " + child.getTagName() + " in NotificationConfiguration");
            }
        }
        return new Configuration(List.copyOf(destinations), eventBridge);
    }

    private static Destination destination(Element element, String arnElement) {
        String id = null;
        String arn = null;
        List<String> events = new ArrayList<>();
        String prefix = "";
        String suffix = "";
        for (Element child : children(element)) {
            switch (child.getTagName()) {
                case "Id" -> id = child.getTextContent().trim();
                case "Event" -> {
                    String event = child.getTextContent().trim();
                    if (!EVENT_TYPE.matcher(event).matches()) {
                        throw new S3Error(400, "InvalidArgument", "The event is not supported for notifications: " + event);
                    }
                    events.add(event);
                }
                case "Filter" -> {
                    for (Element s3Key : children(child)) {
                        for (Element rule : children(s3Key)) {
                            String name = text(rule, "Name").toLowerCase(java.util.Locale.ROOT);
                            String value = text(rule, "Value");
                            switch (name) {
                                case "prefix" -> prefix = value;
                                case "suffix" -> suffix = value;
                                default -> throw new S3Error(400, "InvalidArgument", "filter rule name must be either prefix or suffix");
                            }
                        }
                    }
                }
                default -> {
                    if (child.getTagName().equals(arnElement)) {
                        arn = child.getTextContent().trim();
                    }
                }
            }
        }
        if (arn == null || arn.isEmpty()) {
            throw new S3Error(400, "InvalidArgument", element.getTagName() + " needs a " + arnElement + " ARN");
        }
        if (events.isEmpty()) {
            throw new S3Error(400, "InvalidArgument", element.getTagName() + " needs at least one Event");
        }
        return new Destination(id == null || id.isEmpty() ? UUID.randomUUID().toString() : id, arn, List.copyOf(events),
                prefix, suffix, element.getTagName());
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                elements.add((Element) nodes.item(i));
            }
        }
        return elements;
    }

    private static String text(Element parent, String name) {
        for (Element child : children(parent)) {
            if (child.getTagName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        return "";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        delivery.shutdownNow();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

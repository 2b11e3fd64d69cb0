package dev.sjl.localcloud;

import jakarta.servlet.Filter;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.server.Connector;
import org.gaul.shaded.org.eclipse.jetty.server.HttpConnectionFactory;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * S3Proxy in this JVM, serving jclouds' in-memory ("transient") blobstore on one plain-HTTP connector bound to
 * loopback, with the local cloud's filters in front of it, in this order: {@link S3EventFilter} (bucket notifications
 * to {@link S3Events}), {@link S3CorsFilter} (each bucket's CORS configuration, by which browsers are answered),
 * {@link S3PresignFilter} (presigned URLs checked as S3 does), {@link S3TaggingFilter} (object tagging, which
 * S3Proxy 3.0 answers NotImplemented) and {@link S3ChunkedUploadFilter} (the SDK's {@code aws-chunked} uploads
 * decoded). S3Proxy itself checks no signature (its authorization is NONE): requests signed
 * in the Authorization header pass whatever credentials the SDK clients and the AWS CLI were given; presigned URLs are
 * the filter's to check. The blobstore is jclouds' own, wired without its Guice injector by
 * {@link TransientBlobStoreContext}.
 */
final class S3ProxyEmulator implements RunningEmulator {
    private final S3Proxy proxy;
    private final BlobStoreContext blobs;
    private final URI endpoint;

    private S3ProxyEmulator(S3Proxy proxy, BlobStoreContext blobs, URI endpoint) {
        this.proxy = proxy;
        this.blobs = blobs;
        this.endpoint = endpoint;
    }

    /**
     * Starts S3Proxy on {@code port} (0: a free one). {@code logging} is the emulators' logging being configured on
     * another thread; it must be done before Jetty starts, which is the first thing here that logs.
     */
    static S3ProxyEmulator start(int port, S3Events events, CompletableFuture<Path> logging) {
        // S3Proxy's handler makes an XmlMapper: Jackson's databind and XML classes, a third of this start's CPU, loaded
        // one by one on this thread. Made first on a second thread, they are loaded while this one builds the blob store
        // and Jetty, and S3 (the last emulator to be ready when all start at once) is ready sooner.
        CompletableFuture.runAsync(XmlMapper::new, S3ProxyEmulator::daemon);
        Path log = logging.getNow(null);
        BlobStoreContext blobs = null;
        S3Proxy proxy = null;
        try {
            blobs = new TransientBlobStoreContext();
            BlobStore blobStore = blobs.getBlobStore();
            proxy = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(URI.create("http://" + Ports.LOOPBACK + ":" + port))
                    // The SDKs send headers S3Proxy 3.0 does not know (x-amz-tagging, x-amz-expected-bucket-owner...):
                    // S3 takes them, so they are ignored here rather than answered NotImplemented.
                    .ignoreUnknownHeaders(true)
                    .build();
            Server server = serverOf(proxy);
            // S3 reads no form parameters from a body: without this, Jetty would take a PUT or POST sent as
            // application/x-www-form-urlencoded for a form and consume the object's bytes on the first getParameter().
            for (Connector connector : server.getConnectors()) {
                HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.getHttpConfiguration().setFormEncodedMethods();
                }
            }
            List<Filter> filters = List.of(
                    new S3EventFilter(events),
                    new S3CorsFilter(),
                    new S3PresignFilter(Map.of(AwsClients.DUMMY_KEY, AwsClients.DUMMY_KEY), Clock.systemUTC()),
                    new S3TaggingFilter(blobStore),
                    new S3ChunkedUploadFilter());
            server.setHandler(new S3FilterHandler(filters, server.getHandler()));
            log = logging.join();
            proxy.start();
            return new S3ProxyEmulator(proxy, blobs, URI.create("http://" + Ports.LOOPBACK + ":" + proxy.getPort()));
        } catch (Exception e) {
            stopQuietly(proxy, blobs);
            throw EmulatorStartException.of("S3Proxy", describe(e, port), log, e);
        }
    }

    /** Runs {@code task} on a daemon thread of its own: the helpers of S3's start, which must never hold a JVM open. */
    static void daemon(Runnable task) {
        Thread thread = new Thread(task, "localcloud-s3-start");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * S3Proxy builds its Jetty server (shaded in its jar) and offers no way to put a handler in front of its own; the
     * server is taken from its one field of that type. Checked by every test of this module: a release that changes
     * this fails the start with this message.
     */
    private static Server serverOf(S3Proxy proxy) throws ReflectiveOperationException {
        for (Field field : S3Proxy.class.getDeclaredFields()) {
            if (field.getType() == Server.class) {
                field.setAccessible(true);
                return (Server) field.get(proxy);
            }
        }
        throw new NoSuchFieldException("S3Proxy has no Jetty Server field any more: see S3ProxyEmulator.serverOf");
    }

    static String describe(Exception e, int port) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof java.net.BindException) {
            return "port " + port + " is already in use";
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static void stopQuietly(S3Proxy proxy, BlobStoreContext blobs) {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // best effort on the way out
            }
        }
        if (blobs != null) {
            blobs.close();
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(proxy, blobs);
    }
}

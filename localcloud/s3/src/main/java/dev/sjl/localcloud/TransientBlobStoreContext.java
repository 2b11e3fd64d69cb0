package dev.sjl.localcloud;

import com.google.common.base.Optional;
import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.eventbus.EventBus;
import com.google.common.reflect.TypeToken;
import com.google.inject.Injector;
import java.io.Closeable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jclouds.Context;
import org.jclouds.apis.ApiMetadata;
import org.jclouds.blobstore.BlobRequestSigner;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.LocalStorageStrategy;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.blobstore.TransientStorageStrategy;
import org.jclouds.blobstore.attr.ConsistencyModel;
import org.jclouds.blobstore.config.LocalBlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobBuilder;
import org.jclouds.blobstore.domain.internal.BlobBuilderImpl;
import org.jclouds.blobstore.domain.internal.BlobImpl;
import org.jclouds.blobstore.domain.internal.MutableBlobMetadataImpl;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.BlobUtils;
import org.jclouds.crypto.Crypto;
import org.jclouds.date.DateService;
import org.jclouds.date.internal.DateServiceDateCodecFactory;
import org.jclouds.date.internal.SimpleDateFormatDateService;
import org.jclouds.domain.Credentials;
import org.jclouds.domain.Location;
import org.jclouds.domain.LocationBuilder;
import org.jclouds.domain.LocationScope;
import org.jclouds.io.ContentMetadataCodec;
import org.jclouds.io.ContentMetadataCodec.DefaultContentMetadataCodec;
import org.jclouds.json.Json;
import org.jclouds.logging.Logger;
import org.jclouds.providers.AnonymousProviderMetadata;
import org.jclouds.providers.ProviderMetadata;
import org.jclouds.rest.HttpClient;
import org.jclouds.rest.Utils;
import org.jclouds.xml.XMLParser;

/**
 * jclouds' in-memory ("transient") blobstore, its own {@link LocalBlobStore} over {@link TransientStorageStrategy},
 * wired by hand. {@code ContextBuilder} builds the same two through a Guice injector, which was most of S3's start (the
 * local cloud's README has the numbers). Of the context, S3Proxy 3.0 reads the provider id ("transient": it picks the
 * backend's quirks by it, on nearly every request), {@code utils().date()} and the blobstore; that is what is wired.
 * What nothing here calls (the request signer, JSON, HTTP, the injector, and the blobstore's directory, count and clear
 * helpers) throws {@link UnsupportedOperationException} rather than answering wrong. jclouds' own logging inside the
 * store is not wired: its errors are all rethrown to S3Proxy, which logs them.
 */
final class TransientBlobStoreContext implements BlobStoreContext {
    /** {@link TransientApiMetadata}'s id. */
    static final String PROVIDER_ID = "transient";
    /** What {@code ContextBuilder} gives the transient API, and so its one location's description. */
    private static final String ENDPOINT = "http://localhost";

    private final Backend backend;
    private final BlobStore blobStore;

    TransientBlobStoreContext() {
        DateService dates = new SimpleDateFormatDateService();
        ContentMetadataCodec codec = new DefaultContentMetadataCodec(new DateServiceDateCodecFactory(dates));
        Blob.Factory blobs = metadata -> new BlobImpl(metadata != null ? metadata : new MutableBlobMetadataImpl());
        Location location = new LocationBuilder().scope(LocationScope.PROVIDER).id(PROVIDER_ID).description(ENDPOINT)
                .build();
        LocalStorageStrategy storage = construct(TransientStorageStrategy.class,
                new Class<?>[] {Supplier.class, DateService.class, Blob.Factory.class, ContentMetadataCodec.class},
                Suppliers.ofInstance(location), dates, blobs, codec);
        this.backend = new Backend(new DatesOnly(dates));
        this.blobStore = construct(LocalBlobStore.class,
                new Class<?>[] {BlobStoreContext.class, BlobUtils.class, Supplier.class, ContentMetadataCodec.class,
                        Blob.Factory.class, LocalStorageStrategy.class},
                this, new BuildersOnly(), Suppliers.ofInstance(Set.of(location)), codec, blobs, storage);
    }

    /**
     * jclouds' constructors are package-private, for Guice. Their parameter types are spelled out so that a jclouds
     * release that changes them fails the start here, saying so, instead of building something else.
     */
    private static <T> T construct(Class<T> type, Class<?>[] parameters, Object... arguments) {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(parameters);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no constructor " + Arrays.toString(parameters)
                    + " any more (TransientBlobStoreContext wires it as in jclouds 2.7.0): update"
                    + " TransientBlobStoreContext to this jclouds", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("jclouds' " + type.getName() + " failed to build", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jclouds' " + type.getName() + " cannot be built by hand", e);
        }
    }

    @Override
    public BlobStore getBlobStore() {
        return blobStore;
    }

    @Override
    public ConsistencyModel getConsistencyModel() {
        return ConsistencyModel.STRICT;
    }

    @Override
    public Utils utils() {
        return backend.utils();
    }

    @Override
    public BlobRequestSigner getSigner() {
        throw notWired("a request signer");
    }

    @Override
    public TypeToken<?> getBackendType() {
        return TypeToken.of(Context.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C extends Context> C unwrap(TypeToken<C> type) {
        if (!type.isSupertypeOf(getBackendType())) {
            throw new IllegalArgumentException("the transient blobstore's backend is a Context, not " + type);
        }
        return (C) backend;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C extends Context> C unwrap() {
        return (C) backend;
    }

    @Override
    public <A extends Closeable> A unwrapApi(Class<A> api) {
        throw notWired("an API to unwrap");
    }

    @Override
    public void close() {
        // Nothing is held but the objects in memory.
    }

    private static UnsupportedOperationException notWired(String what) {
        return new UnsupportedOperationException("The local cloud's transient blobstore has no " + what
                + ": see TransientBlobStoreContext");
    }

    /** What {@code unwrap()} gives: the provider id at once, the rest from jclouds' own metadata, built on demand. */
    private static final class Backend implements Context {
        private final Utils utils;
        private final Supplier<ProviderMetadata> metadata = Suppliers.memoize(
                () -> AnonymousProviderMetadata.forApiWithEndpoint(new TransientApiMetadata(), ENDPOINT));
        private final ProviderMetadata provider = new ProviderMetadata() {
            @Override
            public String getId() {
                return PROVIDER_ID;
            }

            @Override
            public String getName() {
                return metadata.get().getName();
            }

            @Override
            public ApiMetadata getApiMetadata() {
                return metadata.get().getApiMetadata();
            }

            @Override
            public String getEndpoint() {
                return metadata.get().getEndpoint();
            }

            @Override
            public Properties getDefaultProperties() {
                return metadata.get().getDefaultProperties();
            }

            @Override
            public Optional<URI> getConsole() {
                return metadata.get().getConsole();
            }

            @Override
            public Optional<URI> getHomepage() {
                return metadata.get().getHomepage();
            }

            @Override
            public Set<String> getLinkedServices() {
                return metadata.get().getLinkedServices();
            }

            @Override
            public Set<String> getIso3166Codes() {
                return metadata.get().getIso3166Codes();
            }

            @Override
            public Builder toBuilder() {
                return metadata.get().toBuilder();
            }
        };

        Backend(Utils utils) {
            this.utils = utils;
        }

        @Override
        public ProviderMetadata getProviderMetadata() {
            return provider;
        }

        @Override
        public String getName() {
            return PROVIDER_ID;
        }

        @Override
        public String getIdentity() {
            return provider.getApiMetadata().getDefaultIdentity().orNull();
        }

        @Override
        public Utils utils() {
            return utils;
        }

        @Override
        public void close() {
            // Nothing is held but the objects in memory.
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public LocationScope getScope() {
            return LocationScope.PROVIDER;
        }

        @Override
        public String getId() {
            return PROVIDER_ID;
        }

        @Override
        public String getDescription() {
            return provider.getName();
        }

        @Override
        public Location getParent() {
            return null;
        }

        @Override
        public Map<String, Object> getMetadata() {
            return Map.of();
        }

        @Override
        public Set<String> getIso3166Codes() {
            return Set.of();
        }
    }

    /** The context's utilities: S3Proxy formats its XML's dates with {@link #date()}. */
    private static final class DatesOnly implements Utils {
        private final DateService dates;

        DatesOnly(DateService dates) {
            this.dates = dates;
        }

        @Override
        public DateService date() {
            return dates;
        }

        @Override
        public Map<String, Credentials> credentialStore() {
            throw notWired("credential store");
        }

        @Override
        public Json json() {
            throw notWired("JSON");
        }

        @Override
        public HttpClient http() {
            throw notWired("HTTP client");
        }

        @Override
        public Crypto crypto() {
            throw notWired("crypto");
        }

        @Override
        public EventBus eventBus() {
            throw notWired("event bus");
        }

        @Override
        public Logger.LoggerFactory loggerFactory() {
            throw notWired("logger factory");
        }

        @Override
        public Injector injector() {
            throw notWired("injector");
        }

        @Override
        public XMLParser xml() {
            throw notWired("XML parser");
        }
    }

    /**
     * The store's blob builder; its other helpers (directories, counting and clearing a container through jclouds'
     * list strategies) serve {@link BlobStore} methods that S3Proxy does not call.
     */
    private static final class BuildersOnly implements BlobUtils {
        @Override
        public BlobBuilder blobBuilder() {
            return new BlobBuilderImpl();
        }

        @Override
        public boolean directoryExists(String container, String directory) {
            throw notWired("directories");
        }

        @Override
        public void createDirectory(String container, String directory) {
            throw notWired("directories");
        }

        @Override
        public long countBlobs(String container, ListContainerOptions options) {
            throw notWired("blob counting");
        }

        @Override
        public void clearContainer(String container, ListContainerOptions options) {
            throw notWired("container clearing");
        }

        @Override
        public void deleteDirectory(String container, String directory) {
            throw notWired("directories");
        }
    }
}

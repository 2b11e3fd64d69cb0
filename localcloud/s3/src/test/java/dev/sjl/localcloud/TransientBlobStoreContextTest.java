package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.blobstore.config.LocalBlobStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** jclouds' in-memory blobstore wired by hand: what S3Proxy reads of it is what ContextBuilder would have given. */
class TransientBlobStoreContextTest {

    @Test
    @DisplayName("Gives S3Proxy the transient API's provider id, by which it picks the backend's quirks")
    void providerId() {
        TransientBlobStoreContext context = new TransientBlobStoreContext();
        TransientApiMetadata transientApi = new TransientApiMetadata();

        assertThat(context.getBlobStore().getContext().unwrap().getProviderMetadata().getId())
                .as("the id S3Proxy reads on each request").isEqualTo(transientApi.getId());
        assertThat(context.unwrap().getProviderMetadata().getName())
                .as("the rest of the metadata, jclouds' own").isEqualTo(transientApi.getName());
        assertThat(context.utils().date().iso8601DateFormat(new Date(0)))
                .as("the date service S3Proxy formats its XML's dates with").isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    @DisplayName("Is jclouds' own LocalBlobStore: a blob put in a bucket is read back and listed")
    void storesBlobs() throws IOException {
        BlobStore blobs = new TransientBlobStoreContext().getBlobStore();

        assertThat(blobs).isInstanceOf(LocalBlobStore.class);
        assertThat(blobs.listAssignableLocations()).singleElement()
                .satisfies(location -> assertThat(location.getId()).isEqualTo("transient"));
        assertThat(blobs.createContainerInLocation(null, "avatars")).isTrue();
        blobs.putBlob("avatars", blobs.blobBuilder("a.png").payload("png").build());
        try (InputStream in = blobs.getBlob("avatars", "a.png").getPayload().openStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("png");
        }
        assertThat(blobs.list("avatars")).extracting(metadata -> metadata.getName()).containsExactly("a.png");
    }

    @Test
    @DisplayName("Refuses, naming itself, what it does not wire instead of answering wrong")
    void refusesWhatIsNotWired() {
        TransientBlobStoreContext context = new TransientBlobStoreContext();

        assertThatThrownBy(context::getSigner).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("TransientBlobStoreContext");
        assertThatThrownBy(() -> context.getBlobStore().countBlobs("avatars"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("TransientBlobStoreContext");
    }
}

package dev.sjl.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Postman collection (capstone/e2e) and the document describe one API: every request the collection sends to the
 * API is a documented operation, and every operation is exercised by at least one request. Runs in the default build,
 * without the service: newman runs the collection itself in capstone/e2e's opt-in run.
 */
class PostmanCollectionTest {

    private static final Path COLLECTION = Path.of(System.getProperty("sjl.openapi.moduleDir", "."))
            .resolve("../e2e/user-service.postman_collection.json");

    /** Each API request as a route key, its Postman variables in the path turned into the route's parameters. */
    private static List<String> apiRequests() throws IOException {
        JsonNode collection = OpenApiDocument.MAPPER.readTree(Files.readString(COLLECTION));
        assertThat(collection.at("/info/schema").asText()).as("A Postman v2.1 collection").contains("v2.1.0");
        List<String> keys = new ArrayList<>();
        collect(collection.get("item"), keys);
        return keys;
    }

    private static void collect(JsonNode items, List<String> keys) {
        for (JsonNode item : items) {
            if (item.has("item")) {
                collect(item.get("item"), keys);
                continue;
            }
            String url = item.at("/request/url").asText();
            assertThat(item.at("/event").findValues("listen").stream().map(JsonNode::asText))
                    .as("'%s' has tests", item.get("name").asText()).contains("test");
            if (url.startsWith("{{baseUrl}}")) {
                String path = url.substring("{{baseUrl}}".length()).replaceAll("\\?.*", "")
                        .replace("{{userId}}", "{id}");
                keys.add(item.at("/request/method").asText() + " " + path);
            } else {
                assertThat(url).as("A request that is not to the API goes to kit run's local console")
                        .startsWith("{{consoleUrl}}/local/");
            }
        }
    }

    @Test
    @DisplayName("Sends only requests the document describes, and exercises every operation it describes")
    void collectionAndDocumentAgree() throws IOException {
        Set<String> operations = new TreeSet<>();
        SystemDefinition.api().routes().forEach(route -> operations.add(route.routeKey()));
        Set<String> sent = new TreeSet<>(apiRequests());
        // The collection also checks the gateway's 404 for a path no route has: that one is undocumented on purpose.
        sent.remove("GET /admin");

        assertThat(operations).as("Operations no request of the collection exercises").isSubsetOf(sent);
        assertThat(sent).as("Requests to routes the document does not describe").isSubsetOf(operations);
    }
}

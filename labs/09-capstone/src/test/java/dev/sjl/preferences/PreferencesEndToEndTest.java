package dev.sjl.preferences;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.http.HttpResponse;

import static dev.sjl.preferences.Served.bearer;
import static dev.sjl.preferences.Served.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slice end to end: a real Cognito token, the local gateway's JWT authorizer, the function, lab 06's table. The
 * caller is the verified sub and nothing the client wrote.
 */
@Tag("task:4")
@LocalCloudTest(services = {Service.COGNITO, Service.DYNAMODB})
class PreferencesEndToEndTest {

    private static final String PATH = "/users/me/preferences";

    // tag::end-to-end[]
    @Test
    @DisplayName("A signed-in user reads the defaults, saves a change, and reads the change back")
    void readsSavesAndReadsBack(CognitoIdentityProviderClient cognito, DynamoDbClient dynamo, LocalCloud cloud,
                                TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        String token = pool.user("ada@example.com").accessToken();
        String table = Table.fresh(dynamo, resources);
        try (Served served = new Served(pool, dynamo, table)) {
            HttpResponse<String> before = served.get(PATH, "Authorization", bearer(token));
            assertThat(before.statusCode()).as("GET %s for a signed-in user: 200; body %s", PATH, before.body())
                    .isEqualTo(200);
            assertThat(json(before)).as("before any save: the defaults at version 0")
                    .isEqualTo(parse("{\"email\":true,\"sms\":false,\"version\":0}"));

            HttpResponse<String> saved = served.put(PATH, "{\"email\":false,\"sms\":true,\"version\":0}",
                    "Authorization", bearer(token));
            assertThat(saved.statusCode()).as("PUT %s with a valid body: 200; body %s", PATH, saved.body())
                    .isEqualTo(200);
            assertThat(json(saved)).isEqualTo(parse("{\"email\":false,\"sms\":true,\"version\":1}"));

            HttpResponse<String> after = served.get(PATH, "Authorization", bearer(token));
            assertThat(json(after)).as("GET after PUT reads the saved preferences")
                    .isEqualTo(parse("{\"email\":false,\"sms\":true,\"version\":1}"));
            assertThat(Table.item(dynamo, table, "USER#" + Served.sub(token), "PREFERENCES"))
                    .as("the item is stored under the verified sub of the token").isPresent();
        }
    }
    // end::end-to-end[]

    @Test
    @DisplayName("Ignores a user id in a header or the query: the change lands on the verified caller only")
    void ignoresClientSuppliedIdentity(CognitoIdentityProviderClient cognito, DynamoDbClient dynamo, LocalCloud cloud,
                                       TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        String ada = pool.user("ada@example.com").accessToken();
        String grace = pool.user("grace@example.com").accessToken();
        String graceId = Served.sub(grace);
        String table = Table.fresh(dynamo, resources);
        try (Served served = new Served(pool, dynamo, table)) {
            HttpResponse<String> put = served.put(PATH + "?userId=" + graceId,
                    "{\"email\":false,\"sms\":false,\"version\":0}",
                    "Authorization", bearer(ada), "x-user-id", graceId);

            assertThat(put.statusCode()).as("ada's PUT: 200; body %s", put.body()).isEqualTo(200);
            assertThat(Table.item(dynamo, table, "USER#" + graceId, "PREFERENCES")).as("ada's PUT with an x-user-id "
                    + "header (or a userId in the query) changed grace's preferences: anyone can send any header; "
                    + "the caller is the sub claim the gateway verified").isEmpty();
            assertThat(json(served.get(PATH + "?userId=" + graceId, "Authorization", bearer(ada), "x-user-id", graceId)))
                    .as("ada's GET answers ada's preferences, whatever header or query names someone else")
                    .isEqualTo(parse("{\"email\":false,\"sms\":false,\"version\":1}"));
        }
    }

    @Test
    @DisplayName("Answers 400 JSON to a userId in the body and to malformed JSON, writes nothing, never a 500")
    void refusesBadBodies(CognitoIdentityProviderClient cognito, DynamoDbClient dynamo, LocalCloud cloud,
                          TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        String ada = pool.user("ada@example.com").accessToken();
        String table = Table.fresh(dynamo, resources);
        try (Served served = new Served(pool, dynamo, table)) {
            HttpResponse<String> withUserId = served.put(PATH,
                    "{\"email\":false,\"sms\":true,\"version\":0,\"userId\":\"someone-else\"}", "Authorization", bearer(ada));
            HttpResponse<String> malformed = served.put(PATH, "{\"email\":false,", "Authorization", bearer(ada));

            assertThat(withUserId.statusCode()).as("a userId in the body must be a 400 (never trusted, never "
                    + "ignored); got %s", withUserId.body()).isEqualTo(400);
            assertThat(json(withUserId).path("error").asText()).isEqualTo(PreferencesUpdate.INVALID);
            assertThat(malformed.statusCode()).as("malformed JSON through the gateway must be a 400 JSON error, never "
                    + "a 500; got %s", malformed.body()).isEqualTo(400);
            assertThat(json(malformed).path("error").asText()).isEqualTo("invalid_json");
            assertThat(Table.item(dynamo, table, "USER#someone-else", "PREFERENCES")).isEmpty();
            assertThat(Table.item(dynamo, table, "USER#" + Served.sub(ada), "PREFERENCES"))
                    .as("a refused body writes nothing").isEmpty();
        }
    }

    @Test
    @DisplayName("Answers 409 stale_version to a PUT from an old version, and keeps the newer change")
    void staleVersionIsAConflict(CognitoIdentityProviderClient cognito, DynamoDbClient dynamo, LocalCloud cloud,
                                 TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        String ada = pool.user("ada@example.com").accessToken();
        try (Served served = new Served(pool, dynamo, Table.fresh(dynamo, resources))) {
            // Two tabs read version 0; the phone saves first, then the laptop sends its change from version 0.
            served.put(PATH, "{\"email\":false,\"sms\":true,\"version\":0}", "Authorization", bearer(ada));
            HttpResponse<String> laptop = served.put(PATH, "{\"email\":true,\"sms\":true,\"version\":0}",
                    "Authorization", bearer(ada));

            assertThat(laptop.statusCode()).as("a PUT naming version 0 after the item moved to 1 must be a 409 "
                    + "stale_version (not a 200 that overwrites, not a 500); got %s", laptop.body()).isEqualTo(409);
            assertThat(json(laptop).path("error").asText()).isEqualTo("stale_version");
            assertThat(json(served.get(PATH, "Authorization", bearer(ada)))).as("the phone's change is kept")
                    .isEqualTo(parse("{\"email\":false,\"sms\":true,\"version\":1}"));
        }
    }

    @Test
    @DisplayName("Answers 401 JSON to a direct invoke of the function, an event the authorizer never saw")
    void refusesDirectInvoke(CognitoIdentityProviderClient cognito, DynamoDbClient dynamo, LocalCloud cloud,
                             TestResources resources) throws IOException {
        Pool pool = Pool.create(cognito, cloud, resources);
        String table = Table.fresh(dynamo, resources);
        try (Served served = new Served(pool, dynamo, table)) {
            String direct = "{\"version\":\"2.0\",\"routeKey\":\"PUT /users/me/preferences\",\"rawPath\":\"/users/me/"
                    + "preferences\",\"headers\":{\"x-user-id\":\"victim\"},\"body\":\"{\\\"email\\\":false,\\\"sms\\\":"
                    + "false,\\\"version\\\":0}\",\"isBase64Encoded\":false,\"requestContext\":{\"requestId\":\"direct-1\","
                    + "\"http\":{\"method\":\"PUT\",\"path\":\"/users/me/preferences\"}}}";
            Invocation invocation = served.functions.invoke(PreferencesApi.FUNCTION, direct);
            JsonNode answer = Served.JSON.readTree(invocation.response());

            assertThat(answer.path("statusCode").asInt()).as("a direct invoke (no requestContext.authorizer.jwt) was "
                    + "accepted: no verified claims means nobody, a 401; got %s", invocation.response()).isEqualTo(401);
            assertThat(Table.item(dynamo, table, "USER#victim", "PREFERENCES")).as("nothing written for a header")
                    .isEmpty();
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Served.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

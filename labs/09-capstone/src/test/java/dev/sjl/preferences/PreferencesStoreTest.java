package dev.sjl.preferences;

import dev.sjl.dynamodb.StaleVersionException;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The preferences item in lab 06's table: where it lives, and writes that never overwrite a change unseen. */
@Tag("task:2")
@LocalCloudTest(services = Service.DYNAMODB)
class PreferencesStoreTest {

    private static final Preferences QUIET = new Preferences(false, false);
    private static final Preferences LOUD = new Preferences(true, true);

    @Test
    @DisplayName("Answers the defaults at version 0 to a user who never saved any")
    void defaultsBeforeTheFirstSave(DynamoDbClient dynamo, TestResources resources) {
        PreferencesStore store = new PreferencesStore(dynamo, Table.fresh(dynamo, resources));

        assertThat(store.load("ada")).as("a user who never saved gets the defaults (email on, sms off) at version 0, "
                + "not an error").isEqualTo(new VersionedPreferences(Preferences.DEFAULTS, 0));
    }

    @Test
    @DisplayName("Saves one item in the user's partition (PK USER#<id>, SK PREFERENCES) and reads it back")
    void savesInTheUsersPartition(DynamoDbClient dynamo, TestResources resources) {
        String table = Table.fresh(dynamo, resources);
        PreferencesStore store = new PreferencesStore(dynamo, table);

        VersionedPreferences saved = store.save("ada", QUIET, 0);

        assertThat(saved).as("the first save answers what it stored, at version 1")
                .isEqualTo(new VersionedPreferences(QUIET, 1));
        assertThat(store.load("ada")).as("what load reads after the save").isEqualTo(saved);
        Map<String, AttributeValue> item = Table.item(dynamo, table, "USER#ada", "PREFERENCES").orElse(Map.of());
        assertThat(item).as("the item lives at PK USER#ada, SK PREFERENCES (key(userId)), beside the profile")
                .isNotEmpty();
        assertThat(item.get("email")).as("channels are stored as DynamoDB booleans").isEqualTo(AttributeValue.fromBool(false));
        assertThat(item.get("version")).as("the version is a number").isEqualTo(AttributeValue.fromN("1"));
        assertThat(store.load("grace")).as("another user's preferences are theirs: still the defaults")
                .isEqualTo(new VersionedPreferences(Preferences.DEFAULTS, 0));
    }

    @Test
    @DisplayName("Refuses a save from a version someone else already changed, and keeps their change")
    void refusesAStaleVersion(DynamoDbClient dynamo, TestResources resources) {
        PreferencesStore store = new PreferencesStore(dynamo, Table.fresh(dynamo, resources));
        store.save("ada", QUIET, 0);
        store.save("ada", LOUD, 1);

        Throwable fromZero = catchThrowable(() -> store.save("ada", new Preferences(false, true), 0));
        Throwable fromOne = catchThrowable(() -> store.save("ada", new Preferences(true, false), 1));

        assertThat(fromZero).as("a first save (version 0) over an existing item overwrote it: the write needs a "
                + "condition (no item yet) that DynamoDB checks").isInstanceOf(StaleVersionException.class);
        assertThat(fromOne).as("a save naming version 1 after the item moved to 2 overwrote it: the write needs a "
                + "condition on the version; last writer wins loses a change").isInstanceOf(StaleVersionException.class);
        assertThat(store.load("ada")).as("the newer change is kept").isEqualTo(new VersionedPreferences(LOUD, 2));
    }

    @Test
    @DisplayName("Accepts the same save twice (a client retrying after a lost answer) and changes the item once")
    void retryIsIdempotent(DynamoDbClient dynamo, TestResources resources) {
        PreferencesStore store = new PreferencesStore(dynamo, Table.fresh(dynamo, resources));
        store.save("ada", QUIET, 0);

        VersionedPreferences[] answered = new VersionedPreferences[1];
        Throwable retry = catchThrowable(() -> answered[0] = store.save("ada", QUIET, 0));
        store.save("ada", LOUD, 1);
        Throwable secondRetry = catchThrowable(() -> store.save("ada", LOUD, 1));

        assertThat(retry).as("a retry of the first save (same preferences, same version) was refused: the condition "
                + "must also accept this very change already stored at the next version").isNull();
        assertThat(answered[0]).as("the retry answers what is stored").isEqualTo(new VersionedPreferences(QUIET, 1));
        assertThat(secondRetry).as("a retry of a later save was refused (same condition, version > 0)").isNull();
        assertThat(store.load("ada")).as("two saves and two retries: version 2, not 4")
                .isEqualTo(new VersionedPreferences(LOUD, 2));
    }

    @Test
    @DisplayName("Lets exactly one of four parallel first saves win, each with different preferences")
    void oneWinnerPerVersion(DynamoDbClient dynamo, TestResources resources) throws Exception {
        PreferencesStore store = new PreferencesStore(dynamo, Table.fresh(dynamo, resources));
        List<Preferences> choices = List.of(QUIET, LOUD, new Preferences(true, false), new Preferences(false, true));
        ExecutorService pool = Executors.newFixedThreadPool(choices.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> saves = new ArrayList<>();
            for (Preferences choice : choices) {
                Callable<Boolean> save = () -> {
                    start.await();
                    try {
                        store.save("ada", choice, 0);
                        return true;
                    } catch (StaleVersionException e) {
                        return false;
                    }
                };
                saves.add(pool.submit(save));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> save : saves) {
                winners += save.get() ? 1 : 0;
            }
            assertThat(winners).as("four different first saves from version 0: exactly one may win, the others get "
                    + "StaleVersionException (a condition checked by DynamoDB, not a read then a write)").isEqualTo(1);
            assertThat(store.load("ada").version()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("Refuses a negative version before writing anything")
    void refusesNegativeVersion(DynamoDbClient dynamo, TestResources resources) {
        PreferencesStore store = new PreferencesStore(dynamo, Table.fresh(dynamo, resources));

        Throwable thrown = catchThrowable(() -> store.save("ada", QUIET, -1));

        assertThat(thrown).as("version -1 names no version that ever existed").isInstanceOf(IllegalArgumentException.class);
        assertThat(store.load("ada")).as("nothing was written").isEqualTo(new VersionedPreferences(Preferences.DEFAULTS, 0));
    }
}

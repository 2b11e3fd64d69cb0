package dev.sjl.dynamodb;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import dev.sjl.users.UserProfile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Tag("task:4")
@LocalCloudTest(services = Service.DYNAMODB)
@DisplayName("Task 4: list users a page at a time, with a sealed cursor")
class ListUsersTest {

    private static final String HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
    private static final Instant FIRST = Instant.parse("2026-01-15T10:00:00Z");
    /** Created out of order, with ids whose order is not the sign-up order. */
    private static final int[] SIGNUP_SECOND = {4, 0, 6, 2, 5, 1, 3};

    /** Seven users; the i-th to sign up (second i) has id {@code u-<6-i>}, so id order is the reverse. */
    private static DynamoDbUserRepository sevenUsers(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = new DynamoDbUserRepository(dynamo, Tables.fresh(dynamo, resources), Tables.randomKey());
        for (int second : SIGNUP_SECOND) {
            users.create(new User("u-" + (6 - second), "user" + second + "@example.com", HASH,
                    FIRST.plusSeconds(second).plusMillis(second % 2 == 0 ? 0 : 250)));
        }
        return users;
    }

    // tag::paging-test[]
    @Test
    @DisplayName("Pages through every user, oldest first, every page full but the last")
    void pagesInSignupOrder(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = sevenUsers(dynamo, resources);

        List<Integer> sizes = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        String cursor = null;
        do {
            DynamoDbUserRepository.UserPage page = users.list(3, cursor);
            sizes.add(page.users().size());
            page.users().forEach(u -> emails.add(u.email()));
            cursor = page.nextCursor();
        } while (cursor != null && sizes.size() < 10);

        assertThat(sizes).as("page sizes for 7 users, 3 per page: a Query on the index with Limit 3; a Scan with a "
                + "filter applies the Limit before the filter and returns short or empty pages").containsExactly(3, 3, 1);
        assertThat(emails).as("every user once, in sign-up order (the index's sort key), not in the order of a Scan")
                .containsExactly("user0@example.com", "user1@example.com", "user2@example.com", "user3@example.com",
                        "user4@example.com", "user5@example.com", "user6@example.com");
    }
    // end::paging-test[]

    @Test
    @DisplayName("Honours the limit, and gives no cursor when the page holds the rest")
    void honoursTheLimit(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = sevenUsers(dynamo, resources);

        DynamoDbUserRepository.UserPage one = users.list(1, null);
        DynamoDbUserRepository.UserPage two = users.list(2, null);
        DynamoDbUserRepository.UserPage all = users.list(DynamoDbUserRepository.MAX_PAGE_SIZE, null);

        assertThat(one.users()).as("list(1, null): the smallest page is allowed, and holds 1 user").hasSize(1);
        assertThat(two.users()).as("list(2, null): at most 2 users (the Query's Limit)").hasSize(2);
        assertThat(two.nextCursor()).as("a cursor, since more users follow").isNotNull();
        assertThat(all.users()).as("list(100, null) with 7 users").hasSize(7);
        assertThat(all.nextCursor()).as("no cursor after the last user").isNull();
        assertThat(all.users().get(0)).as("a listed user is a profile: id, email, createdAt")
                .isEqualTo(new UserProfile("u-6", "user0@example.com", FIRST.toString()));
    }

    @Test
    @DisplayName("Refuses a limit below 1 or above 100 as a bad request")
    void refusesBadLimits(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = sevenUsers(dynamo, resources);

        for (int limit : new int[] {0, -1, DynamoDbUserRepository.MAX_PAGE_SIZE + 1}) {
            Throwable thrown = catchThrowable(() -> users.list(limit, null));
            assertThat(thrown).as("list(%s, null) must throw InvalidPageRequestException (a 400)", limit)
                    .isInstanceOf(InvalidPageRequestException.class);
        }
    }

    @Test
    @DisplayName("Gives a cursor that shows the client nothing of the key it stands for")
    void cursorRevealsNothing(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = sevenUsers(dynamo, resources);

        String cursor = users.list(3, null).nextCursor();

        assertThat(cursor).as("the first page's cursor").isNotNull();
        String decoded = decodedAsText(cursor);
        for (String secret : List.of("USER#", "u-4", "user2", "GSI1", "2026-01-15")) {
            assertThat(cursor + " " + decoded).as("the cursor, read as it is and base64-decoded, must not contain %s: the "
                    + "LastEvaluatedKey returned raw (or only base64-encoded) shows ids, emails and the table's keys; "
                    + "seal it (AES-GCM)", secret).doesNotContain(secret);
        }
        assertThat(users.list(3, null).nextCursor()).as("the same page's cursor sealed twice: a fresh random nonce "
                + "each time makes two different cursors (GCM with a repeated nonce leaks the plaintext)").isNotEqualTo(cursor);
    }

    @Test
    @DisplayName("Refuses a cursor changed in any character, forged by the client, or sealed with another key")
    void refusesForgedCursors(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = sevenUsers(dynamo, resources);
        String cursor = users.list(3, null).nextCursor();
        assertThat(cursor).as("the first page's cursor").isNotNull();

        List<String> forged = new ArrayList<>();
        // Every character but the last, whose low bits base64 may not use.
        for (int i = 0; i < cursor.length() - 1; i++) {
            char replacement = cursor.charAt(i) == 'A' ? 'B' : 'A';
            forged.add(cursor.substring(0, i) + replacement + cursor.substring(i + 1));
        }
        String keyJson = "{\"GSI1PK\":\"USERS\",\"GSI1SK\":\"2026-01-15T10:00:05.250000000Z#u-1\","
                + "\"PK\":\"USER#u-1\",\"SK\":\"PROFILE\"}";
        forged.add(Base64.getUrlEncoder().withoutPadding().encodeToString(keyJson.getBytes(StandardCharsets.UTF_8)));
        forged.add(Base64.getEncoder().encodeToString(keyJson.getBytes(StandardCharsets.UTF_8)));
        forged.add("not a cursor!");
        forged.add("");
        forged.add(new DynamoDbUserRepository(dynamo, users.tableName(), Tables.randomKey()).list(3, null).nextCursor());

        for (String bad : forged) {
            Throwable thrown = catchThrowable(() -> users.list(3, bad));
            assertThat(thrown).as("list(3, \"%s\") must throw InvalidPageRequestException (a 400): a cursor must be "
                    + "authenticated (AES-GCM), so a changed, forged or foreign one is refused, never used as a "
                    + "start key", bad).isInstanceOf(InvalidPageRequestException.class);
            assertThat(thrown.getMessage()).as("the refusal's message is for the client, no library's words")
                    .isEqualTo("The cursor is not valid: start again from the first page.");
        }
    }

    private static String decodedAsText(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException notBase64Url) {
            return "";
        }
    }
}

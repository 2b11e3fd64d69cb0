package dev.sjl.dynamodb;

import dev.sjl.localcloud.junit.TestResources;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/** The users table of one test, made from the lab's own definition, and ways to look at it from outside. */
final class Tables {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tables() {
    }

    /** A fresh, empty table of this test's own (deleted when the test ends). */
    static String fresh(DynamoDbClient dynamo, TestResources resources) {
        String table = resources.name("users");
        UsersTable.create(dynamo, table);
        return table;
    }

    /** A cursor key as configuration would hold one: 32 random bytes. */
    static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** Every item of the table, as an operator with console access would see them. */
    static List<Map<String, AttributeValue>> everyItem(DynamoDbClient dynamo, String table) {
        return dynamo.scanPaginator(b -> b.tableName(table)).items().stream().toList();
    }
}

package dev.sjl.preferences;

import dev.sjl.dynamodb.UsersTable;
import dev.sjl.localcloud.junit.TestResources;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

/** Lab 06's users table, one per test, and a look at it from outside the code under test. */
final class Table {

    private Table() {
    }

    /** A fresh, empty users table of this test's own, made from lab 06's definition (deleted when the test ends). */
    static String fresh(DynamoDbClient dynamo, TestResources resources) {
        String table = resources.name("users");
        UsersTable.create(dynamo, table);
        return table;
    }

    /** The raw item at {@code PK}/{@code SK}, as an operator with console access would see it. */
    static Optional<Map<String, AttributeValue>> item(DynamoDbClient dynamo, String table, String pk, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(UsersTable.PK, AttributeValue.fromS(pk), UsersTable.SK, AttributeValue.fromS(sk)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }
}

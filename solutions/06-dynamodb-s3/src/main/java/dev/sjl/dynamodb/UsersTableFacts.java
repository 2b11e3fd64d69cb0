package dev.sjl.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

import java.util.ArrayList;
import java.util.List;

/**
 * What the handbook prints about the table, read from {@link UsersTable#definition(String)} itself so the book
 * cannot describe another table than the one the tests create. A class of its own: nothing at run time loads it, so
 * an unfinished definition never breaks a class the code uses.
 */
public final class UsersTableFacts {

    /** One key schema: the table's or an index's. */
    public record KeySchema(String table, String index, String partitionKey, String sortKey, String projection) {
    }

    /** One grant a function's role needs, scoped to one resource. */
    public record Permission(String function, List<String> actions, String resource) {
    }

    public static final List<KeySchema> DYNAMODB_SCHEMA = schemaOf(UsersTable.definition("users"));

    /**
     * Least privilege for the code of this lab: no Scan, no other table, no bucket-wide write (DeleteItem for unfollow
     * and unlike, which delete inside a transaction; BatchWriteItem for the post import).
     * ConditionCheckItem is the action a transaction's ConditionCheck needs; a presigned URL carries the permissions of
     * whoever signed it, so the user service may put under users/ (the upload ticket) and get under thumbnails/ (the
     * GET /users/me/avatar link) only; the thumbnail function points the profile at its thumbnail (AvatarProfiles, one
     * UpdateItem); table management belongs to the deployment.
     */
    public static final List<Permission> IAM_PERMISSIONS = List.of(
            new Permission("user service", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem", "dynamodb:Query"),
                    "table/users"),
            new Permission("user service", List.of("dynamodb:Query"), "table/users/index/" + UsersTable.BY_CREATION),
            new Permission("user service", List.of("s3:PutObject"), "bucket avatars, users/*"),
            new Permission("user service", List.of("s3:GetObject"), "bucket avatars, thumbnails/*"),
            new Permission("thumbnail", List.of("s3:GetObject", "s3:DeleteObject"), "bucket avatars, users/*"),
            new Permission("thumbnail", List.of("s3:PutObject"), "bucket avatars, thumbnails/* and quarantine/*"),
            new Permission("thumbnail", List.of("dynamodb:UpdateItem"), "table/users"),
            new Permission("deployment", List.of("dynamodb:CreateTable", "dynamodb:UpdateTimeToLive",
                    "dynamodb:DescribeTable"), "table/users"));

    private UsersTableFacts() {
    }

    private static List<KeySchema> schemaOf(CreateTableRequest table) {
        List<KeySchema> rows = new ArrayList<>();
        rows.add(new KeySchema(table.tableName(), "(table)", key(table.keySchema(), KeyType.HASH),
                key(table.keySchema(), KeyType.RANGE), "(all)"));
        table.globalSecondaryIndexes().forEach(index -> rows.add(new KeySchema(table.tableName(), index.indexName(),
                key(index.keySchema(), KeyType.HASH), key(index.keySchema(), KeyType.RANGE),
                index.projection().projectionTypeAsString())));
        return List.copyOf(rows);
    }

    private static String key(List<KeySchemaElement> schema, KeyType type) {
        return schema.stream().filter(k -> k.keyType() == type).map(KeySchemaElement::attributeName).findFirst()
                .orElse("—");
    }
}

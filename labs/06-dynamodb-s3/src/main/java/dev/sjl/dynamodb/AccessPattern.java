package dev.sjl.dynamodb;

/**
 * What the service asks of its table, written down before the table was: each pattern names the key condition that
 * serves it and where (the table or an index). A pattern that needs a Scan is a design error, not a query to write.
 */
// tag::access-patterns[]
public enum AccessPattern {
    USER_BY_ID("Get a user by id", "PK = USER#<id>, SK = PROFILE", "table"),
    USER_BY_EMAIL("Get a user by email (log in)", "PK = EMAIL#<email>, SK = EMAIL, then the user by id", "table"),
    EMAIL_UNIQUE("Claim an email once (sign up)", "PK = EMAIL#<email>, SK = EMAIL, put with attribute_not_exists(PK) "
            + "in one transaction with USER#<id>", "table"),
    USERS_IN_SIGNUP_ORDER("List users, oldest first, a page at a time", "GSI1PK = USERS, GSI1SK > <cursor>",
            UsersTable.BY_CREATION),
    REFRESH_TOKEN("Spend a refresh token", "PK = TOKEN#<sha-256 of the token>, SK = TOKEN, conditional on not spent",
            "table"),
    REVOKED_FAMILY("Is a login revoked?", "PK = FAMILY#<familyId>, SK = REVOKED", "table");

    private final String pattern;
    private final String keyCondition;
    private final String where;

    AccessPattern(String pattern, String keyCondition, String where) {
        this.pattern = pattern;
        this.keyCondition = keyCondition;
        this.where = where;
    }

    public String pattern() {
        return pattern;
    }

    public String keyCondition() {
        return keyCondition;
    }

    /** {@code table}, or the name of the index. */
    public String where() {
        return where;
    }
}
// end::access-patterns[]

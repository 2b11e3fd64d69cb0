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
    REVOKED_FAMILY("Is a login revoked?", "PK = FAMILY#<familyId>, SK = REVOKED", "table"),
    FOLLOWERS("Followers of a user, a page at a time", "PK = USER#<id>, begins_with(SK, FOLLOWER#)", "table"),
    FOLLOWING("Whom a user follows, a page at a time", "PK = USER#<id>, begins_with(SK, FOLLOWING#)", "table"),
    FOLLOW_ONCE("Follow or unfollow (both directions agree)", "PK = USER#<followee>, SK = FOLLOWER#<follower> and "
            + "PK = USER#<follower>, SK = FOLLOWING#<followee>, in one transaction", "table"),
    POSTS_NEWEST_FIRST("A user's posts, newest first", "PK = USER#<id>, begins_with(SK, POST#), read backwards "
            + "(newest sort key first)", "table"),
    LIKE_ONCE("Like a post once, and count its likes", "PK = POST#<postId>, SK = LIKE#USER#<userId> put with "
            + "attribute_not_exists, in one transaction with ADD likes on the post", "table");

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

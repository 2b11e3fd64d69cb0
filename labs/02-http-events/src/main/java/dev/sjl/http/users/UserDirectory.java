package dev.sjl.http.users;

import dev.sjl.http.HttpException;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users, in memory: enough to route against. Each Lambda container would hold its own copy, so a real service
 * keeps them in a database (lab 06 moves them to DynamoDB).
 */
public final class UserDirectory {

    public record User(String id, String name, String email) {
    }

    private final Map<String, User> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByEmail = new ConcurrentHashMap<>();

    /**
     * Adds a user under an id the server makes up: an id taken from the client could overwrite another user.
     * The email is claimed with one atomic step, like a conditional write, not checked first and written after.
     */
    public User add(String name, String email) {
        String id = UUID.randomUUID().toString();
        if (idByEmail.putIfAbsent(email.toLowerCase(Locale.ROOT), id) != null) {
            throw HttpException.conflict("email_taken", "A user with this email address already exists.");
        }
        User user = new User(id, name, email);
        byId.put(id, user);
        return user;
    }

    public Optional<User> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The first {@code limit} users by email, so that the same request gives the same page. */
    public List<User> list(int limit) {
        return byId.values().stream().sorted(Comparator.comparing(User::email)).limit(limit).toList();
    }
}

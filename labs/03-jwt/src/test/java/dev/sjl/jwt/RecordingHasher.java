package dev.sjl.jwt;

import java.util.ArrayList;
import java.util.List;

/** A real bcrypt hasher that also notes what it was asked to do. One per test. */
final class RecordingHasher implements PasswordHasher {

    private final BcryptPasswordHasher bcrypt;
    private final List<String> checkedAgainst = new ArrayList<>();
    private int hashes;

    RecordingHasher(int cost) {
        this.bcrypt = new BcryptPasswordHasher(cost);
    }

    @Override
    public String hash(String password) {
        hashes++;
        return bcrypt.hash(password);
    }

    @Override
    public boolean matches(String password, String hash) {
        checkedAgainst.add(hash);
        return bcrypt.matches(password, hash);
    }

    /** The hashes {@link #matches} was called with since the last {@link #forget()}, in order. */
    List<String> checkedAgainst() {
        return List.copyOf(checkedAgainst);
    }

    /** How many passwords {@link #hash} was asked to hash since the last {@link #forget()}. */
    int hashes() {
        return hashes;
    }

    void forget() {
        checkedAgainst.clear();
        hashes = 0;
    }
}

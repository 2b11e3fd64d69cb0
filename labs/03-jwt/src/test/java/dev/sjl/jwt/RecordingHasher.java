package dev.sjl.jwt;

import java.util.ArrayList;
import java.util.List;

/** A real bcrypt hasher that also notes which hashes passwords were checked against. One per test. */
final class RecordingHasher implements PasswordHasher {

    private final BcryptPasswordHasher bcrypt;
    private final List<String> checkedAgainst = new ArrayList<>();

    RecordingHasher(int cost) {
        this.bcrypt = new BcryptPasswordHasher(cost);
    }

    @Override
    public String hash(String password) {
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

    void forget() {
        checkedAgainst.clear();
    }
}

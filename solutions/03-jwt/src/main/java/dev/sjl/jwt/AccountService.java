package dev.sjl.jwt;

import dev.sjl.users.Emails;
import dev.sjl.users.User;
import dev.sjl.users.UserProfile;
import dev.sjl.users.UserRepository;
import dev.sjl.users.UserServiceException;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-up, login and refresh: the rules, with no HTTP in them. The handler turns requests into calls here and
 * {@link UserServiceException}s into 4xx responses.
 */
public final class AccountService {

    private static final String INVALID_CREDENTIALS = "Email or password is incorrect.";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenIssuer tokenIssuer;
    private final RefreshTokenService refreshTokens;
    private final Clock clock;
    private final String dummyHash;

    public AccountService(UserRepository users, PasswordHasher hasher, TokenIssuer tokenIssuer,
                          RefreshTokenService refreshTokens, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.tokenIssuer = tokenIssuer;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
        // Hashed once per container, at the configured cost, from a password nobody knows: what a login for an
        // unknown email is checked against, so that it costs what a login with a wrong password costs.
        byte[] unguessable = new byte[32];
        new SecureRandom().nextBytes(unguessable);
        this.dummyHash = hasher.hash(Base64.getEncoder().encodeToString(unguessable));
    }

    // tag::signup[]
    /**
     * Creates an account and returns its public profile.
     *
     * @throws UserServiceException {@code INVALID_EMAIL}, {@code WEAK_PASSWORD} or {@code EMAIL_TAKEN}
     */
    public UserProfile signup(String email, String password) {
        // BEGIN TASK 4
        String normalised = Emails.normalise(email);
        // Both checks come before the hash: bcrypt is the expensive step, never spent on a request that will fail.
        PasswordPolicy.check(password);
        User user = new User(UUID.randomUUID().toString(), normalised, hasher.hash(password), clock.instant());
        users.create(user);
        return UserProfile.of(user);
        // STARTER
        //| // TODO: normalise the email and check the password policy first (bcrypt is expensive: never spend it on a request
        //| //  that will fail), then store a User with a random UUID, the hash and clock.instant(); return its profile.
        //| throw new UnsupportedOperationException("Task 4: sign a user up");
        // END TASK 4
    }
    // end::signup[]

    // tag::login[]
    /**
     * An access token and a refresh token for the right email and password.
     *
     * @throws UserServiceException {@code INVALID_CREDENTIALS}, the same one for an unknown email and a wrong password
     */
    public Tokens login(String email, String password) {
        // BEGIN TASK 5
        Optional<User> user = findByEmail(email);
        // An unknown email still costs one bcrypt check, against the dummy hash: answering faster for unknown
        // emails would tell an attacker which ones are registered, as surely as a different message would.
        String hash = user.map(User::passwordHash).orElse(dummyHash);
        boolean matches = hasher.matches(password, hash);
        if (user.isEmpty() || !matches) {
            throw new UserServiceException(UserServiceException.Reason.INVALID_CREDENTIALS, INVALID_CREDENTIALS);
        }
        return tokensFor(user.get().id(), refreshTokens.issue(user.get().id()));
        // STARTER
        //| // TODO: one answer for an unknown email and a wrong password (INVALID_CREDENTIALS, the same message), and the
        //| //  same work: an unknown (or malformed) email is checked against dummyHash. On success, tokensFor(id, a new refresh
        //| //  token from refreshTokens.issue).
        //| throw new UnsupportedOperationException("Task 5: log in without telling which emails have accounts");
        // END TASK 5
    }
    // end::login[]

    /**
     * New tokens for a valid refresh token, which is spent (see {@link RefreshTokenService#rotate(String)}).
     *
     * @throws UserServiceException {@code INVALID_REFRESH_TOKEN}, also when the account no longer exists
     */
    public Tokens refresh(String refreshToken) {
        RefreshTokenService.Rotation rotation = refreshTokens.rotate(refreshToken);
        if (users.findById(rotation.userId()).isEmpty()) {
            throw new UserServiceException(UserServiceException.Reason.INVALID_REFRESH_TOKEN, "The refresh token is not valid. Log in again.");
        }
        return tokensFor(rotation.userId(), rotation.refreshToken());
    }

    /** The profile of a user id taken from a verified token: never from anything else the client sent. */
    public Optional<UserProfile> profile(String userId) {
        return users.findById(userId).map(UserProfile::of);
    }

    private Optional<User> findByEmail(String email) {
        try {
            return users.findByEmail(Emails.normalise(email));
        } catch (UserServiceException notAnEmail) {
            // Cannot be registered; fall through to the same dummy check as any unknown email.
            return Optional.empty();
        }
    }

    private Tokens tokensFor(String userId, String refreshToken) {
        return Tokens.bearer(tokenIssuer.issueAccessToken(userId), tokenIssuer.accessTokenTtl().toSeconds(), refreshToken);
    }
}

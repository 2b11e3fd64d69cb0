package dev.sjl.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Turns DynamoDB's {@code LastEvaluatedKey} into a cursor the client can hand back but can neither read nor forge:
 * AES-256-GCM, a random 96-bit nonce per cursor, and the purpose as associated data, so a cursor of one listing is
 * refused by another. A raw key would show the client other users' ids and emails, and let it start a page anywhere,
 * even in another partition of the table.
 */
public final class CursorSealer {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;
    private final byte[] purpose;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param key     32 random bytes, from configuration (a secret), never from code
     * @param purpose what the cursors page through, e.g. {@code users-by-creation}
     */
    public CursorSealer(byte[] key, String purpose) {
        if (key == null || key.length != 32 || purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("A cursor sealer needs a 32-byte key and a purpose");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.purpose = purpose.getBytes(StandardCharsets.UTF_8);
    }

    // tag::seal[]
    /** The cursor for the page after {@code lastEvaluatedKey}, or null when there is no next page. */
    public String seal(Map<String, AttributeValue> lastEvaluatedKey) {
        // TODO: null or empty key: no next page (null). Otherwise encrypt AND authenticate the key's string attributes
        //  (AES/GCM/NoPadding, a fresh random 12-byte nonce each time, the purpose as associated data) and return the
        //  nonce and ciphertext as URL-safe base64. Base64 of the raw key is not a cursor: the client can read and edit it.
        throw new UnsupportedOperationException("Task 4: seal the LastEvaluatedKey into an opaque cursor");
    }
    // end::seal[]

    /**
     * The key a cursor was sealed from, or null for no cursor (the first page).
     *
     * @throws InvalidPageRequestException for anything this sealer did not seal for this purpose, changed in any bit
     */
    public Map<String, AttributeValue> open(String cursor) {
        // TODO: null: the first page (null). Otherwise undo seal(); a cursor that is not base64, too short, changed in any
        //  bit, sealed with another key or for another purpose throws invalid(), never a library's exception.
        throw new UnsupportedOperationException("Task 4: open a cursor, refusing any that was forged or changed");
    }

    private static InvalidPageRequestException invalid() {
        return new InvalidPageRequestException("The cursor is not valid: start again from the first page.");
    }
}

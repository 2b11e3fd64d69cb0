package dev.sjl.preferences;

import java.util.List;

/**
 * Which channels a user wants notifications on. The channels are a closed list: a field the service does not know
 * is a mistake to report, not a wish to store.
 */
public record Preferences(boolean email, boolean sms) {

    /** The channels, as the JSON body names them. */
    public static final List<String> CHANNELS = List.of("email", "sms");

    /**
     * What a user who never chose gets: email on (the sign-up confirmation and security notices go there), text
     * messages off (they cost money per message and need the user's consent).
     */
    public static final Preferences DEFAULTS = new Preferences(true, false);
}

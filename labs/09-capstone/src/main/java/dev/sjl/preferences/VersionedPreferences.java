package dev.sjl.preferences;

/**
 * The preferences as stored, with the version a change must name: the body of both routes' answers. Version 0 means
 * the user never saved any (the defaults).
 */
public record VersionedPreferences(boolean email, boolean sms, long version) {

    public VersionedPreferences(Preferences preferences, long version) {
        this(preferences.email(), preferences.sms(), version);
    }
}

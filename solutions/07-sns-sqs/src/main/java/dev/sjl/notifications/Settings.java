package dev.sjl.notifications;

/** Configuration read once, in a no-argument constructor: a missing variable is named, never a NullPointerException. */
final class Settings {

    private Settings() {
    }

    static String require(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name + " is not set");
        }
        return value;
    }
}

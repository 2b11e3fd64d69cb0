package dev.sjl.localcloud;

/** An emulator reached with JDBC rather than an AWS client (PostgreSQL): it hands out its master connection. */
interface DatabaseEmulator extends RunningEmulator {
    PostgresConnection connection();

    /** Removes everything tests created (the local cloud's reset); says what, in a few words. */
    String reset();
}

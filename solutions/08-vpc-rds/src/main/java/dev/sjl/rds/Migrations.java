package dev.sjl.rds;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** The schema, as the versioned SQL files under {@code src/main/resources/db/migration} describe it. */
public final class Migrations {

    /** Where the SQL files are: on the function's classpath, so the schema ships with the code that needs it. */
    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    // tag::migrate[]
    /**
     * Brings the database to the newest version: runs every file not yet in {@code flyway_schema_history}, in order,
     * each in its own transaction. Concurrent cold starts are safe: Flyway holds a PostgreSQL advisory lock while it
     * migrates, so the second container waits, then finds nothing left to do (one query).
     *
     * @return how many migrations ran (0 when the schema was current)
     */
    public static int apply(DataSource dataSource) {
        // BEGIN TASK 1
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                // A migration that was edited after it ran is a mistake to stop on, not to apply over.
                .validateOnMigrate(true)
                // Never in production: a clean is a DROP of every table.
                .cleanDisabled(true)
                .load();
        return flyway.migrate().migrationsExecuted;
        // STARTER
        //| // TODO: configure Flyway with this class's class loader (the lab's test runner gives each attempt its own),
        //| //  the data source and LOCATION; refuse edited migrations and never allow clean; migrate; return how many ran.
        //| throw new UnsupportedOperationException("Task 1: run the Flyway migrations");
        // END TASK 1
    }
    // end::migrate[]
}

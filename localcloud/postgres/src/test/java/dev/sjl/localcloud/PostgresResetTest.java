package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** LocalCloud.reset() for PostgreSQL: what tests created is dropped, the master and its database stay usable. */
class PostgresResetTest {

    @Test
    @DisplayName("Drops the databases, schemas, tables and roles tests made; public is empty and usable again")
    void resetsPostgres() throws SQLException {
        try (LocalCloud cloud = LocalCloud.start(Service.POSTGRES)) {
            PostgresConnection master = cloud.postgres();
            try (Connection c = master.dataSource().getConnection(); Statement sql = c.createStatement()) {
                sql.execute("CREATE DATABASE orders");
                sql.execute("CREATE ROLE app_user LOGIN PASSWORD 'not-a-secret-just-a-test'");
                sql.execute("CREATE SCHEMA audit AUTHORIZATION app_user");
                sql.execute("CREATE TABLE public.users (id text PRIMARY KEY)");
                sql.execute("GRANT SELECT ON public.users TO app_user");
            }
            // A connection left open in the other database must not stop its drop.
            try (Connection open = master.withDatabase("orders").dataSource().getConnection()) {
                assertThat(cloud.reset().get(Service.POSTGRES))
                        .isEqualTo("1 databases, 2 schemas of postgres and 1 roles dropped");
            }

            try (Connection c = master.dataSource().getConnection(); Statement sql = c.createStatement()) {
                assertThat(names(sql, "SELECT datname FROM pg_database WHERE NOT datistemplate")).containsExactly("postgres");
                assertThat(names(sql, "SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%'")).containsExactly(master.username());
                assertThat(names(sql, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).isEmpty();
                assertThat(names(sql, "SELECT nspname FROM pg_namespace WHERE nspname = 'audit'")).isEmpty();
                sql.execute("CREATE TABLE public.users (id text PRIMARY KEY)");
                assertThat(names(sql, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).containsExactly("users");
            }
        }
    }

    @Test
    @DisplayName("Resets on one session it keeps, not a login per reset, and opens a new one when that session was ended")
    void keepsItsSession() throws SQLException {
        try (LocalCloud cloud = LocalCloud.start(Service.POSTGRES)) {
            try (Connection c = cloud.postgres().dataSource().getConnection(); Statement sql = c.createStatement()) {
                String others = "SELECT pid::text FROM pg_stat_activity WHERE backend_type = 'client backend' "
                        + "AND pid <> pg_backend_pid()";
                cloud.reset();
                List<String> first = names(sql, others);
                cloud.reset();
                assertThat(names(sql, others)).as("the other sessions after a second reset: the first reset's, and no new one")
                        .hasSize(1).isEqualTo(first);

                sql.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                        + "AND pid <> pg_backend_pid()");
                assertThat(cloud.reset().get(Service.POSTGRES)).as("a reset after its session was ended")
                        .isEqualTo("0 databases, 1 schemas of postgres and 0 roles dropped");
                assertThat(names(sql, others)).as("the session it opened instead").hasSize(1).doesNotContainAnyElementsOf(first);
            }
        }
    }

    private static List<String> names(Statement sql, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}

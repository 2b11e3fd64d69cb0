package dev.sjl.rds;

import java.sql.SQLException;

/**
 * The database failed in a way the client cannot fix (unreachable, a broken statement). Unchecked, so the router of
 * lab 02 answers it with its generic 500 JSON, which names no table, column or SQL; the cause stays for the logs.
 */
public final class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, SQLException cause) {
        super(message + " (SQLSTATE " + cause.getSQLState() + ")", cause);
    }
}

package dev.sdpmcp.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The test run's PostgreSQL, read directly, as an operator with psql would. */
public final class Db {

    private Db() {
    }

    public static Connection postgres() throws SQLException {
        return postgres(System.getProperty("it.db.name"));
    }

    public static Connection postgres(String database) throws SQLException {
        String url = "jdbc:postgresql://" + System.getProperty("it.db.host") + ":" + System.getProperty("it.db.port") + "/"
                + database;
        return DriverManager.getConnection(url, System.getProperty("it.db.user"), System.getProperty("it.db.password"));
    }

    /** An empty database of that name (dropped first if a former run left it), for a server of a test's own. */
    public static void recreate(String database) throws SQLException {
        try (Connection db = postgres("postgres"); Statement sql = db.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + database);
        }
    }

    /** The rows of a table for a client id, for tests that cannot throw checked exceptions. */
    public static List<String> rowsUnchecked(String table, String clientId) {
        try {
            return rows(table, "client_id = ?", clientId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The rows matching {@code where} once there are at least {@code count} of them (or after 10 s, whatever is there):
     * the server writes usage rows in the background, a few milliseconds after the call.
     */
    public static List<String> awaitRows(String table, int count, String where, Object... parameters) throws SQLException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> rows = rows(table, where, parameters);
        while (rows.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            rows = rows(table, where, parameters);
        }
        return rows;
    }

    /** Every column of the rows matching {@code where}, as text: to compare before and after, or to scan. */
    public static List<String> rows(String table, String where, Object... parameters) throws SQLException {
        try (Connection db = postgres(); PreparedStatement query = db.prepareStatement("SELECT * FROM " + table + " WHERE " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(result.getMetaData().getColumnName(c)).append('=').append(result.getString(c)).append('|');
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }
    }
}

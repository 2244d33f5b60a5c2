package dev.sdpmcp.persistence;

import dev.sdpmcp.config.Settings;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The database: PostgreSQL when SDP_DB_HOST is set, otherwise the embedded H2 file. Both are container data
 * sources with a container-managed persistence unit each; this bean picks one and migrates its schema.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    @PersistenceContext(unitName = "sdp-embedded")
    EntityManager embedded;

    @PersistenceContext(unitName = "sdp-postgres")
    EntityManager postgres;

    @Resource(lookup = "jdbc/sdpEmbedded")
    DataSource embeddedSource;

    @Resource(lookup = "jdbc/sdpPostgres")
    DataSource postgresSource;

    @Inject
    Settings settings;

    private volatile boolean migrated;
    private volatile String lastError;

    @Produces
    EntityManager entityManager() {
        return settings.usesPostgres() ? postgres : embedded;
    }

    public DataSource dataSource() {
        return settings.usesPostgres() ? postgresSource : embeddedSource;
    }

    public String description() {
        return settings.databaseDescription();
    }

    /** Applies pending schema migrations; true when the schema is current. Retried until it succeeds. */
    public synchronized boolean migrate() {
        if (migrated) {
            return true;
        }
        try {
            var result = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            migrated = true;
            lastError = null;
            if (result.migrationsExecuted > 0) {
                LOG.info(() -> "Database schema migrated to version " + result.targetSchemaVersion + " ("
                        + result.migrationsExecuted + " migration(s) applied)");
            }
            return true;
        } catch (RuntimeException e) {
            lastError = rootMessage(e);
            LOG.log(Level.WARNING, "Database migration failed, will retry: " + lastError);
            return false;
        }
    }

    public boolean isMigrated() {
        return migrated;
    }

    public String lastError() {
        return lastError;
    }

    /** Whether a connection can be opened and answers within two seconds. */
    public boolean reachable() {
        try (Connection connection = dataSource().getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            lastError = rootMessage(e);
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}

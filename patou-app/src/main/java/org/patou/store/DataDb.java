package org.patou.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The data directory's H2 database ({@code DATA/patou.mv.db}: inventory, feeds, decisions,
 * bouncers), shared by the stores of several commands; each store opens its own connection and
 * creates its own tables. (The server's own database is {@link StateDb}.)
 */
public final class DataDb {
  private DataDb() {}

  /** A new connection to {@code dataDir/patou.mv.db}, creating the directory when missing. */
  public static Connection connect(Path dataDir) throws SQLException {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new SQLException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("patou").toAbsolutePath(), "sa", "");
  }
}

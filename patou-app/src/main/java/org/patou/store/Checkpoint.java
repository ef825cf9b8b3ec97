package org.patou.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The last WAL sequence number the event store has committed: one line of text, written to a
 * temporary file, fsynced and renamed over the old one (atomic).
 */
public final class Checkpoint {
  private final Path file;

  public Checkpoint(Path file) {
    this.file = file;
  }

  /** The stored sequence number, 0 when there is none. */
  public long read() throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    String s = Files.readString(file, StandardCharsets.UTF_8).trim();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IOException(file + " at offset 0: not a sequence number: '" + s + "'", e);
    }
  }

  public void write(long seq) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap((seq + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}

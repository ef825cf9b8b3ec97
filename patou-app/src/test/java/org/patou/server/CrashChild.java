package org.patou.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import org.patou.acquire.http.HttpIngestConfig;

/**
 * The child JVM of {@link CrashRecoveryTest}: a server on 127.0.0.1:0 committing its store only
 * every 60 s (so that a kill finds much uncommitted work), which writes "PORT TOKEN" to the ready
 * file and waits to be killed.
 */
public final class CrashChild {
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    Path ready = Path.of(args[1]);
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    ServerOptions o = new ServerOptions(data, any, null, null, data.resolve("admin.token"), null, 30, 0,
        20_000, 60_000, ZoneOffset.UTC, HttpIngestConfig.defaults());
    PatouServer s = new PatouServer(o).start(new PrintWriter(new StringWriter()));
    String token = Files.readString(data.resolve("admin.token"), StandardCharsets.UTF_8).strip();
    Path tmp = ready.resolveSibling("ready.tmp");
    Files.writeString(tmp, s.httpAddress().getPort() + " " + token, StandardCharsets.UTF_8);
    Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE);
    Thread.sleep(Long.MAX_VALUE);
  }
}

package org.patou.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.cli.Main;
import picocli.CommandLine;

/**
 * Under the real root command (as the lead will register it): {@code --data} and {@code --config}
 * before or after {@code serve}, the configuration's {@code serve:} section read.
 */
class RealMainTest {
  @TempDir Path tmp;

  @Test
  void serveUnderTheRealRoot() throws Exception {
    Path conf = tmp.resolve("patou.yaml");
    Files.writeString(conf, "serve:\n  http: 127.0.0.1:0\n  syslog_udp: 'off'\n  syslog_tcp: 127.0.0.1:0\n",
        StandardCharsets.UTF_8);
    ServeCommand serve = new ServeCommand();
    AtomicReference<Path> data = new AtomicReference<>();
    serve.onStarted = s -> data.set(s.options().dataDir());
    // The real root, whose subcommands include serve: hand it this instance of ServeCommand.
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine cl =
        Main.commandLine(
            new Main(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> cls) throws Exception {
                return cls == ServeCommand.class ? cls.cast(serve) : defaults.create(cls);
              }
            });
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    int code = cl.execute("serve", "--config", conf.toString(), "--data", tmp.resolve("d").toString(),
        "--admin-token-file", tmp.resolve("tok").toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(data.get()).isEqualTo(tmp.resolve("d"));
    assertThat(out.toString()).contains("syslog-tcp on 127.0.0.1:").contains("HTTP on http://127.0.0.1:");
  }
}

package org.patou.cli.prevent;

import org.patou.decide.DecisionJson;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.Decision;
import org.patou.egress.ConnLog;
import org.patou.egress.EgressDecisions;
import org.patou.egress.EgressEngine;
import org.patou.egress.EgressPolicy;
import org.patou.egress.FirewallLog;
import org.patou.egress.Flow;
import org.patou.egress.Networks;
import org.patou.egress.Transfer;
import org.patou.event.Event;
import org.patou.parse.SyslogParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patou egress FILE...}: the egress view offline. Reads Zeek conn logs (TSV or JSON) or
 * kernel firewall log lines (syslog with {@code SRC= DST= LEN=}), with the flows' own time, and
 * prints the transfers it flags and the decisions it would take (dry run; nothing is stored or
 * enforced), then per internal host its bytes out by destination and time bucket and its baseline.
 * The policy is the configuration's {@code egress:} section (docs/egress.md), changed by options.
 */
@Command(name = "egress", mixinStandardHelpOptions = true,
    description = "Data leaving: bytes out per internal host by destination and time, baselines, and the transfers to new destinations that would be flagged and blocked (offline, dry run).",
    footer = {"", "Output (jsonl): one object per line, \"kind\" transfer, decision, host, destination or bytes.",
        "A summary goes to stderr. Exit codes: 0 done, 1 a file could not be read, 2 usage error."})
public final class EgressCommand implements Callable<Integer> {
  private static final JsonFactory JSON = new JsonFactory();

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Zeek conn logs or firewall logs (.gz too).")
  List<Path> files;

  @Option(names = "--type", defaultValue = "auto", paramLabel = "TYPE",
      description = "zeek, firewall or auto (by the first line; default: ${DEFAULT-VALUE}).")
  String type;

  @Option(names = "--format", defaultValue = "text", paramLabel = "FMT", description = "text or jsonl (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--internal", paramLabel = "CIDR", split = ",", description = "Internal networks (replace egress.internal; default RFC 1918 and fc00::/7).")
  List<String> internal;

  @Option(names = "--bucket", paramLabel = "DURATION", description = "Time bucket (default: egress.bucket, 1h).")
  String bucket;

  @Option(names = "--keep-buckets", paramLabel = "N", description = "Buckets shown per destination (default: egress.keep_buckets, 24).")
  Integer keepBuckets;

  @Option(names = "--host", paramLabel = "ADDR", split = ",", description = "Show only these hosts in the view.")
  List<String> only = new ArrayList<>();

  @Option(names = "--top", defaultValue = "0", paramLabel = "N", description = "Destinations shown per host, most bytes first (0: all).")
  int top;

  @Option(names = "--block", description = "Show the decisions a blocking policy would take (as egress.block: true).")
  boolean block;

  @Option(names = "--allowlist", paramLabel = "ENTRY", split = ",", description = "More allowlist entries (address, CIDR).")
  List<String> allow = new ArrayList<>();

  @Option(names = "--timezone", defaultValue = "UTC", paramLabel = "ZONE", description = "Zone of syslog times (firewall logs; default: ${DEFAULT-VALUE}).")
  String timezone;

  @Option(names = "--year", paramLabel = "YYYY", description = "Year of syslog times, which carry none (default: the current one).")
  Integer year;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean text = "text".equalsIgnoreCase(format);
    if (!text && !"jsonl".equalsIgnoreCase(format)) {
      err.println("patou: --format " + format + ": unknown (text, jsonl)");
      return 2;
    }
    if (!List.of("auto", "zeek", "firewall").contains(type)) {
      err.println("patou: --type " + type + ": unknown (zeek, firewall, auto)");
      return 2;
    }
    PreventConfig config = PreventConfig.of(spec);
    EgressPolicy policy;
    try {
      policy = policy(spec);
      if (internal != null) {
        policy = policy.withInternal(Networks.of(internal));
      }
      if (bucket != null) {
        policy = policy.withBucket(Decision.parseDuration(bucket));
      }
      if (keepBuckets != null) {
        policy = policy.withKeepBuckets(keepBuckets);
      }
      if (block) {
        policy = policy.withBlock(true);
      }
    } catch (IllegalArgumentException e) {
      err.println("patou: " + e.getMessage());
      return 2;
    }
    EgressEngine engine = new EgressEngine(policy);
    Allowlist allowlist = Allowlist.of(config.allowlist()).plus(allow);
    EgressDecisions decisions = new EgressDecisions(policy,
        new Decider(allowlist, config.escalation(), true, "egress", k -> 0));
    long[] counts = new long[3]; // records, decisions, refused
    Consumer<Flow> sink = f -> {
      Transfer t = engine.add(f);
      if (t == null) {
        return;
      }
      out.println(text ? transferText(t) : transferJson(t));
      Decider.Outcome o = decisions.decide(t);
      if (o != null && o.decision() != null) {
        counts[1]++;
        out.println(text ? "decision " + DecisionJson.text(o.decision())
            : "{\"kind\":\"decision\"," + DecisionJson.json(o.decision()).substring(1));
      } else if (o != null) {
        counts[2]++;
        err.println("patou: allowlisted, no decision: egress " + t.host() + "->" + t.destination() + " (entry " + o.refused() + ")");
      }
    };
    int code = 0;
    long start = System.nanoTime();
    ZoneId zone = ZoneId.of(timezone);
    ZonedDateTime reference = year == null ? ZonedDateTime.now(zone) : ZonedDateTime.of(year, 12, 31, 23, 59, 59, 0, zone);
    for (Path f : files) {
      if (!Files.isReadable(f)) {
        err.println("patou: " + f + ": cannot read");
        code = 1;
        continue;
      }
      try (BufferedReader in = open(f)) {
        in.mark(1 << 16);
        String first = in.readLine();
        in.reset();
        boolean zeek = type.equals("zeek") || type.equals("auto") && first != null
            && (first.startsWith("#separator") || first.startsWith("{") && first.contains("\"id.orig_h\""));
        if (zeek) {
          counts[0] += ConnLog.read(f.toString(), in, sink);
        } else {
          counts[0] += firewall(in, new SyslogParser(zone, reference), sink);
        }
      } catch (IOException e) {
        err.println("patou: " + (e instanceof ConnLog.BadLine ? "" : f + ": ") + e.getMessage());
        code = 1;
      }
    }
    view(out, engine, text);
    out.flush();
    double s = (System.nanoTime() - start) / 1e9;
    err.printf(Locale.ROOT, "egress: %d records, %d flows leaving, %d ignored (not from an internal host to outside), %d hosts, %d pairs (%d evicted), %d transfers flagged, %d decisions (dry run), %d refused by the allowlist, %.2fs%n",
        counts[0], engine.flows(), engine.ignored(), engine.view().size(), engine.pairCount(), engine.pairEvictions(),
        engine.flagged(), counts[1], counts[2], s);
    err.flush();
    return code;
  }

  private static long firewall(BufferedReader in, SyslogParser parser, Consumer<Flow> sink) throws IOException {
    long n = 0;
    for (String l = in.readLine(); l != null; l = in.readLine()) {
      if (!FirewallLog.looksLike(l)) {
        continue;
      }
      Event e = parser.parse(l);
      Object ts = e.get("@timestamp");
      Object msg = e.get("message");
      if (!(ts instanceof String t) || !(msg instanceof String m)) {
        continue;
      }
      Flow f = FirewallLog.parse(java.time.Instant.parse(t), m);
      if (f != null) {
        n++;
        sink.accept(f);
      }
    }
    return n;
  }

  private static BufferedReader open(Path f) throws IOException {
    InputStream in = Files.newInputStream(f);
    if (f.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** The {@code egress:} section of {@code --config}, or the defaults. */
  static EgressPolicy policy(CommandSpec spec) throws IOException {
    Path config = org.patou.cli.RootOptions.config(spec);
    return config == null ? EgressPolicy.DEFAULT : EgressPolicy.read(config);
  }

  private void view(PrintWriter out, EgressEngine engine, boolean text) {
    for (EgressEngine.HostView h : engine.view()) {
      if (!only.isEmpty() && !only.contains(h.host())) {
        continue;
      }
      List<EgressEngine.PairView> ds = top > 0 && h.destinations().size() > top ? h.destinations().subList(0, top) : h.destinations();
      if (text) {
        out.printf(Locale.ROOT, "host %s bytes=%d flows=%d destinations=%d baseline: samples=%d median=%.0f mad=%.0f p99=%.0f threshold=%s%n",
            h.host(), h.bytes(), h.flows(), h.destinations().size(), h.samples(), h.median(), h.mad(), h.p99(),
            Double.isNaN(h.threshold()) ? "-" : String.format(Locale.ROOT, "%.0f", h.threshold()));
        for (EgressEngine.PairView p : ds) {
          StringBuilder b = new StringBuilder();
          for (EgressEngine.Bucket k : p.buckets()) {
            b.append(' ').append(k.start()).append('=').append(k.bytes());
          }
          out.printf(Locale.ROOT, "  -> %-39s bytes=%d flows=%d first=%s last=%s%s%n", p.destination(), p.bytes(), p.flows(),
              p.firstSeen(), p.lastSeen(), b);
        }
        continue;
      }
      out.println(json(g -> {
        g.writeStringField("kind", "host");
        g.writeStringField("host", h.host());
        g.writeNumberField("bytes", h.bytes());
        g.writeNumberField("flows", h.flows());
        g.writeNumberField("destinations", h.destinations().size());
        g.writeNumberField("samples", h.samples());
        g.writeNumberField("median", h.median());
        g.writeNumberField("mad", h.mad());
        g.writeNumberField("p99", h.p99());
        if (!Double.isNaN(h.threshold())) {
          g.writeNumberField("threshold", h.threshold());
        }
      }));
      for (EgressEngine.PairView p : ds) {
        out.println(json(g -> {
          g.writeStringField("kind", "destination");
          g.writeStringField("host", h.host());
          g.writeStringField("destination", p.destination());
          g.writeNumberField("bytes", p.bytes());
          g.writeNumberField("flows", p.flows());
          g.writeStringField("first", p.firstSeen().toString());
          g.writeStringField("last", p.lastSeen().toString());
        }));
        for (EgressEngine.Bucket k : p.buckets()) {
          out.println(json(g -> {
            g.writeStringField("kind", "bytes");
            g.writeStringField("host", h.host());
            g.writeStringField("destination", p.destination());
            g.writeStringField("bucket", k.start().toString());
            g.writeNumberField("bytes", k.bytes());
            g.writeNumberField("flows", k.flows());
          }));
        }
      }
    }
  }

  static String transferText(Transfer t) {
    return String.format(Locale.ROOT, "transfer %s %s -> %s bytes=%d flows=%d rule=%s threshold=%s z=%s bucket=%s first_seen=%s",
        t.at(), t.host(), t.destination(), t.bytes(), t.flows(), t.rule(),
        Double.isNaN(t.threshold()) ? "-" : String.format(Locale.ROOT, "%.0f", t.threshold()),
        Double.isNaN(t.z()) ? "-" : String.format(Locale.ROOT, "%.1f", t.z()), t.bucket(), t.firstSeen());
  }

  static String transferJson(Transfer t) {
    return json(g -> {
      g.writeStringField("kind", "transfer");
      g.writeStringField("host", t.host());
      g.writeStringField("destination", t.destination());
      g.writeStringField("at", t.at().toString());
      g.writeStringField("bucket", t.bucket().toString());
      g.writeStringField("first_seen", t.firstSeen().toString());
      g.writeNumberField("bytes", t.bytes());
      g.writeNumberField("flows", t.flows());
      g.writeStringField("rule", t.rule());
      if (!Double.isNaN(t.threshold())) {
        g.writeNumberField("threshold", t.threshold());
      }
      g.writeNumberField("samples", t.samples());
      g.writeNumberField("median", t.median());
      g.writeNumberField("mad", t.mad());
      g.writeNumberField("p99", t.p99());
    });
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static String json(Fields f) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      f.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

}

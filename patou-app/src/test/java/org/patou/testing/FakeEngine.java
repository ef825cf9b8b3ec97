package org.patou.testing;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.patou.event.Event;
import org.patou.hunt.Engine;
import org.patou.hunt.LoadSummary;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleInfo;
import org.patou.sigma.rule.RuleProblem;
import org.patou.sigma.rule.RuleSource;

/**
 * A stand-in for the Sigma engine, to test the app's plumbing (files, threads, output, exit codes)
 * apart from the engine. A "rule" is a YAML-looking file with {@code id:}, {@code title:}, {@code
 * level:} and a line {@code # fake: FIELD=VALUE}: it fires on events whose FIELD equals VALUE (as
 * text). A file holding {@code broken} on line N is invalid at line N; one holding {@code
 * unsupported} is unsupported. Channels given to the constructor may not match.
 */
public final class FakeEngine implements Engine {
  private static final Pattern LINE = Pattern.compile("(?m)^(id|title|level):\\s*(.+)$");
  private static final Pattern FAKE = Pattern.compile("(?m)^# fake: ([^=\\n]+)=(.*)$");

  record Rule(RuleInfo info, String field, String value) {}

  private final java.util.Set<String> refusedChannels;

  public FakeEngine() {
    this(java.util.Set.of("Skipped/Channel"));
  }

  /** An engine whose matchers say no rule reads {@code refusedChannels}. */
  public FakeEngine(java.util.Set<String> refusedChannels) {
    this.refusedChannels = refusedChannels;
  }

  @Override
  public Loaded load(List<RuleSource> sources, Level minLevel) {
    List<Rule> rules = new ArrayList<>();
    List<RuleProblem> invalid = new ArrayList<>();
    List<RuleProblem> unsupported = new ArrayList<>();
    int loaded = 0;
    for (RuleSource s : sources) {
      String[] lines = s.text().split("\n", -1);
      int broken = 0;
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains("broken")) {
          broken = i + 1;
        }
      }
      String id = null;
      String title = null;
      Level level = null;
      Matcher m = LINE.matcher(s.text());
      while (m.find()) {
        switch (m.group(1)) {
          case "id" -> id = m.group(2).trim();
          case "title" -> title = m.group(2).trim();
          default -> level = Level.parse(m.group(2));
        }
      }
      if (broken > 0) {
        invalid.add(new RuleProblem(RuleProblem.Kind.INVALID, id, s.name(), broken, "broken here"));
        continue;
      }
      if (s.text().contains("unsupported")) {
        unsupported.add(new RuleProblem(RuleProblem.Kind.UNSUPPORTED, id, s.name(), 0, "uses something unsupported"));
        continue;
      }
      Matcher f = FAKE.matcher(s.text());
      if (title == null || !f.find()) {
        invalid.add(new RuleProblem(RuleProblem.Kind.INVALID, id, s.name(), 1, "no title or no fake line"));
        continue;
      }
      loaded++;
      RuleInfo info = new RuleInfo(id, null, title, level, "test", List.of(), Map.of(), s.name(), false);
      if (level == null || level.compareTo(minLevel) >= 0) {
        rules.add(new Rule(info, f.group(1).trim(), f.group(2).trim()));
      }
    }
    return new Loaded(
        new LoadSummary(sources.size(), sources.size(), loaded, 0, unsupported, invalid),
        new FakeMatcher(List.copyOf(rules), refusedChannels));
  }

  static final class FakeMatcher implements org.patou.hunt.Matcher {
    private final List<Rule> rules;
    private final java.util.Set<String> refused;

    FakeMatcher(List<Rule> rules, java.util.Set<String> refused) {
      this.rules = rules;
      this.refused = refused;
    }

    @Override
    public void match(Event event, Consumer<Detection> out) {
      for (Rule r : rules) {
        Object v = event.get(r.field());
        if (v != null && String.valueOf(v).equals(r.value())) {
          out.accept(new Detection(r.info(), timestampOf(event), List.of(event), Map.of()));
        }
      }
    }

    @Override
    public void finish(Consumer<Detection> out) {}

    @Override
    public org.patou.hunt.Matcher copy() {
      return new FakeMatcher(rules, refused);
    }

    @Override
    public long timestampOf(Event event) {
      for (String f : new String[] {"@timestamp", "Event.System.TimeCreated.#attributes.SystemTime"}) {
        Object v = event.get(f);
        if (v instanceof String s) {
          try {
            return Instant.parse(s).toEpochMilli();
          } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
          }
        }
      }
      return Long.MIN_VALUE;
    }

    @Override
    public boolean mayMatch(String channel) {
      return !refused.contains(channel);
    }
  }
}

package org.patou.decide;

import com.google.re2j.Pattern;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.patou.event.Event;

/** A test on one event: the {@code filter:} of a scenario. */
public sealed interface Condition {
  boolean test(Event e);

  /**
   * A field that every event passing this test has (present, even if null), or null when no field
   * is certain. The engine checks it once per event for all the filters that share it, so an sshd
   * line skips the web filters at the cost of one lookup.
   */
  String anchor();

  /** True for every event. */
  Condition ALWAYS = new All(List.of());

  record All(List<Condition> of) implements Condition {
    @Override
    public String anchor() {
      for (Condition c : of) {
        String a = c.anchor();
        if (a != null) {
          return a;
        }
      }
      return null;
    }

    @Override
    public boolean test(Event e) {
      for (Condition c : of) {
        if (!c.test(e)) {
          return false;
        }
      }
      return true;
    }
  }

  record Any(List<Condition> of) implements Condition {
    @Override
    public String anchor() {
      String a = of.isEmpty() ? null : of.get(0).anchor();
      for (Condition c : of) {
        if (a == null || !a.equals(c.anchor())) {
          return null;
        }
      }
      return a;
    }

    @Override
    public boolean test(Event e) {
      for (Condition c : of) {
        if (c.test(e)) {
          return true;
        }
      }
      return false;
    }
  }

  record Not(Condition of) implements Condition {
    @Override
    public String anchor() {
      return null;
    }

    @Override
    public boolean test(Event e) {
      return !of.test(e);
    }
  }

  /** The operators of a field test. */
  enum Op {
    EQUALS, PREFIX, SUFFIX, CONTAINS, REGEX, EXISTS, GTE, LT
  }

  /**
   * A test on one field: true when the field (any element of a list) passes the operator against
   * any of the values. {@code lowercase} and {@code urldecode} transform the field's value first
   * (urldecode is applied twice, for double-encoded probes).
   */
  record Field(String field, Op op, List<String> values, boolean lowercase, boolean urldecode, Pattern regex)
      implements Condition {
    @Override
    public String anchor() {
      return op != Op.EXISTS || values.isEmpty() || Boolean.parseBoolean(values.get(0)) ? field : null;
    }

    @Override
    public boolean test(Event e) {
      Object v = e.get(field);
      if (op == Op.EXISTS) {
        boolean present = v != null && !(v instanceof org.patou.event.NullValue);
        return values.isEmpty() || Boolean.parseBoolean(values.get(0)) == present;
      }
      if (v == null) {
        return false;
      }
      if (v instanceof List<?> list) {
        for (Object o : list) {
          if (one(o)) {
            return true;
          }
        }
        return false;
      }
      return one(v);
    }

    private boolean one(Object raw) {
      if (op == Op.GTE || op == Op.LT) {
        double d;
        if (raw instanceof Number n) {
          d = n.doubleValue();
        } else {
          try {
            d = Double.parseDouble(raw.toString());
          } catch (NumberFormatException ex) {
            return false;
          }
        }
        for (String s : values) {
          double x = Double.parseDouble(s);
          if (op == Op.GTE ? d >= x : d < x) {
            return true;
          }
        }
        return false;
      }
      String s = raw.toString();
      if (urldecode) {
        s = decode(decode(s));
      }
      if (lowercase) {
        s = s.toLowerCase(Locale.ROOT);
      }
      if (op == Op.REGEX) {
        return regex.matcher(s).find();
      }
      for (String x : values) {
        boolean hit = switch (op) {
          case EQUALS -> s.equals(x);
          case PREFIX -> s.startsWith(x);
          case SUFFIX -> s.endsWith(x);
          case CONTAINS -> s.contains(x);
          default -> false;
        };
        if (hit) {
          return true;
        }
      }
      return false;
    }

    static String decode(String s) {
      if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
        return s;
      }
      try {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException ex) {
        return s;
      }
    }
  }
}

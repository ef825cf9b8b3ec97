package org.patou.sigma.parse;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import inet.ipaddr.IPAddressString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.patou.sigma.expr.CmpOp;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.StrOp;
import org.patou.sigma.expr.Test;
import org.patou.sigma.expr.TimePart;
import org.patou.sigma.parse.YNode.YList;
import org.patou.sigma.parse.YNode.YScalar;

/**
 * Turns one detection entry ({@code Field|mod1|mod2: value or list}) into an {@link Expr}. Applies
 * the transformation modifiers in the written order (expand, windash, encodings) and reads the type
 * modifiers (re, cidr, numeric, time, exists, fieldref) as the kind of test to build.
 */
public final class ValueParser {
  private static final Set<String> KNOWN =
      Set.of(
          "contains", "startswith", "endswith", "all", "base64", "base64offset", "utf16le",
          "utf16be", "utf16", "wide", "windash", "re", "i", "m", "s", "cidr", "exists", "expand",
          "fieldref", "lt", "lte", "gt", "gte", "neq", "cased", "minute", "hour", "day", "week",
          "month", "year");

  private final Map<String, List<String>> placeholders;

  public ValueParser(Map<String, List<String>> placeholders) {
    this.placeholders = placeholders;
  }

  /** Parsed modifiers of one key. */
  private static final class Mods {
    StrOp position;
    boolean all;
    boolean cased;
    boolean re;
    int reFlags;
    boolean cidr;
    boolean exists;
    boolean expand;
    boolean fieldref;
    boolean neq;
    boolean windash;
    CmpOp cmp;
    TimePart time;
    final List<String> encodings = new ArrayList<>(); // in order
  }

  public Expr parse(String key, YNode value, int line) {
    List<String> parts = splitPipes(key);
    String field = parts.get(0).isEmpty() ? null : parts.get(0);
    Mods m = mods(parts.subList(1, parts.size()), line);
    List<YNode> values = value instanceof YList l ? l.items() : List.of(value);
    if (values.isEmpty()) {
      throw RuleException.invalid(line, "empty value list for '" + key + "'");
    }
    if (m.exists) {
      return exists(field, values, line, key);
    }
    List<Expr> tests = new ArrayList<>();
    for (YNode v : values) {
      if (!(v instanceof YScalar s)) {
        throw RuleException.invalid(v.line(), "value of '" + key + "' must be a scalar or a list");
      }
      tests.add(one(field, s, m, key));
    }
    if (m.all && values.size() > 1) {
      return new Expr.And(tests);
    }
    Expr any = Expr.or(tests);
    if (m.neq) {
      // neq: the field is there and differs from every value.
      return new Expr.And(List.of(new Expr.Exists(field), new Expr.Not(any)));
    }
    return any;
  }

  private static List<String> splitPipes(String key) {
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= key.length(); i++) {
      if (i == key.length() || key.charAt(i) == '|') {
        out.add(key.substring(from, i));
        from = i + 1;
      }
    }
    return out;
  }

  private static Mods mods(List<String> names, int line) {
    Mods m = new Mods();
    for (String raw : names) {
      String n = raw.trim();
      if (!KNOWN.contains(n)) {
        throw RuleException.invalid(line, "unknown modifier '" + n + "'");
      }
      switch (n) {
        case "contains":
          m.position = StrOp.CONTAINS;
          break;
        case "startswith":
          m.position = StrOp.STARTS_WITH;
          break;
        case "endswith":
          m.position = StrOp.ENDS_WITH;
          break;
        case "all":
          m.all = true;
          break;
        case "cased":
          m.cased = true;
          break;
        case "re":
          m.re = true;
          break;
        case "i":
        case "m":
        case "s":
          if (!m.re) {
            throw RuleException.invalid(line, "modifier '" + n + "' is only valid after 're'");
          }
          m.reFlags |=
              n.equals("i") ? Pattern.CASE_INSENSITIVE : n.equals("m") ? Pattern.MULTILINE : Pattern.DOTALL;
          break;
        case "cidr":
          m.cidr = true;
          break;
        case "exists":
          m.exists = true;
          break;
        case "expand":
          m.expand = true;
          break;
        case "fieldref":
          m.fieldref = true;
          break;
        case "neq":
          m.neq = true;
          break;
        case "windash":
          m.windash = true;
          break;
        case "lt":
          m.cmp = CmpOp.LT;
          break;
        case "lte":
          m.cmp = CmpOp.LTE;
          break;
        case "gt":
          m.cmp = CmpOp.GT;
          break;
        case "gte":
          m.cmp = CmpOp.GTE;
          break;
        case "minute":
          m.time = TimePart.MINUTE;
          break;
        case "hour":
          m.time = TimePart.HOUR;
          break;
        case "day":
          m.time = TimePart.DAY;
          break;
        case "week":
          m.time = TimePart.WEEK;
          break;
        case "month":
          m.time = TimePart.MONTH;
          break;
        case "year":
          m.time = TimePart.YEAR;
          break;
        default: // encodings
          m.encodings.add(n);
      }
    }
    int types = (m.re ? 1 : 0) + (m.cidr ? 1 : 0) + (m.exists ? 1 : 0) + (m.fieldref ? 1 : 0)
        + (m.cmp != null && m.time == null ? 1 : 0) + (m.time != null ? 1 : 0);
    if (types > 1) {
      throw RuleException.invalid(line, "modifiers " + names + " cannot be combined");
    }
    return m;
  }

  private static Expr exists(String field, List<YNode> values, int line, String key) {
    if (field == null) {
      throw RuleException.invalid(line, "'exists' needs a field name");
    }
    if (values.size() != 1
        || !(values.get(0) instanceof YScalar s)
        || s.type() != YScalar.Type.BOOL) {
      throw RuleException.invalid(line, "'" + key + "' takes true or false");
    }
    boolean want = s.text().equalsIgnoreCase("true");
    Expr e = new Expr.Exists(field);
    return want ? e : new Expr.Not(e);
  }

  private Expr one(String field, YScalar s, Mods m, String key) {
    int line = s.line();
    if (s.isNull()) {
      if (field == null) {
        throw RuleException.invalid(line, "a keyword cannot be null");
      }
      return new Expr.IsNull(field);
    }
    String text = s.text();
    if (m.re) {
      try {
        Pattern.compile(text, m.reFlags);
      } catch (PatternSyntaxException e) {
        throw RuleException.unsupported(
            line, "regular expression not supported by RE2 (linear-time engine): " + e.getMessage());
      }
      return new Expr.Match(field, new Test.Regex(text, m.reFlags));
    }
    if (m.cidr) {
      IPAddressString ip = new IPAddressString(text.trim());
      if (!ip.isValid() || ip.getAddress() == null) {
        throw RuleException.invalid(line, "not a CIDR network: '" + text + "'");
      }
      return new Expr.Match(field, new Test.Cidr(ip.getAddress().toPrefixBlock().toCanonicalString()));
    }
    if (m.time != null) {
      long n = number(text, line).longValue();
      return new Expr.Match(field, new Test.TimeOf(m.time, m.cmp == null ? CmpOp.EQ : m.cmp, n));
    }
    if (m.cmp != null) {
      return new Expr.Match(field, new Test.Num(m.cmp, number(text, line)));
    }
    if (m.fieldref) {
      if (field == null) {
        throw RuleException.invalid(line, "'fieldref' needs a field name");
      }
      return new Expr.FieldEq(
          field, text, m.position == null ? StrOp.EQUALS : m.position, m.cased);
    }
    List<String> patterns = new ArrayList<>();
    for (String raw : m.expand ? expand(text, line) : List.of(text)) {
      List<String> forms = List.of(SigmaString.parse(raw));
      if (m.windash) {
        forms = SigmaString.windash(forms.get(0), line);
      }
      for (String f : forms) {
        patterns.addAll(encode(f, m.encodings, line));
      }
    }
    // A keyword without a position modifier is a free-text search: anywhere in a value.
    StrOp pos = m.position == null && field == null ? StrOp.CONTAINS : m.position;
    List<Expr> out = new ArrayList<>();
    for (String p : patterns) {
      out.add(new Expr.Match(field, SigmaString.toTest(SigmaString.position(p, pos), m.cased)));
    }
    return Expr.or(out);
  }

  private static BigDecimal number(String text, int line) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      try {
        return BigDecimal.valueOf(Long.decode(text.trim()));
      } catch (NumberFormatException e2) {
        throw RuleException.invalid(line, "not a number: '" + text + "'");
      }
    }
  }

  private static List<String> encode(String parsed, List<String> encodings, int line) {
    if (encodings.isEmpty()) {
      return List.of(parsed);
    }
    if (SigmaString.hasWildcards(parsed)) {
      throw RuleException.unsupported(line, "wildcards inside an encoded value (" + encodings + ")");
    }
    boolean byteString = false; // true after utf16: each char is one byte
    List<String> strings = List.of(parsed);
    for (String enc : encodings) {
      List<String> next = new ArrayList<>();
      for (String s : strings) {
        byte[] b = s.getBytes(byteString ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        switch (enc) {
          case "base64":
            next.add(Encodings.base64(b));
            break;
          case "base64offset":
            next.addAll(Encodings.base64offset(b));
            break;
          default:
            next.add(Encodings.bytesAsChars(Encodings.utf16(s, enc)));
        }
      }
      strings = next;
      byteString = enc.startsWith("utf16") || enc.equals("wide");
    }
    return strings;
  }

  /** Replaces {@code %name%} placeholders with each configured value; {@code \%} is a plain %. */
  private List<String> expand(String text, int line) {
    List<StringBuilder> outs = new ArrayList<>();
    outs.add(new StringBuilder());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '%') {
        outs.forEach(b -> b.append('%'));
        i++;
      } else if (c == '%' && text.indexOf('%', i + 1) > i) {
        int end = text.indexOf('%', i + 1);
        String name = text.substring(i + 1, end);
        List<String> vals = placeholders.get(name);
        if (vals == null || vals.isEmpty()) {
          throw RuleException.unsupported(
              line, "placeholder %" + name + "% has no values configured (expand)");
        }
        List<StringBuilder> next = new ArrayList<>();
        for (StringBuilder b : outs) {
          for (String v : vals) {
            next.add(new StringBuilder(b).append(v));
          }
        }
        outs = next;
        i = end;
      } else {
        outs.forEach(b -> b.append(c));
      }
    }
    List<String> r = new ArrayList<>();
    outs.forEach(b -> r.add(b.toString()));
    return r;
  }
}

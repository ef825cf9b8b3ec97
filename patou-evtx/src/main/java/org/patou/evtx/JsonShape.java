package org.patou.evtx;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a record tree in the JSON shape of the reference reader (Rust {@code evtx} 0.12, {@code
 * evtx_dump -o json}), which is the shape of the Sigma regression JSON:
 *
 * <ul>
 *   <li>{@code {"Event": <value of the root>}}; element names are keys, repeated names get {@code
 *       _1}, {@code _2}… suffixes;
 *   <li>an element with no child element and no non-empty attribute is its text: a number when its
 *       content is exactly one integer or boolean value, else a string; {@code null} when empty;
 *   <li>otherwise an object: non-empty attributes under {@code #attributes}, text under {@code
 *       #text}, then child elements;
 *   <li>inside {@code EventData} and {@code UserData}: when some {@code Data} child has a non-empty
 *       {@code Name} attribute, each named {@code Data} becomes {@code "<Name>": value} (unnamed ones
 *       are dropped); otherwise all {@code Data} children become {@code "Data": {"#text": v}} or
 *       {@code {"#text": [v, …]}}; an empty {@code Data} is {@code ""}; a {@code Data} holding
 *       elements (nested BinXML) is an object of those elements, without its attributes.
 * </ul>
 */
final class JsonShape {
  private static final int MAX_UNIQUE_NAMES = 64;

  private final StringBuilder text = new StringBuilder(256);

  void write(XElement root, JsonSink out) {
    out.startObject();
    out.field(root.name);
    elementValue(root, false, out);
    out.endObject();
  }

  // ---- content classification -----------------------------------------------------------------

  static boolean nonEmptyNode(Object n) {
    if (n instanceof String s) {
      return !s.isEmpty();
    }
    if (n instanceof XValue v) {
      return !v.isEmpty();
    }
    if (n instanceof XRef r) {
      return r.kind() == XRef.Kind.CHAR_REF
          || r.kind() == XRef.Kind.ENTITY_REF
          || (r.kind() == XRef.Kind.CDATA && !r.text().isEmpty());
    }
    return false;
  }

  static boolean hasText(List<Object> nodes) {
    for (int i = 0, n = nodes.size(); i < n; i++) {
      if (nonEmptyNode(nodes.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasAttrText(XElement e) {
    if (e.attrs != null) {
      for (XAttr a : e.attrs) {
        if (hasText(a.value)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Concatenated text of the non-element nodes. */
  String text(List<Object> nodes) {
    if (nodes.size() == 1 && nodes.get(0) instanceof String s) {
      return s;
    }
    StringBuilder sb = text;
    sb.setLength(0);
    for (int i = 0, n = nodes.size(); i < n; i++) {
      Object o = nodes.get(i);
      if (o instanceof String s) {
        sb.append(s);
      } else if (o instanceof XValue v) {
        ValueText.append(sb, v);
      } else if (o instanceof XRef r) {
        switch (r.kind()) {
          case CHAR_REF:
            sb.append("&#").append(r.codePoint()).append(';');
            break;
          case ENTITY_REF:
            appendEntity(sb, r.text());
            break;
          case CDATA:
            sb.append(r.text());
            break;
          default:
            break;
        }
      }
    }
    return sb.toString();
  }

  /** The five predefined XML entities become their character; others stay {@code &name;}. */
  static void appendEntity(StringBuilder sb, String name) {
    switch (name) {
      case "lt":
        sb.append('<');
        break;
      case "gt":
        sb.append('>');
        break;
      case "amp":
        sb.append('&');
        break;
      case "quot":
        sb.append('"');
        break;
      case "apos":
        sb.append('\'');
        break;
      default:
        sb.append('&').append(name).append(';');
    }
  }

  private static void number(XValue v, JsonSink out) {
    if (v.type == XValue.BOOL) {
      out.bool(v.num != 0);
    } else {
      out.number(v.num, v.type == XValue.UINT64);
    }
  }

  /** Exactly one node, an integer or boolean value: written as a number. */
  private void contentValue(List<Object> nodes, JsonSink out) {
    if (nodes.size() == 1 && nodes.get(0) instanceof XValue v && v.isNumeric()) {
      number(v, out);
    } else {
      out.string(text(nodes));
    }
  }

  /** {@code #text} of an object: numeric when exactly one non-empty value and no other text. */
  private void mixedContentValue(List<Object> nodes, JsonSink out) {
    XValue single = null;
    boolean numeric = true;
    for (Object o : nodes) {
      if (o instanceof XElement) {
        continue;
      }
      if (o instanceof String s) {
        if (!s.isEmpty()) {
          numeric = false;
          break;
        }
      } else if (o instanceof XValue v) {
        if (v.isEmpty()) {
          continue;
        }
        if (single != null) {
          numeric = false;
          break;
        }
        single = v;
      } else if (o instanceof XRef r
          && (r.kind() == XRef.Kind.CHAR_REF || r.kind() == XRef.Kind.ENTITY_REF || r.kind() == XRef.Kind.CDATA)) {
        if (r.kind() != XRef.Kind.CDATA || !r.text().isEmpty()) {
          numeric = false;
          break;
        }
      }
    }
    if (numeric && single != null && single.isNumeric()) {
      number(single, out);
    } else {
      out.string(text(nodes));
    }
  }

  // ---- elements -------------------------------------------------------------------------------

  private void elementValue(XElement e, boolean container, JsonSink out) {
    boolean attrText = hasAttrText(e);
    if (!e.hasElementChild && !attrText) {
      if (hasText(e.children)) {
        contentValue(e.children, out);
      } else {
        out.nul();
      }
    } else {
      body(e, container, attrText, out);
    }
  }

  private void dataValue(XElement e, JsonSink out) {
    if (e.hasElementChild) {
      body(e, false, false, out); // the reference drops a Data element's attributes here
    } else if (!hasText(e.children)) {
      out.string("");
    } else {
      contentValue(e.children, out);
    }
  }

  private static List<Object> nameAttr(XElement e) {
    return e.attr("Name");
  }

  /** An element as an object; {@code withAttributes}: some attribute has text and is written. */
  private void body(XElement e, boolean container, boolean withAttributes, JsonSink out) {
    ArrayList<Object> children = e.children;
    boolean flatten = false;
    int dataCount = 0;
    if (container) {
      for (Object o : children) {
        if (o instanceof XElement c && c.name.equals("Data")) {
          dataCount++;
          List<Object> n = nameAttr(c);
          if (n != null && hasText(n)) {
            flatten = true;
          }
        }
      }
    }
    out.startObject();
    if (withAttributes) { // the caller checked that some attribute has text
      out.field("#attributes");
      out.startObject();
      for (XAttr a : e.attrs) {
        if (hasText(a.value)) {
          out.field(a.name);
          contentValue(a.value, out);
        }
      }
      out.endObject();
    }
    if (hasText(children)) {
      out.field("#text");
      mixedContentValue(children, out);
    }
    // Suffixes for repeated names; saved and restored around recursion.
    int unique = 0;
    String[] names = null;
    int[] counts = null;
    boolean dataDone = false;
    for (Object o : children) {
      if (!(o instanceof XElement c)) {
        continue;
      }
      if (container && c.name.equals("Data")) {
        if (flatten) {
          List<Object> n = nameAttr(c);
          if (n != null && hasText(n)) {
            out.field(text(n));
            dataValue(c, out);
          }
        } else if (!dataDone) {
          dataDone = true;
          out.field("Data");
          out.startObject();
          out.field("#text");
          if (dataCount == 1) {
            dataValue(c, out);
          } else {
            out.startArray();
            for (Object o2 : children) {
              if (o2 instanceof XElement d && d.name.equals("Data")) {
                dataValue(d, out);
              }
            }
            out.endArray();
          }
          out.endObject();
        }
        continue;
      }
      if (names == null) {
        names = new String[Math.min(MAX_UNIQUE_NAMES, children.size())];
        counts = new int[names.length];
      }
      int suffix = 0;
      boolean found = false;
      for (int i = 0; i < unique; i++) {
        if (names[i] == c.name || names[i].equals(c.name)) {
          suffix = counts[i]++;
          found = true;
          break;
        }
      }
      if (!found && unique < names.length) {
        names[unique] = c.name;
        counts[unique++] = 1;
      }
      out.field(suffix == 0 ? c.name : c.name + "_" + suffix);
      elementValue(c, c.name.equals("EventData") || c.name.equals("UserData"), out);
    }
    out.endObject();
  }
}

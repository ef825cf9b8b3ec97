package org.patou.evtx;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a record tree as XML text in the layout of {@code evtx_dump -o xml}: an XML declaration,
 * two-space indentation, text-only elements on one line, elements without any child node as an open and a close tag
 * on two lines ({@code <Binary></Binary>} on one), values escaped ({@code & < >}, plus quotes in
 * attributes), CDATA kept, entity and character references kept as written.
 */
final class XmlRenderer {
  private final StringBuilder sb = new StringBuilder(2048);

  String render(XElement root) {
    sb.setLength(0);
    sb.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    element(root, 0);
    return sb.toString();
  }

  private void indent(int n) {
    for (int i = 0; i < n; i++) {
      sb.append(' ');
    }
  }

  private void element(XElement e, int indent) {
    indent(indent);
    sb.append('<').append(e.name);
    if (e.attrs != null) {
      for (XAttr a : e.attrs) {
        if (!JsonShape.hasText(a.value)) {
          continue;
        }
        sb.append(' ').append(a.name).append("=\"");
        nodes(a.value, true);
        sb.append('"');
      }
    }
    sb.append('>');
    if (e.children.isEmpty()) {
      if (e.name.equals("Binary")) {
        sb.append("</").append(e.name).append(">\n");
      } else {
        sb.append('\n');
        indent(indent);
        sb.append("</").append(e.name).append(">\n");
      }
      return;
    }
    if (!e.hasElementChild) {
      nodes(e.children, false);
      sb.append("</").append(e.name).append(">\n");
      return;
    }
    sb.append('\n');
    for (Object o : e.children) {
      if (o instanceof XElement c) {
        element(c, indent + 2);
      } else if (JsonShape.nonEmptyNode(o)) {
        indent(indent + 2);
        nodes(List.of(o), false);
        sb.append('\n');
      }
    }
    indent(indent);
    sb.append("</").append(e.name).append(">\n");
  }

  private void nodes(List<Object> nodes, boolean inAttribute) {
    for (int i = 0; i < nodes.size(); i++) {
      Object o = nodes.get(i);
      if (o instanceof String s) {
        escape(s, inAttribute);
      } else if (o instanceof XValue v) {
        escape(ValueText.of(v), inAttribute);
      } else if (o instanceof XRef r) {
        switch (r.kind()) {
          case CHAR_REF:
            sb.append("&#").append(r.codePoint()).append(';');
            break;
          case ENTITY_REF:
            sb.append('&').append(r.text()).append(';');
            break;
          case CDATA:
            if (inAttribute) {
              escape(r.text(), true);
            } else {
              sb.append("<![CDATA[").append(r.text()).append("]]>");
            }
            break;
          case PI_TARGET:
            if (!inAttribute) {
              sb.append("<?").append(r.text());
              if (i + 1 < nodes.size() && nodes.get(i + 1) instanceof XRef d && d.kind() == XRef.Kind.PI_DATA) {
                sb.append(' ').append(d.text());
                i++;
              }
              sb.append("?>");
            }
            break;
          default:
            break;
        }
      }
    }
  }

  private void escape(String s, boolean inAttribute) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          sb.append("&amp;");
          break;
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '"':
          sb.append(inAttribute ? "&quot;" : "\"");
          break;
        case '\'':
          sb.append(inAttribute ? "&apos;" : "'");
          break;
        default:
          sb.append(c);
      }
    }
  }
}

package org.patou.evtx;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a decoded record: the in-memory tree both renderers walk. Children are {@link
 * XElement}, {@link String} (text), {@link XValue} (a typed value), {@link XRef} (character or
 * entity reference, CDATA, processing instruction) or, only inside a cached template definition,
 * {@link XPlaceholder}.
 */
final class XElement {
  final String name;
  ArrayList<XAttr> attrs;
  final ArrayList<Object> children;
  boolean hasElementChild;
  /** Elements in this subtree, itself included (capped): bounds the cost of rendering. */
  int weight = 1;

  XElement(String name, int childCapacity) {
    this.name = name;
    this.children = new ArrayList<>(childCapacity);
  }

  void addAttr(XAttr a) {
    if (attrs == null) {
      attrs = new ArrayList<>(4);
    }
    attrs.add(a);
  }

  void addChild(Object node) {
    if (node instanceof XElement e) {
      hasElementChild = true;
      weight = (int) Math.min(Integer.MAX_VALUE / 2, (long) weight + e.weight);
    }
    children.add(node);
  }

  int attrCount() {
    return attrs == null ? 0 : attrs.size();
  }

  /** The attribute's nodes, or null when absent. */
  List<Object> attr(String attrName) {
    if (attrs != null) {
      for (XAttr a : attrs) {
        if (a.name.equals(attrName)) {
          return a.value;
        }
      }
    }
    return null;
  }

  /** The first child element of that name, or null. */
  XElement child(String childName) {
    for (Object o : children) {
      if (o instanceof XElement e && e.name.equals(childName)) {
        return e;
      }
    }
    return null;
  }
}

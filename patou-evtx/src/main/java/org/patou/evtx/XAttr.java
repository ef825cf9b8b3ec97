package org.patou.evtx;

import java.util.List;

/** An attribute: a name and the nodes of its value (text, values, references). */
final class XAttr {
  final String name;
  final List<Object> value;

  XAttr(String name, List<Object> value) {
    this.name = name;
    this.value = value;
  }
}

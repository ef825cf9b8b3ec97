package org.patou.evtx;

/**
 * A node that is neither text nor value: a character reference ({@code &#N;}), an entity reference
 * ({@code &name;}), a CDATA section, or a processing instruction target or data.
 */
record XRef(Kind kind, String text, int codePoint) {
  enum Kind {
    CHAR_REF,
    ENTITY_REF,
    CDATA,
    PI_TARGET,
    PI_DATA
  }
}

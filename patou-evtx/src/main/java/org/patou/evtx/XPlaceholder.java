package org.patou.evtx;

/** A substitution inside a cached template definition: index into the instance's values. */
record XPlaceholder(int index, int valueType, boolean optional) {}

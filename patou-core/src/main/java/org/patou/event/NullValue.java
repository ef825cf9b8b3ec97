package org.patou.event;

/** The value of a field that is present but null (JSON {@code null}, an empty EVTX element). */
public enum NullValue {
  NULL;

  @Override
  public String toString() {
    return "null";
  }
}

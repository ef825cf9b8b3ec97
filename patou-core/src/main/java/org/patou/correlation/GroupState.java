package org.patou.correlation;

/** One live state: a correlation's window for one group, and when it was last touched. */
final class GroupState {
  final int rule;
  final Object key;
  final Window window;
  long touched;

  GroupState(int rule, Object key, Window window) {
    this.rule = rule;
    this.key = key;
    this.window = window;
  }
}

package org.patou.correlation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.patou.event.Event;

/**
 * The entries one group holds for one correlation, sorted by event time (ties keep arrival order).
 * An entry is what the measures need (time, which referenced rule, the key or number) plus the
 * events it stands for. Parallel arrays with a moving start: expiring the oldest entries, the
 * common case as time advances, costs no copying.
 *
 * <p>Bounded twice: at most {@code maxEntries} entries (the oldest is dropped past that), and only
 * the newest {@link #MAX_EVIDENCE} entries keep their events, so a long window holds numbers, not
 * events.
 */
final class Window {
  /** Events a detection carries at most, and entries that keep theirs. */
  static final int MAX_EVIDENCE = 100;

  private final int maxEntries;
  private long[] times = new long[4];
  private int[] rules = new int[4];
  private Object[] keys = new Object[4];
  private double[] numbers = new double[4];
  private Object[][] evidence = new Object[4][];
  private int start;
  private int size;

  Window(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  int size() {
    return size;
  }

  long time(int i) {
    return times[start + i];
  }

  int rule(int i) {
    return rules[start + i];
  }

  Object key(int i) {
    return keys[start + i];
  }

  double number(int i) {
    return numbers[start + i];
  }

  /** Time of the newest entry; only when not empty. */
  long newest() {
    return times[start + size - 1];
  }

  /** Drops entries older than {@code minTime}; they left the window. */
  void dropOlderThan(long minTime) {
    while (size > 0 && times[start] < minTime) {
      clearSlot(start);
      start++;
      size--;
    }
    if (size == 0) {
      start = 0;
    }
  }

  /**
   * Adds an entry in time order. With {@code dedupe}, an entry with an equal key is replaced by the
   * newer of the two: distinct counts only need each key's latest time.
   *
   * @return true when an older entry had to be dropped because the window was full
   */
  boolean add(long time, int rule, Object key, double number, List<Event> events, boolean dedupe) {
    if (dedupe) {
      for (int i = 0; i < size; i++) {
        if (Objects.equals(keys[start + i], key)) {
          if (times[start + i] > time) {
            return false; // the newer entry already stands for this key
          }
          removeAt(i);
          break;
        }
      }
    }
    boolean trimmed = false;
    if (size == maxEntries) {
      clearSlot(start);
      start++;
      size--;
      trimmed = true;
    }
    ensureRoom();
    int at = insertionPoint(time);
    int tail = start + size - at;
    System.arraycopy(times, at, times, at + 1, tail);
    System.arraycopy(rules, at, rules, at + 1, tail);
    System.arraycopy(keys, at, keys, at + 1, tail);
    System.arraycopy(numbers, at, numbers, at + 1, tail);
    System.arraycopy(evidence, at, evidence, at + 1, tail);
    times[at] = time;
    rules[at] = rule;
    keys[at] = key;
    numbers[at] = number;
    evidence[at] = events.toArray();
    size++;
    if (size > MAX_EVIDENCE) {
      evidence[start + size - 1 - MAX_EVIDENCE] = null; // only the newest entries keep events
    }
    return trimmed;
  }

  /**
   * The events of the entries {@code chosen} (indexes, ascending), oldest first, at most {@link
   * #MAX_EVIDENCE}: the newest are kept, so the last is the entry that completed the match.
   */
  List<Event> evidence(int[] chosen, int count) {
    ArrayDeque<Event> out = new ArrayDeque<>();
    for (int c = count - 1; c >= 0 && out.size() < MAX_EVIDENCE; c--) {
      Object[] events = evidence[start + chosen[c]];
      if (events == null) {
        break; // older entries gave up their events
      }
      for (int e = events.length - 1; e >= 0 && out.size() < MAX_EVIDENCE; e--) {
        out.addFirst((Event) events[e]);
      }
    }
    return Collections.unmodifiableList(new ArrayList<>(out));
  }

  private int insertionPoint(long time) {
    int lo = start;
    int hi = start + size;
    while (lo < hi) { // first position whose time is greater: ties keep arrival order
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void removeAt(int i) {
    int at = start + i;
    int tail = start + size - at - 1;
    System.arraycopy(times, at + 1, times, at, tail);
    System.arraycopy(rules, at + 1, rules, at, tail);
    System.arraycopy(keys, at + 1, keys, at, tail);
    System.arraycopy(numbers, at + 1, numbers, at, tail);
    System.arraycopy(evidence, at + 1, evidence, at, tail);
    size--;
    clearSlot(start + size);
  }

  /** Makes room for one more entry at the end: compacts to 0 or doubles. */
  private void ensureRoom() {
    if (start + size < times.length) {
      return;
    }
    if (start > 0 && size < times.length / 2 + 1) {
      compact(times.length);
    } else {
      compact(times.length * 2);
    }
  }

  private void compact(int capacity) {
    times = Arrays.copyOfRange(times, start, start + capacity);
    rules = Arrays.copyOfRange(rules, start, start + capacity);
    keys = Arrays.copyOfRange(keys, start, start + capacity);
    numbers = Arrays.copyOfRange(numbers, start, start + capacity);
    evidence = Arrays.copyOfRange(evidence, start, start + capacity);
    start = 0;
  }

  private void clearSlot(int at) {
    keys[at] = null;
    evidence[at] = null;
  }
}

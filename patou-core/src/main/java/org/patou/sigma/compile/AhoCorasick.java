package org.patou.sigma.compile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * Aho-Corasick over chars, written for this matcher rather than taken from a library so that a
 * scan allocates nothing and costs about one array read per character.
 *
 * <p>Layout: the trie is kept sparse (per state, sorted transition chars, fail link, needle ids
 * with the fail chain merged). On top, for ASCII input, a dense table {@code delta[state * width +
 * class]} with fail links folded in, where ASCII chars are numbered by the needles' alphabet
 * (class 0: in no needle, which always leads back to the root). Non-ASCII input chars take the
 * sparse path. Immutable after construction and safe to share between threads.
 */
public final class AhoCorasick {
  private static final int MAX_DENSE = 1 << 24;

  private final char[][] keys;
  private final int[][] next;
  private final int[] fail;
  private final int[][] out; // needle ids ending here, fail chain included
  private final boolean[] accept;
  private final int[] asciiClass = new int[128];
  private final int[] asciiFolded = new int[128]; // class of the lower-cased ASCII char
  private final int width;
  private final int[] delta; // null: too big, sparse only
  private final boolean asciiNeedles;

  public AhoCorasick(List<String> needles) {
    List<TreeMap<Character, Integer>> trie = new ArrayList<>();
    List<List<Integer>> outs = new ArrayList<>();
    trie.add(new TreeMap<>());
    outs.add(new ArrayList<>());
    for (int id = 0; id < needles.size(); id++) {
      String s = needles.get(id);
      int st = 0;
      for (int i = 0; i < s.length(); i++) {
        Integer n = trie.get(st).get(s.charAt(i));
        if (n == null) {
          n = trie.size();
          trie.add(new TreeMap<>());
          outs.add(new ArrayList<>());
          trie.get(st).put(s.charAt(i), n);
        }
        st = n;
      }
      outs.get(st).add(id);
    }
    int n = trie.size();
    keys = new char[n][];
    next = new int[n][];
    fail = new int[n];
    for (int s = 0; s < n; s++) {
      TreeMap<Character, Integer> m = trie.get(s);
      keys[s] = new char[m.size()];
      next[s] = new int[m.size()];
      int k = 0;
      for (var e : m.entrySet()) {
        keys[s][k] = e.getKey();
        next[s][k++] = e.getValue();
      }
    }
    // Breadth-first: fail links and merged outputs; `order` keeps the BFS order for the table.
    int[] order = new int[n];
    int head = 0;
    int tail = 0;
    order[tail++] = 0;
    while (head < tail) {
      int s = order[head++];
      for (int k = 0; k < keys[s].length; k++) {
        char c = keys[s][k];
        int t = next[s][k];
        if (s != 0) {
          int f = fail[s];
          while (f != 0 && step(f, c) < 0) {
            f = fail[f];
          }
          int g = step(f, c);
          fail[t] = g < 0 || g == t ? 0 : g;
          outs.get(t).addAll(outs.get(fail[t]));
        }
        order[tail++] = t;
      }
    }
    out = new int[n][];
    accept = new boolean[n];
    for (int s = 0; s < n; s++) {
      out[s] = outs.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
      accept[s] = out[s].length > 0;
    }
    TreeSet<Character> alphabet = new TreeSet<>();
    boolean ascii = true;
    for (String needle : needles) {
      for (int i = 0; i < needle.length(); i++) {
        char c = needle.charAt(i);
        if (c < 128) {
          alphabet.add(c);
        } else {
          ascii = false;
        }
      }
    }
    asciiNeedles = ascii;
    int cls = 1;
    for (char c : alphabet) {
      asciiClass[c] = cls++;
    }
    for (int c = 0; c < 128; c++) {
      asciiFolded[c] = asciiClass[Character.toLowerCase(c)];
    }
    width = cls;
    if ((long) n * width > MAX_DENSE) {
      delta = null;
      return;
    }
    delta = new int[n * width];
    char[] classChar = new char[width];
    for (char c : alphabet) {
      classChar[asciiClass[c]] = c;
    }
    // In BFS order a state's fail state is shallower, so its row is complete before ours.
    for (int i = 0; i < n; i++) {
      int st = order[i];
      for (int c = 1; c < width; c++) {
        int t = step(st, classChar[c]);
        delta[st * width + c] = t > 0 ? t : st == 0 ? 0 : delta[fail[st] * width + c];
      }
    }
  }

  /** The state reached from {@code s} on {@code c} without fail links, or -1. */
  private int step(int s, char c) {
    char[] ks = keys[s];
    if (ks.length <= 8) {
      for (int k = 0; k < ks.length; k++) {
        if (ks[k] == c) {
          return next[s][k];
        }
      }
      return -1;
    }
    int k = Arrays.binarySearch(ks, c);
    return k < 0 ? -1 : next[s][k];
  }

  /** The sparse transition, following fail links. */
  private int advance(int s, char c) {
    while (true) {
      int t = step(s, c);
      if (t >= 0) {
        return t;
      }
      if (s == 0) {
        return 0;
      }
      s = fail[s];
    }
  }

  private int move(int s, char c, boolean fold) {
    if (c < 128 && delta != null) {
      return delta[s * width + (fold ? asciiFolded[c] : asciiClass[c])];
    }
    if (fold) {
      c = Character.toLowerCase(c);
      if (c < 128 && delta != null) {
        return delta[s * width + asciiClass[c]];
      }
    }
    return asciiNeedles && c >= 128 ? 0 : advance(s, c);
  }

  /** True when some needle occurs in {@code text}. */
  public boolean containsAny(String text) {
    int s = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      s = move(s, text.charAt(i), false);
      if (accept[s]) {
        return true;
      }
    }
    return false;
  }

  /** Calls {@code hit} with the id of every needle occurrence (an id may repeat). */
  public void forEachMatch(String text, IntConsumer hit) {
    int s = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      s = move(s, text.charAt(i), false);
      if (accept[s]) {
        for (int id : out[s]) {
          hit.accept(id);
        }
      }
    }
  }

  /**
   * Whether {@link #forEachMatchFolded} may be used: every needle is lower-case ASCII. For ASCII
   * needles, folding each char finds every occurrence that lower-casing the whole string would
   * (perhaps a few more: fine for a prefilter, which must only never miss one).
   */
  public boolean foldable() {
    return asciiNeedles;
  }

  /** Like {@link #forEachMatch} on the lower-cased text, without building it ({@link #foldable()}). */
  public void forEachMatchFolded(String text, IntConsumer hit) {
    int s = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      s = move(s, text.charAt(i), true);
      if (accept[s]) {
        for (int id : out[s]) {
          hit.accept(id);
        }
      }
    }
  }

  /**
   * The hot loop of the prefilter: {@code len} chars of {@code buf} (copied out of the string once,
   * so the loop reads a plain array), case folded when {@code fold}.
   */
  public void forEachMatch(char[] buf, int len, boolean fold, IntConsumer hit) {
    int s = 0;
    if (delta != null && asciiNeedles) {
      int[] d = delta;
      int[] cls = fold ? asciiFolded : asciiClass;
      int w = width;
      for (int i = 0; i < len; i++) {
        char c = buf[i];
        if (c >= 128) {
          // A non-ASCII char can fold to ASCII (U+0130 to 'i', the Kelvin sign to 'k').
          char f = fold ? Character.toLowerCase(c) : c;
          s = f < 128 ? d[s * w + asciiClass[f]] : 0;
        } else {
          s = d[s * w + cls[c]];
        }
        if (accept[s]) {
          for (int id : out[s]) {
            hit.accept(id);
          }
        }
      }
      return;
    }
    for (int i = 0; i < len; i++) {
      s = move(s, buf[i], fold);
      if (accept[s]) {
        for (int id : out[s]) {
          hit.accept(id);
        }
      }
    }
  }
}

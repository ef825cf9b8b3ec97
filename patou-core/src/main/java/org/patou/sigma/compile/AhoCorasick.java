package org.patou.sigma.compile;

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
 * <p>Layout: states are numbered breadth-first, so the shallow states a scan spends most of its
 * time in sit together at the start of the tables (cache-friendly even for automata of ~10^5
 * states). The trie is kept sparse in flat arrays (compressed rows: per state a slice of sorted
 * transition chars and target states, a fail link, and a slice of needle ids with the fail chain
 * merged): thousands of automata with ~10^6 states in all must fit a hunt's 512 MB heap, and one
 * small array per state would cost three object headers per state. On top, for ASCII input, a dense table {@code delta[row + class]} with
 * fail links folded in, where ASCII chars are numbered by the needles' alphabet (class 0: in no
 * needle, which always leads back to the root) and {@code row} is the state times the row width.
 * An entry holds the next state's row, bit-inverted (negative) when that state ends a needle, so
 * the hot loop is one table read and one sign test per char. Non-ASCII input chars take the sparse
 * path. Immutable after construction and safe to share between threads.
 */
public final class AhoCorasick {
  private static final int MAX_DENSE = 1 << 24;

  private final int[] edgeStart; // state -> first edge; edges of s are edgeStart[s]..edgeStart[s+1]
  private final char[] edgeKey; // sorted per state
  private final int[] edgeNext;
  private final int[] fail;
  private final int[] outStart; // state -> first needle id in outIds
  private final int[] outIds; // needle ids ending at each state, fail chain included
  private final boolean[] accept;
  private final int[] asciiClass = new int[128];
  private final int[] asciiFolded = new int[128]; // class of the lower-cased ASCII char
  private final int width;
  private final int[] delta; // encoded rows; null when too big, or when {@code small} is used
  /**
   * For big automata (more than {@link #CHAR_TABLE_FROM} entries, under 65,536 states): the same
   * table as plain state numbers in chars, half the memory, so more of it stays in cache.
   */
  private final char[] small;
  private static final int CHAR_TABLE_FROM = 1 << 18;
  private final boolean asciiNeedles;
  private final boolean foldable;

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
    // Renumber breadth-first: state i of the tables is order[i] of the trie.
    int[] order = new int[n];
    int[] renum = new int[n];
    int tail = 1;
    for (int head = 0; head < tail; head++) {
      for (int child : trie.get(order[head]).values()) {
        renum[child] = tail;
        order[tail++] = child;
      }
    }
    edgeStart = new int[n + 1];
    edgeKey = new char[n - 1];
    edgeNext = new int[n - 1];
    fail = new int[n];
    List<List<Integer>> outsByState = new ArrayList<>(n);
    int e0 = 0;
    for (int s = 0; s < n; s++) {
      TreeMap<Character, Integer> m = trie.get(order[s]);
      edgeStart[s] = e0;
      for (var e : m.entrySet()) {
        edgeKey[e0] = e.getKey();
        edgeNext[e0++] = renum[e.getValue()];
      }
      outsByState.add(new ArrayList<>(outs.get(order[s])));
      trie.set(order[s], null); // the maps are done with: let them go while building
    }
    edgeStart[n] = e0;
    // Breadth-first is now the numbering: fail links and merged outputs.
    for (int s = 0; s < n; s++) {
      for (int k = edgeStart[s]; k < edgeStart[s + 1]; k++) {
        char c = edgeKey[k];
        int t = edgeNext[k];
        if (s != 0) {
          int f = fail[s];
          while (f != 0 && step(f, c) < 0) {
            f = fail[f];
          }
          int g = step(f, c);
          fail[t] = g < 0 || g == t ? 0 : g;
          outsByState.get(t).addAll(outsByState.get(fail[t]));
        }
      }
    }
    outStart = new int[n + 1];
    accept = new boolean[n];
    int[] ids = new int[16];
    int o = 0;
    for (int s = 0; s < n; s++) {
      outStart[s] = o;
      int[] mine = outsByState.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
      if (o + mine.length > ids.length) {
        ids = Arrays.copyOf(ids, Math.max(ids.length * 2, o + mine.length));
      }
      System.arraycopy(mine, 0, ids, o, mine.length);
      o += mine.length;
      accept[s] = mine.length > 0;
    }
    outStart[n] = o;
    outIds = Arrays.copyOf(ids, o);
    TreeSet<Character> alphabet = new TreeSet<>();
    boolean ascii = true;
    boolean fold = true;
    for (String needle : needles) {
      for (int i = 0; i < needle.length(); i++) {
        char c = needle.charAt(i);
        if (c < 128) {
          alphabet.add(c);
        } else {
          ascii = false;
        }
        fold &= foldsAlike(c);
      }
    }
    asciiNeedles = ascii;
    foldable = fold;
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
      small = null;
      return;
    }
    int[] d = new int[n * width];
    char[] classChar = new char[width];
    for (char c : alphabet) {
      classChar[asciiClass[c]] = c;
    }
    // Plain state numbers first; in BFS order a state's fail state is shallower, so its row is
    // complete before ours.
    for (int st = 0; st < n; st++) {
      for (int c = 1; c < width; c++) {
        int t = step(st, classChar[c]);
        d[st * width + c] = t > 0 ? t : st == 0 ? 0 : d[fail[st] * width + c];
      }
    }
    if (d.length > CHAR_TABLE_FROM && n <= Character.MAX_VALUE + 1) {
      char[] c = new char[d.length];
      for (int i = 0; i < d.length; i++) {
        c[i] = (char) d[i];
      }
      small = c;
      delta = null;
      return;
    }
    small = null;
    for (int i = 0; i < d.length; i++) {
      d[i] = encode(d[i]);
    }
    delta = d;
  }

  /**
   * A needle char for which folding the text char by char finds every occurrence that {@code
   * toLowerCase(Locale.ROOT)} of the whole text would: it is its own lower case, and it is none of
   * the chars whole-string lowering makes differently (U+0307 from U+0130, final sigma, surrogates).
   */
  private static boolean foldsAlike(char c) {
    return Character.toLowerCase(c) == c && c != '\u0307' && c != '\u03c2' && !Character.isSurrogate(c);
  }

  private int encode(int state) {
    return accept[state] ? ~(state * width) : state * width;
  }

  /** The state reached from {@code s} on {@code c} without fail links, or -1. */
  private int step(int s, char c) {
    int from = edgeStart[s];
    int to = edgeStart[s + 1];
    if (to - from <= 8) {
      for (int k = from; k < to; k++) {
        if (edgeKey[k] == c) {
          return edgeNext[k];
        }
      }
      return -1;
    }
    int k = Arrays.binarySearch(edgeKey, from, to, c);
    return k < 0 ? -1 : edgeNext[k];
  }

  /** Calls {@code hit} with the ids of the needles that end at state {@code s}. */
  private void emit(int s, IntConsumer hit) {
    for (int k = outStart[s], end = outStart[s + 1]; k < end; k++) {
      hit.accept(outIds[k]);
    }
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

  /** Without the int table: the next state, through the char table where there is one. */
  private int move(int s, char c, boolean fold) {
    if (small != null && c < 128) {
      return small[s * width + (fold ? asciiFolded[c] : asciiClass[c])];
    }
    if (fold) {
      c = Character.toLowerCase(c);
      if (small != null && c < 128) {
        return small[s * width + asciiClass[c]];
      }
    }
    return asciiNeedles && c >= 128 ? 0 : advance(s, c);
  }

  /** With the dense table, a non-ASCII char: the encoded next row. */
  private int slowStep(int row, char c, boolean fold) {
    if (fold) {
      c = Character.toLowerCase(c);
      if (c < 128) {
        return delta[row + asciiClass[c]]; // U+0130 to 'i', the Kelvin sign to 'k'
      }
    }
    return encode(asciiNeedles ? 0 : advance(row / width, c));
  }

  /** True when some needle occurs in {@code text}. */
  public boolean containsAny(String text) {
    if (delta == null) {
      int s = 0;
      for (int i = 0, n = text.length(); i < n; i++) {
        s = move(s, text.charAt(i), false);
        if (accept[s]) {
          return true;
        }
      }
      return false;
    }
    int[] d = delta;
    int[] cls = asciiClass;
    int row = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      int t = c < 128 ? d[row + cls[c]] : slowStep(row, c, false);
      if (t < 0) {
        return true;
      }
      row = t;
    }
    return false;
  }

  /** Calls {@code hit} with the id of every needle occurrence (an id may repeat). */
  public void forEachMatch(String text, IntConsumer hit) {
    forEachMatch(text.toCharArray(), text.length(), false, hit);
  }

  /**
   * Whether {@link #forEachMatchFolded} may be used: every needle is in lower case, made of chars
   * that fold alike char by char and string-wise. Folding each char then finds every occurrence
   * that lower-casing the whole string would (perhaps a few more: fine for a prefilter, which must
   * only never miss one).
   */
  public boolean foldable() {
    return foldable;
  }

  /** Like {@link #forEachMatch} on the lower-cased text, without building it ({@link #foldable()}). */
  public void forEachMatchFolded(String text, IntConsumer hit) {
    forEachMatch(text.toCharArray(), text.length(), true, hit);
  }

  /**
   * The hot loop of the prefilter: {@code len} chars of {@code buf} (copied out of the string once,
   * so the loop reads a plain array), case folded when {@code fold}.
   */
  public void forEachMatch(char[] buf, int len, boolean fold, IntConsumer hit) {
    if (small != null) {
      char[] d = small;
      int[] cls = fold ? asciiFolded : asciiClass;
      int w = width;
      int s = 0;
      for (int i = 0; i < len; i++) {
        char c = buf[i];
        s = c < 128 ? d[s * w + cls[c]] : move(s, c, fold);
        if (accept[s]) {
          emit(s, hit);
        }
      }
      return;
    }
    if (delta == null) {
      int s = 0;
      for (int i = 0; i < len; i++) {
        s = move(s, buf[i], fold);
        if (accept[s]) {
          emit(s, hit);
        }
      }
      return;
    }
    int[] d = delta;
    int[] cls = fold ? asciiFolded : asciiClass;
    int row = 0;
    for (int i = 0; i < len; i++) {
      char c = buf[i];
      int t = c < 128 ? d[row + cls[c]] : slowStep(row, c, fold);
      if (t >= 0) {
        row = t;
      } else {
        row = ~t;
        emit(row / width, hit);
      }
    }
  }
}

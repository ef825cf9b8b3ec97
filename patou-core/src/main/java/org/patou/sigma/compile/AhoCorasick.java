package org.patou.sigma.compile;

import java.util.Arrays;
import java.util.List;
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
    // The building is split into small methods: as one big constructor, C2 compiled it several
    // times over (on-stack replacement of each long loop), seconds of a hunt's start-up.
    Trie t = Trie.of(needles);
    int n = t.states;
    int[] order = t.breadthFirst();
    int[] renum = new int[n];
    for (int i = 0; i < n; i++) {
      renum[order[i]] = i;
    }
    edgeStart = new int[n + 1];
    edgeKey = new char[n - 1];
    edgeNext = new int[n - 1];
    t.edges(order, renum, edgeStart, edgeKey, edgeNext);
    fail = new int[n];
    failLinks(n);
    outStart = new int[n + 1];
    outIds = outputs(n, t, order);
    accept = new boolean[n];
    for (int s = 0; s < n; s++) {
      accept[s] = outStart[s + 1] > outStart[s];
    }
    boolean[] alphabet = new boolean[128];
    boolean ascii = true;
    boolean fold = true;
    for (String needle : needles) {
      ascii &= scanChars(needle, alphabet);
      fold &= foldsAlike(needle);
    }
    asciiNeedles = ascii;
    foldable = fold;
    int cls = 1;
    for (int c = 0; c < 128; c++) {
      if (alphabet[c]) {
        asciiClass[c] = cls++;
      }
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
    int[] d = denseTable(n);
    if (d.length > CHAR_TABLE_FROM && n <= Character.MAX_VALUE + 1) {
      small = toChars(d);
      delta = null;
      return;
    }
    small = null;
    encodeAll(d);
    delta = d;
  }

  /** Marks the needle's ASCII chars in {@code alphabet}; true when it has no other char. */
  private static boolean scanChars(String needle, boolean[] alphabet) {
    boolean ascii = true;
    for (int i = 0; i < needle.length(); i++) {
      char c = needle.charAt(i);
      if (c < 128) {
        alphabet[c] = true;
      } else {
        ascii = false;
      }
    }
    return ascii;
  }

  private static boolean foldsAlike(String needle) {
    for (int i = 0; i < needle.length(); i++) {
      if (!foldsAlike(needle.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The dense table as plain state numbers. In BFS order a state's fail state is shallower, so its
   * row is complete before ours: a row is its fail state's row (one array copy) with the state's
   * own ASCII edges written over it. (Filling it char by char through step() cost a search per
   * entry; with millions of entries that was a good part of a hunt's start-up.)
   */
  private int[] denseTable(int n) {
    int[] d = new int[n * width];
    for (int st = 0; st < n; st++) {
      if (st != 0) {
        System.arraycopy(d, fail[st] * width, d, st * width, width);
      }
      for (int k = edgeStart[st]; k < edgeStart[st + 1]; k++) {
        char c = edgeKey[k];
        if (c < 128) {
          d[st * width + asciiClass[c]] = edgeNext[k];
        }
      }
    }
    return d;
  }

  private static char[] toChars(int[] d) {
    char[] c = new char[d.length];
    for (int i = 0; i < d.length; i++) {
      c[i] = (char) d[i];
    }
    return c;
  }

  private void encodeAll(int[] d) {
    for (int i = 0; i < d.length; i++) {
      d[i] = encode(d[i]);
    }
  }

  /** Fail links, in breadth-first order (a state's fail state is shallower, so already set). */
  private void failLinks(int n) {
    for (int s = 1; s < n; s++) {
      for (int k = edgeStart[s]; k < edgeStart[s + 1]; k++) {
        char c = edgeKey[k];
        int t = edgeNext[k];
        int f = fail[s];
        while (f != 0 && step(f, c) < 0) {
          f = fail[f];
        }
        int g = step(f, c);
        fail[t] = g < 0 || g == t ? 0 : g;
      }
    }
  }

  /**
   * Fills {@link #outStart} and returns the needle ids per state: its own, then those of its fail
   * state (complete already, being shallower). The root's children take only their own.
   */
  private int[] outputs(int n, Trie t, int[] order) {
    boolean[] rootChild = new boolean[n];
    for (int k = edgeStart[0]; k < edgeStart[1]; k++) {
      rootChild[edgeNext[k]] = true;
    }
    int[] ids = new int[Math.max(16, t.ends.length)];
    int o = 0;
    for (int s = 0; s < n; s++) {
      outStart[s] = o;
      int q = order[s];
      int ownFrom = t.endStart[q];
      int ownTo = t.endStart[q + 1];
      int f = fail[s];
      int inheritFrom = s == 0 || rootChild[s] ? 0 : outStart[f];
      int inheritTo = s == 0 || rootChild[s] ? 0 : outStart[f + 1];
      int need = (ownTo - ownFrom) + (inheritTo - inheritFrom);
      if (o + need > ids.length) {
        ids = Arrays.copyOf(ids, Math.max(ids.length * 2, o + need));
      }
      for (int k = ownFrom; k < ownTo; k++) {
        ids[o++] = t.ends[k];
      }
      for (int k = inheritFrom; k < inheritTo; k++) {
        ids[o++] = ids[k];
      }
    }
    outStart[n] = o;
    return Arrays.copyOf(ids, o);
  }

  /**
   * The trie in insertion numbering, in flat arrays: each state but the root has one parent and
   * the char leading to it; children are found through a hash of (parent, char).
   */
  private static final class Trie {
    int states = 1;
    int[] parent = new int[64];
    char[] via = new char[64];
    int[] endStart; // state -> first index in ends
    int[] ends; // needle ids ending at each state, in id order
    private long[] keys = new long[128]; // open addressing: (parent << 16 | char) + 1, 0 = empty
    private int[] vals = new int[128];
    private int used;

    static Trie of(List<String> needles) {
      Trie t = new Trie();
      int[] endState = new int[needles.size()];
      for (int id = 0; id < needles.size(); id++) {
        endState[id] = t.insert(needles.get(id));
      }
      t.keys = null; // done with the hash
      t.vals = null;
      t.index(endState);
      return t;
    }

    private int insert(String s) {
      int st = 0;
      for (int i = 0; i < s.length(); i++) {
        st = child(st, s.charAt(i));
      }
      return st;
    }

    /** The child of {@code st} on {@code c}, created when missing. */
    private int child(int st, char c) {
      long key = (((long) st << 16) | c) + 1;
      int mask = keys.length - 1;
      int h = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
      while (keys[h] != 0) {
        if (keys[h] == key) {
          return vals[h];
        }
        h = (h + 1) & mask;
      }
      int n = states++;
      if (n == parent.length) {
        parent = Arrays.copyOf(parent, n * 2);
        via = Arrays.copyOf(via, n * 2);
      }
      parent[n] = st;
      via[n] = c;
      keys[h] = key;
      vals[h] = n;
      if (++used * 2 > keys.length) {
        grow();
      }
      return n;
    }

    private void grow() {
      long[] ok = keys;
      int[] ov = vals;
      keys = new long[ok.length * 2];
      vals = new int[ok.length * 2];
      int mask = keys.length - 1;
      for (int i = 0; i < ok.length; i++) {
        if (ok[i] != 0) {
          int h = Long.hashCode(ok[i] * 0x9E3779B97F4A7C15L) & mask;
          while (keys[h] != 0) {
            h = (h + 1) & mask;
          }
          keys[h] = ok[i];
          vals[h] = ov[i];
        }
      }
    }

    /** Groups the needle ids by the state they end at (counting sort, id order kept). */
    private void index(int[] endState) {
      endStart = new int[states + 1];
      for (int st : endState) {
        endStart[st + 1]++;
      }
      for (int s = 0; s < states; s++) {
        endStart[s + 1] += endStart[s];
      }
      ends = new int[endState.length];
      int[] fill = Arrays.copyOf(endStart, states);
      for (int id = 0; id < endState.length; id++) {
        ends[fill[endState[id]]++] = id;
      }
    }

    private int[] childStart;
    private int[] children; // per state, sorted by char

    /** Children lists (counting sort by parent, then by char within each). */
    private void childLists() {
      childStart = new int[states + 1];
      for (int s = 1; s < states; s++) {
        childStart[parent[s] + 1]++;
      }
      for (int s = 0; s < states; s++) {
        childStart[s + 1] += childStart[s];
      }
      children = new int[Math.max(0, states - 1)];
      int[] fill = Arrays.copyOf(childStart, states);
      for (int s = 1; s < states; s++) {
        children[fill[parent[s]]++] = s;
      }
      for (int s = 0; s < states; s++) {
        sortByChar(childStart[s], childStart[s + 1]);
      }
    }

    private void sortByChar(int from, int to) {
      for (int i = from + 1; i < to; i++) {
        int x = children[i];
        char cx = via[x];
        int j = i - 1;
        while (j >= from && via[children[j]] > cx) {
          children[j + 1] = children[j];
          j--;
        }
        children[j + 1] = x;
      }
    }

    /** States in breadth-first order, children by char: order[i] is the trie state of state i. */
    int[] breadthFirst() {
      childLists();
      int[] order = new int[states];
      int tail = 1;
      for (int head = 0; head < tail; head++) {
        int q = order[head];
        for (int k = childStart[q]; k < childStart[q + 1]; k++) {
          order[tail++] = children[k];
        }
      }
      return order;
    }

    /** The edge arrays in the new numbering. */
    void edges(int[] order, int[] renum, int[] edgeStart, char[] edgeKey, int[] edgeNext) {
      int e = 0;
      for (int s = 0; s < states; s++) {
        int q = order[s];
        edgeStart[s] = e;
        for (int k = childStart[q]; k < childStart[q + 1]; k++) {
          int c = children[k];
          edgeKey[e] = via[c];
          edgeNext[e++] = renum[c];
        }
      }
      edgeStart[states] = e;
    }
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

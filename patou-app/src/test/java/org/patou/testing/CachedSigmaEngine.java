package org.patou.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.patou.hunt.Engine;
import org.patou.hunt.SigmaEngine;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleSource;

/**
 * The real engine, with loads remembered across tests (loading the 3,700 bundled rules costs
 * seconds). Safe because a hunt only ever uses copies of the loaded matcher.
 */
public final class CachedSigmaEngine implements Engine {
  public static final CachedSigmaEngine INSTANCE = new CachedSigmaEngine();
  private static final Map<List<Object>, Loaded> CACHE = new ConcurrentHashMap<>();

  private CachedSigmaEngine() {}

  @Override
  public Loaded load(List<RuleSource> sources, Level minLevel) {
    long h = 0;
    for (RuleSource s : sources) {
      h = h * 31 + s.name().hashCode() * 17L + s.text().hashCode();
    }
    return CACHE.computeIfAbsent(List.of(sources.size(), h, String.valueOf(minLevel)), k -> new SigmaEngine().load(sources, minLevel));
  }
}

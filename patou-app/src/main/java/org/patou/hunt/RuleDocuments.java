package org.patou.hunt;

import java.util.List;
import org.patou.sigma.parse.Yaml;
import org.patou.sigma.rule.RuleSource;

/**
 * Where {@link SigmaEngine} gets rule files' YAML documents from instead of reading the YAML at
 * each load: {@code org.patou.rules.RuleDocCache} keeps them on disk between runs. An interface
 * here so that this package does not depend on the one that stores files.
 */
public interface RuleDocuments {
  /** Starts a load of these sources. */
  Session open(List<RuleSource> sources);

  /** One load's documents. */
  interface Session {
    /** What {@link Yaml#read} gives for {@code source}'s text. */
    Yaml.Documents documents(RuleSource source);

    /** Called once after every source was asked for. */
    void save();
  }
}

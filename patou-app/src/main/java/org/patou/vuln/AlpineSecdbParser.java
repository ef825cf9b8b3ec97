package org.patou.vuln;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.patou.inventory.ParseException;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.constructor.ConstructYamlNull;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Alpine's secdb ({@code v3.11/main.yaml} of alpinelinux/alpine-secdb, or the JSON of
 * secdb.alpinelinux.org, which has the same shape): {@code distroversion}, {@code reponame}, and
 * {@code packages[].pkg.{name, secfixes: {fixedVersion: [CVE...]}}}. Each (package, id) becomes one
 * advisory "affected below fixedVersion" in namespace {@code alpine:X.Y}. A fixed version of
 * {@code 0} means the package was never affected and yields nothing. An entry such as {@code
 * CVE-2017-8904 XSA-214} gives id CVE-2017-8904 with alias XSA-214. YAML is read with the failsafe
 * schema so that versions such as {@code 1.10} stay strings.
 */
public final class AlpineSecdbParser {
  private AlpineSecdbParser() {}

  /** Failsafe (every scalar a string, so {@code 1.10} stays {@code 1.10}) plus empty values as null. */
  private static final Schema STRINGS = new Schema() {
    private final FailsafeSchema failsafe = new FailsafeSchema();

    @Override
    public ScalarResolver getScalarResolver() {
      return failsafe.getScalarResolver();
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
      Map<Tag, ConstructNode> m = new java.util.HashMap<>(failsafe.getSchemaTagConstructors());
      m.put(Tag.NULL, new ConstructYamlNull());
      return m;
    }
  };

  public static FeedData parse(String file, InputStream in) throws ParseException, IOException {
    Object doc;
    try {
      LoadSettings s =
          LoadSettings.builder().setSchema(STRINGS).setMaxAliasesForCollections(10).build();
      doc = new Load(s).loadFromInputStream(in);
    } catch (RuntimeException e) {
      throw new ParseException(file, "document", "not YAML/JSON: " + e.getMessage(), e);
    }
    if (!(doc instanceof Map<?, ?> root)) {
      throw new ParseException(file, "document", "not an Alpine secdb (no top-level mapping)");
    }
    Object dv = root.get("distroversion");
    Object repo = root.get("reponame");
    Object pkgs = root.containsKey("packages") && root.get("packages") == null ? List.of() : root.get("packages");
    if (!(dv instanceof String distro) || !(pkgs instanceof List<?> list)) {
      throw new ParseException(file, "document", "not an Alpine secdb (needs distroversion and packages)");
    }
    String namespace = Namespace.forOs("alpine", distro);
    String key = "alpine-secdb:" + namespace + "/" + (repo instanceof String r ? r : "main");
    List<Advisory> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String rec = "packages[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry) || !(entry.get("pkg") instanceof Map<?, ?> pkg)) {
        throw new ParseException(file, rec, "expected {pkg: {name, secfixes}}");
      }
      if (!(pkg.get("name") instanceof String name) || name.isBlank()) {
        throw new ParseException(file, rec, "pkg.name missing");
      }
      rec = rec + " (" + name + ")";
      Object sf = pkg.get("secfixes");
      if (sf == null) {
        continue;
      }
      if (!(sf instanceof Map<?, ?> secfixes)) {
        throw new ParseException(file, rec, "secfixes is not a mapping");
      }
      for (Map.Entry<?, ?> e : secfixes.entrySet()) {
        if (!(e.getKey() instanceof String fixed) || fixed.isBlank()) {
          throw new ParseException(file, rec, "fixed version is not a string: " + e.getKey());
        }
        if (e.getValue() == null) {
          continue;
        }
        if (!(e.getValue() instanceof List<?> ids)) {
          throw new ParseException(file, rec + " " + fixed, "expected a list of ids");
        }
        if (fixed.equals("0")) {
          continue; // not affected in this release
        }
        for (Object o : ids) {
          if (!(o instanceof String idText) || idText.isBlank()) {
            throw new ParseException(file, rec + " " + fixed, "id is not a string: " + o);
          }
          String[] parts = idText.trim().split("\\s+");
          List<String> aliases = new ArrayList<>();
          for (int p = 1; p < parts.length; p++) {
            aliases.add(parts[p]);
          }
          out.add(
              new Advisory(
                  parts[0],
                  List.copyOf(aliases),
                  namespace,
                  name,
                  List.of(new Advisory.Range(null, fixed, null)),
                  List.of(),
                  key));
        }
      }
    }
    return FeedData.advisories(key, distro, out);
  }
}

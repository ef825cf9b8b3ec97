package org.patou.vuln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.patou.inventory.ParseException;

/**
 * Reads one feed file whatever its format, detected from content (never from the name): gzip is
 * unpacked first; a zip is an OSV dump ({@code all.zip} of one ecosystem); a line starting {@code
 * #model_version} or the header {@code cve,epss,percentile} is EPSS; a CSV header starting {@code
 * cveID,} is KEV; JSON is KEV ({@code catalogVersion}), NVD ({@code format: NVD_CVE}), Alpine secdb
 * ({@code distroversion}), OSV ({@code id} + {@code affected}) or the Debian tracker; YAML with
 * {@code distroversion:} is Alpine secdb.
 */
public final class FeedFiles {
  private FeedFiles() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static FeedData read(Path file) throws IOException, ParseException {
    byte[] bytes = Files.readAllBytes(file);
    return read(file.toString(), file.getFileName().toString(), bytes);
  }

  /** Reads feed bytes already in memory (benchmarks, downloads); same detection as for files. */
  public static FeedData readForBenchmark(String name, byte[] bytes) throws IOException, ParseException {
    return read(name, name, bytes);
  }

  static FeedData read(String file, String baseName, byte[] bytes) throws IOException, ParseException {
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
      return readZip(file, baseName, bytes);
    }
    String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8)
        .replace("\uFEFF", "").stripLeading();
    if (head.startsWith("#model_version") || head.toLowerCase(java.util.Locale.ROOT).startsWith("cve,epss")) {
      return EpssParser.parse(file, new ByteArrayInputStream(bytes));
    }
    if (head.startsWith("cveID,") || head.startsWith("\"cveID\",")) {
      return KevParser.parseCsv(file, new ByteArrayInputStream(bytes));
    }
    if (head.startsWith("{") || head.startsWith("[")) {
      JsonNode root;
      try {
        root = JSON.readTree(bytes);
      } catch (JsonProcessingException e) {
        throw new ParseException(file, "line " + e.getLocation().getLineNr() + " column "
            + e.getLocation().getColumnNr(), "malformed JSON: " + e.getOriginalMessage(), e);
      }
      if (root.isObject() && root.has("catalogVersion")) {
        return KevParser.parseJson(file, root);
      }
      if (NvdParser.looksLikeNvd(root)) {
        return NvdParser.parse(file, "nvd:" + baseName, root);
      }
      if (root.isObject() && root.has("distroversion")) {
        return AlpineSecdbParser.parse(file, new ByteArrayInputStream(bytes));
      }
      if (OsvParser.looksLikeOsv(root)) {
        String key = "osv:" + baseName;
        return FeedData.advisories(key, null, OsvParser.parse(file, root, key));
      }
      if (DebianTrackerParser.looksLikeTracker(root)) {
        return DebianTrackerParser.parse(file, root);
      }
      throw new ParseException(file, "document", "unknown JSON feed (not KEV, NVD, Alpine secdb, OSV or Debian tracker)");
    }
    if (head.contains("distroversion:")) {
      return AlpineSecdbParser.parse(file, new ByteArrayInputStream(bytes));
    }
    throw new ParseException(file, "line 1", "unknown feed format");
  }

  private static FeedData readZip(String file, String baseName, byte[] bytes) throws IOException, ParseException {
    String key = "osv:" + baseName;
    List<Advisory> all = new ArrayList<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        if (e.isDirectory() || !e.getName().endsWith(".json")) {
          continue;
        }
        String inner = file + "!" + e.getName();
        JsonNode root;
        try {
          root = JSON.readTree(z.readAllBytes());
        } catch (JsonProcessingException ex) {
          throw new ParseException(inner, "line " + ex.getLocation().getLineNr(), "malformed JSON: " + ex.getOriginalMessage(), ex);
        }
        all.addAll(OsvParser.parse(inner, root, key));
      }
    }
    return FeedData.advisories(key, null, all);
  }
}

package org.patou.cli;

import org.patou.sigma.rule.Level;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a Sigma level name for picocli. */
final class LevelConverter implements ITypeConverter<Level> {
  @Override
  public Level convert(String value) {
    Level l = Level.parse(value);
    if (l == null) {
      throw new TypeConversionException(
          "'" + value + "' is not a level: informational, low, medium, high or critical");
    }
    return l;
  }
}

package fr.audience.generate;

import fr.audience.core.Errors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small CSV writer (RFC 4180 quoting, '\n' line ends, UTF-8). */
final class Csv implements AutoCloseable {
  private final BufferedWriter writer;
  private final StringBuilder row = new StringBuilder(256);
  private long rows;

  Csv(Path path, String... header) {
    try {
      Files.createDirectories(path.getParent());
      writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.writeFailed("generate data", path, e, "Check the --out directory is writable");
    }
    write((Object[]) header);
    rows = 0;
  }

  /**
   * Values: null is an empty cell, doubles keep up to 6 decimals, everything else uses toString.
   */
  void write(Object... values) {
    row.setLength(0);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        row.append(',');
      }
      cell(values[i]);
    }
    try {
      writer.append(row).append('\n');
      rows++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long rows() {
    return rows;
  }

  private void cell(Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Double d) {
      row.append(format(d));
      return;
    }
    String s = value.toString();
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
      row.append('"').append(s.replace("\"", "\"\"")).append('"');
    } else {
      row.append(s);
    }
  }

  static String format(double d) {
    return new BigDecimal(d)
        .setScale(6, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

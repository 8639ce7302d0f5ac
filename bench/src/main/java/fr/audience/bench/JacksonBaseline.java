package fr.audience.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The yardstick Spark is measured against: one thread decompresses each gzip file and parses every
 * line with Jackson's streaming parser, reading every field name and value (strings materialised,
 * numbers converted), as a hand-written ingester would before writing anything.
 */
public final class JacksonBaseline {
  private static final int BUFFER = 1 << 20;
  private final JsonFactory factory = new JsonFactory();

  /**
   * What a pass read; {@code checksum} depends on every value so no parsing work can be skipped.
   */
  public record Scan(long lines, long bytes, long malformed, long fields, long checksum) {
    Scan plus(Scan o) {
      return new Scan(
          lines + o.lines,
          bytes + o.bytes,
          malformed + o.malformed,
          fields + o.fields,
          checksum ^ o.checksum);
    }
  }

  public Scan scan(List<Path> files) {
    Scan total = new Scan(0, 0, 0, 0, 0);
    for (Path file : files) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
        total = total.plus(scanLines(in));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
    }
    return total;
  }

  /**
   * Splits the stream on '\n' without decoding it to Strings first, as Spark's text reader does.
   */
  private Scan scanLines(InputStream in) throws IOException {
    byte[] buf = new byte[BUFFER];
    int filled = 0;
    long lines = 0;
    long bytes = 0;
    Counter counter = new Counter();
    for (int n; (n = in.read(buf, filled, buf.length - filled)) > 0; ) {
      bytes += n;
      filled += n;
      int start = 0;
      for (int i = 0; i < filled; i++) {
        if (buf[i] == '\n') {
          counter.parse(buf, start, i - start);
          lines++;
          start = i + 1;
        }
      }
      System.arraycopy(buf, start, buf, 0, filled - start);
      filled -= start;
      if (filled == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    }
    if (filled > 0) {
      counter.parse(buf, 0, filled);
      lines++;
    }
    return new Scan(lines, bytes, counter.malformed, counter.fields, counter.checksum);
  }

  private final class Counter {
    long malformed;
    long fields;
    long checksum;

    void parse(byte[] buf, int off, int len) throws IOException {
      try (JsonParser p = factory.createParser(buf, off, len)) {
        for (JsonToken t; (t = p.nextToken()) != null; ) {
          switch (t) {
            case FIELD_NAME -> {
              fields++;
              checksum += p.currentName().hashCode();
            }
            case VALUE_STRING -> checksum += p.getText().hashCode();
            case VALUE_NUMBER_INT -> checksum += p.getLongValue();
            case VALUE_NUMBER_FLOAT -> checksum += Double.doubleToLongBits(p.getDoubleValue());
            case VALUE_TRUE -> checksum += 1;
            case VALUE_FALSE -> checksum += 2;
            default -> checksum += 3;
          }
        }
      } catch (JsonProcessingException e) {
        malformed++;
      }
    }
  }
}

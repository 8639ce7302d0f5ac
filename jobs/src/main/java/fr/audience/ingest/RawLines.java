package fr.audience.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Raw line files read by a line parser, each task a plain loop: {@link #parse} yields the valid
 * rows, typed, and tallies every line and every rejected line as it goes ({@link IngestTally}), so
 * one pass over the files both writes the rows and counts them. {@link #check} keeps only the
 * rejected lines and the line counts: the quarantine reads the files again with it when a delivery
 * is too bad for the tally to hold its rejected lines.
 */
public final class RawLines {
  /** Delivery date of a line (its folder's event_date=), as days since the epoch in a pass. */
  static final String DAY = "_day";

  /** Lines a count row stands for (0 on a rejected line's row). */
  public static final String LINES = "lines";

  private static final Pattern DATE_IN_PATH = Pattern.compile("event_date=(\\d{4}-\\d{2}-\\d{2})");

  /** What a task needs to parse lines: one fresh parser per task, its fields and their types. */
  public interface Parser {
    boolean parse(String line);

    Object[] values();

    String reason();

    String detail();
  }

  /** A parser kind: the fields it yields, in table order, and how to make one. */
  public record Kind(List<String> names, List<DataType> types, SerializableSupplier<Parser> factory)
      implements Serializable {}

  /** A {@link Supplier} Spark can ship to tasks. */
  public interface SerializableSupplier<T> extends Supplier<T>, Serializable {}

  private RawLines() {}

  /** Longest line, bytes, where no setting says otherwise (audience.ingest.max-line-bytes). */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  /** Each line of the folders' files (given as paths) as bytes, with the file it came from. */
  public static Dataset<Row> read(SparkSession spark, List<String> files) {
    return spark
        .read()
        .text(files.toArray(String[]::new))
        .select(
            col("value").cast("binary"), col("_metadata.file_path").as(EventFields.SOURCE_FILE));
  }

  /**
   * What precedes any parser: a UTF-8 byte-order mark is dropped, a line longer than the limit is
   * {@code LINE_TOO_LONG} (its first thousand characters kept), a line that is not valid UTF-8 is
   * {@code BAD_ENCODING}. Not thread-safe: one per task.
   */
  static final class Screen {
    private static final int KEPT_CHARS = 1000;
    private final int maxBytes;
    private final CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String reason;
    String detail;
    String kept;

    Screen(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    /** The line as text, or null when refused: then reason, detail and kept say why and what. */
    String text(byte[] bytes) {
      reason = null;
      detail = null;
      kept = null;
      int from =
          bytes.length >= 3
                  && bytes[0] == (byte) 0xEF
                  && bytes[1] == (byte) 0xBB
                  && bytes[2] == (byte) 0xBF
              ? 3
              : 0;
      int n = bytes.length - from;
      if (n > maxBytes) {
        reason = EventParsing.LINE_TOO_LONG;
        detail =
            "line of "
                + n
                + " bytes, above audience.ingest.max-line-bytes ("
                + maxBytes
                + "); its first "
                + KEPT_CHARS
                + " characters are kept";
        String head = new String(bytes, from, Math.min(n, KEPT_CHARS * 4), StandardCharsets.UTF_8);
        kept = head.substring(0, Math.min(head.length(), KEPT_CHARS));
        return null;
      }
      String text = new String(bytes, from, n, StandardCharsets.UTF_8);
      // The decoder replaced what it could not read with U+FFFD; a real U+FFFD is valid UTF-8.
      if (text.indexOf('\uFFFD') >= 0) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, n);
        CoderResult result = strict.reset().decode(in, CharBuffer.allocate(n), true);
        if (result.isError()) {
          reason = EventParsing.BAD_ENCODING;
          detail = "not valid UTF-8 (byte " + (in.position() - from + 1) + " of the line)";
          kept = text;
          return null;
        }
      }
      return text;
    }
  }

  /** Schema of {@link #check}: rejected lines, then one count row per delivery date and task. */
  static final StructType CHECK_SCHEMA =
      new StructType()
          .add(DAY, DataTypes.IntegerType)
          .add(EventFields.SOURCE_FILE, DataTypes.StringType)
          .add(EventParsing.REASON, DataTypes.StringType)
          .add(EventParsing.DETAIL, DataTypes.StringType)
          .add(EventParsing.VALUE, DataTypes.StringType)
          .add(LINES, DataTypes.LongType);

  /**
   * The rejected lines (day, source_file, reason, detail, value) and, per task and delivery date, a
   * row with reason null and the number of lines read: the sum of {@code lines} is every line, the
   * count of reasons every rejected one. Dates come as {@code event_date}.
   */
  public static Dataset<Row> check(Dataset<Row> lines, Kind kind, int maxLineBytes) {
    return lines
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                rows -> new CheckIterator(rows, kind.factory().get(), new Screen(maxLineBytes)),
            Encoders.row(CHECK_SCHEMA))
        .withColumn(EventFields.EVENT_DATE, functions.date_from_unix_date(col(DAY)))
        .drop(DAY);
  }

  /**
   * The valid lines as typed rows: the kind's fields ({@code ts} a timestamp), source_file and
   * event_date.
   */
  public static Dataset<Row> valid(Dataset<Row> lines, Kind kind) {
    return parse(lines, kind, null, DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * The valid lines as typed rows, as {@link #valid}; each task adds what it read, the rejected
   * lines included, to {@code tally} (when not null) once it has read its last line.
   */
  public static Dataset<Row> parse(
      Dataset<Row> lines, Kind kind, IngestTally tally, int maxLineBytes) {
    StructType schema = new StructType();
    for (int i = 0; i < kind.names().size(); i++) {
      String name = kind.names().get(i);
      schema = schema.add(name, isTs(name) ? DataTypes.LongType : kind.types().get(i));
    }
    schema =
        schema.add(EventFields.SOURCE_FILE, DataTypes.StringType).add(DAY, DataTypes.IntegerType);
    List<Column> typed = new ArrayList<>();
    for (String name : kind.names()) {
      typed.add(isTs(name) ? functions.timestamp_micros(col(name)).as(name) : col(name));
    }
    typed.add(col(EventFields.SOURCE_FILE));
    typed.add(functions.date_from_unix_date(col(DAY)).as(EventFields.EVENT_DATE));
    int width = kind.names().size();
    return lines
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                rows ->
                    new ValidIterator(
                        rows, kind.factory().get(), new Screen(maxLineBytes), width, tally),
            Encoders.row(schema))
        .select(typed.toArray(Column[]::new));
  }

  private static boolean isTs(String name) {
    return name.equals(EventFields.TS);
  }

  /** Delivery day (days since the epoch) named by a file's folder, remembered for the last file. */
  private static final class Days {
    private String file;
    private Integer day;

    Integer of(String path) {
      if (!path.equals(file)) {
        file = path;
        Matcher m = DATE_IN_PATH.matcher(path);
        day = m.find() ? (int) LocalDate.parse(m.group(1)).toEpochDay() : null;
      }
      return day;
    }
  }

  private static final class CheckIterator implements Iterator<Row> {
    private final Iterator<Row> in;
    private final Parser parser;
    private final Screen screen;
    private final Days days = new Days();
    private final Map<Integer, long[]> counts = new LinkedHashMap<>();
    private Iterator<Row> tail;
    private Row next;

    CheckIterator(Iterator<Row> in, Parser parser, Screen screen) {
      this.in = in;
      this.parser = parser;
      this.screen = screen;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (in.hasNext()) {
          Row r = in.next();
          String line = screen.text(r.getAs(0));
          String file = r.getString(1);
          Integer day = days.of(file);
          counts.computeIfAbsent(day, d -> new long[1])[0]++;
          if (line == null) {
            next = RowFactory.create(day, file, screen.reason, screen.detail, screen.kept, 0L);
          } else if (!parser.parse(line)) {
            next = RowFactory.create(day, file, parser.reason(), parser.detail(), line, 0L);
          }
        } else {
          if (tail == null) {
            List<Row> rows = new ArrayList<>();
            counts.forEach((d, n) -> rows.add(RowFactory.create(d, null, null, null, null, n[0])));
            tail = rows.iterator();
          }
          if (!tail.hasNext()) {
            return false;
          }
          next = tail.next();
        }
      }
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = next;
      next = null;
      return r;
    }
  }

  private static final class ValidIterator implements Iterator<Row> {
    private final Iterator<Row> in;
    private final Parser parser;
    private final Screen screen;
    private final Days days = new Days();
    private final int width;
    private final IngestTally tally;
    private final IngestTally.Tally seen;
    private Row next;

    ValidIterator(Iterator<Row> in, Parser parser, Screen screen, int width, IngestTally tally) {
      this.in = in;
      this.parser = parser;
      this.screen = screen;
      this.width = width;
      this.tally = tally;
      this.seen = tally == null ? null : tally.newTally();
    }

    @Override
    public boolean hasNext() {
      while (next == null && in.hasNext()) {
        Row r = in.next();
        String line = screen.text(r.getAs(0));
        String file = r.getString(1);
        Integer day = days.of(file);
        boolean ok = line != null && parser.parse(line);
        if (seen != null) {
          seen.line(day, file);
          if (line == null) {
            seen.rejected(day, file, screen.reason, screen.detail, screen.kept);
          } else if (!ok) {
            seen.rejected(day, file, parser.reason(), parser.detail(), line);
          }
        }
        if (ok) {
          Object[] out = new Object[width + 2];
          System.arraycopy(parser.values(), 0, out, 0, width);
          out[width] = file;
          out[width + 1] = day;
          next = RowFactory.create(out);
        }
      }
      if (next == null && tally != null && !reported) {
        reported = true;
        tally.add(seen);
      }
      return next != null;
    }

    private boolean reported;

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = next;
      next = null;
      return r;
    }
  }
}

package fr.audience.sessions;

import static org.apache.spark.sql.functions.col;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Ascending$;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.NullsFirst$;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.util.TimestampFormatter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One ordered walk over each device's events, after one shuffle by device and one sort by time: the
 * first copy of each event id, the device's page-view bursts and daily peak, the disposition, then
 * the visits cut into sessions with their start and id. Spark's window functions would need a sort
 * per window (ids, bursts, days, visits); here one sort serves them all, and a session id is hashed
 * once per session.
 *
 * <p>The rows come out hash-partitioned by device with the partition count of the shuffle, each
 * device's rows outside any visit first, then its visits, each by time; the plan knows both (its
 * ordering: device, session start, session id, time; see {@link DeclaredRows}), so what follows per
 * device (sessions, user days, the identity join) neither shuffles nor sorts the events again.
 */
final class DeviceWalk implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;

  /** Per-row inputs, computed as plain expressions before the shuffle. */
  static final String FUTURE = "_future";

  static final String TOO_LATE = "_too_late";
  static final String BOT_AGENT = "_bot_agent";
  static final String PAGE_VIEW = "_page_view";
  static final String OTHER_DEVICE = "_other_device";
  static final String SERVER_SIDE = "_server_side";

  /** When the walk does not classify: whether the row belongs to a visit. */
  static final String VISIT = "_visit";

  private static final UTF8String DUPLICATE = UTF8String.fromString(EventCleaning.DUPLICATE);
  private static final UTF8String FUTURE_TIMESTAMP =
      UTF8String.fromString(EventCleaning.FUTURE_TIMESTAMP);
  private static final UTF8String TOO_LATE_EVENT = UTF8String.fromString(EventCleaning.TOO_LATE);
  private static final UTF8String BOT_USER_AGENT =
      UTF8String.fromString(EventCleaning.BOT_USER_AGENT);
  private static final UTF8String BOT_RATE = UTF8String.fromString(EventCleaning.BOT_RATE);

  /** What the walk computes and with which thresholds. */
  record Spec(
      boolean classify, boolean sessions, int burstSeconds, int burstPages, int inactivityMinutes)
      implements Serializable {}

  private final Spec spec;
  private final String zone;
  private final int device;
  private final int ts;
  private final int eventId;
  private final int arrival;
  private final int file;
  private final int trueDate;
  private final int future;
  private final int tooLate;
  private final int botAgent;
  private final int pageView;
  private final int otherDevice;
  private final int serverSide;
  private final int visit;

  private DeviceWalk(Spec spec, StructType schema, String zone) {
    this.spec = spec;
    this.zone = zone;
    this.device = schema.fieldIndex(EventFields.DEVICE_ID);
    this.ts = schema.fieldIndex(EventFields.TS);
    this.eventId = ordinal(schema, spec.classify(), EventFields.EVENT_ID);
    this.arrival = ordinal(schema, spec.classify(), SilverColumns.ARRIVAL_DATE);
    this.file = ordinal(schema, spec.classify(), EventFields.SOURCE_FILE);
    this.trueDate = ordinal(schema, spec.classify(), EventCleaning.TRUE_DATE);
    this.future = ordinal(schema, spec.classify(), FUTURE);
    this.tooLate = ordinal(schema, spec.classify(), TOO_LATE);
    this.botAgent = ordinal(schema, spec.classify(), BOT_AGENT);
    this.pageView = ordinal(schema, spec.classify(), PAGE_VIEW);
    this.otherDevice = ordinal(schema, spec.classify(), OTHER_DEVICE);
    this.serverSide = ordinal(schema, spec.classify() && spec.sessions(), SERVER_SIDE);
    this.visit = ordinal(schema, !spec.classify() && spec.sessions(), VISIT);
  }

  private static int ordinal(StructType schema, boolean needed, String name) {
    return needed ? schema.fieldIndex(name) : -1;
  }

  /**
   * Walks {@code rows} device by device and appends {@code disposition} (when classifying), then
   * {@code session_start} and {@code session_id} (when cutting sessions).
   */
  static Dataset<Row> walk(Dataset<Row> rows, Spec spec) {
    return walk(rows, spec, UnaryOperator.identity());
  }

  /**
   * As {@link #walk(Dataset, Spec)}, with {@code afterShuffle} applied to the rows once they are
   * partitioned by device, before the sort: per-row work placed there runs in the stage after the
   * shuffle, which keeps the stage that reads and shuffles the rows small (its generated code is
   * compiled by the JIT in every run; a wide scan with many expressions takes seconds of CPU).
   */
  static Dataset<Row> walk(Dataset<Row> rows, Spec spec, UnaryOperator<Dataset<Row>> afterShuffle) {
    Columns.require(rows, EventFields.DEVICE_ID, EventFields.TS);
    var spark = (org.apache.spark.sql.classic.SparkSession) rows.sparkSession();
    int partitions = spark.sessionState().conf().numShufflePartitions();
    // A fixed partition count: adaptive execution leaves such a shuffle as it is, so the
    // partitioning declared below is the one the rows have.
    var sorted =
        (org.apache.spark.sql.classic.Dataset<Row>)
            afterShuffle
                .apply(rows.repartition(partitions, col(EventFields.DEVICE_ID)))
                .sortWithinPartitions(col(EventFields.DEVICE_ID), col(EventFields.TS));
    StructType schema = sorted.schema();
    String zone = spark.sessionState().conf().sessionLocalTimeZone();
    RDD<InternalRow> walked =
        sorted
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(new DeviceWalk(spec, schema, zone), true)
            .rdd();

    List<Attribute> output =
        new ArrayList<>(CollectionConverters.asJava(sorted.logicalPlan().output()));
    Attribute deviceAttribute = output.get(schema.fieldIndex(EventFields.DEVICE_ID));
    List<SortOrder> ordering = new ArrayList<>();
    ordering.add(ascending(deviceAttribute));
    if (spec.classify()) {
      output.add(attribute(SilverColumns.DISPOSITION, DataTypes.StringType));
    }
    if (spec.sessions()) {
      Attribute start = attribute(SilverColumns.SESSION_START, DataTypes.TimestampType);
      Attribute id = attribute(SilverColumns.SESSION_ID, DataTypes.StringType);
      output.add(start);
      output.add(id);
      ordering.add(ascending(start));
      ordering.add(ascending(id));
    }
    ordering.add(ascending(output.get(schema.fieldIndex(EventFields.TS))));
    return DeclaredRows.of(spark, output, walked, List.of(deviceAttribute), partitions, ordering);
  }

  private static SortOrder ascending(Attribute attribute) {
    return new SortOrder(
        attribute,
        Ascending$.MODULE$,
        NullsFirst$.MODULE$,
        CollectionConverters.asScala(List.<Expression>of()).toList());
  }

  private static Attribute attribute(String name, DataType type) {
    return new AttributeReference(
        name,
        type,
        true,
        Metadata.empty(),
        NamedExpression.newExprId(),
        CollectionConverters.asScala(List.<String>of()).toList());
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    return new Walker(rows);
  }

  /** Reads one device's rows at a time, works them out, hands them on. */
  private final class Walker implements Iterator<InternalRow> {
    private final Iterator<InternalRow> input;
    private final TimestampFormatter formatter =
        TimestampFormatter.getFractionFormatter(ZoneId.of(zone));
    private final MessageDigest sha256;
    private final List<InternalRow> group = new ArrayList<>();
    private InternalRow next;
    private InternalRow[] extras = new InternalRow[0];
    private int[] order = new int[0];
    private int emitted;

    Walker(Iterator<InternalRow> input) {
      this.input = input;
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no SHA-256", e);
      }
      if (input.hasNext()) {
        next = input.next().copy();
      }
    }

    @Override
    public boolean hasNext() {
      return emitted < group.size() || next != null;
    }

    @Override
    public InternalRow next() {
      if (emitted == group.size()) {
        if (next == null) {
          throw new NoSuchElementException();
        }
        readGroup();
      }
      int i = order[emitted++];
      return new JoinedRow(group.get(i), extras[i]);
    }

    private void readGroup() {
      group.clear();
      emitted = 0;
      UTF8String id = next.isNullAt(device) ? null : next.getUTF8String(device);
      group.add(next);
      next = null;
      while (input.hasNext()) {
        InternalRow row = input.next();
        UTF8String other = row.isNullAt(device) ? null : row.getUTF8String(device);
        if (id == null ? other != null : !id.equals(other)) {
          next = row.copy();
          break;
        }
        group.add(row.copy());
      }
      work(id);
    }

    private void work(UTF8String deviceId) {
      int n = group.size();
      long[] micros = new long[n];
      for (int i = 0; i < n; i++) {
        InternalRow r = group.get(i);
        if (r.isNullAt(ts)) {
          throw new IllegalStateException("an event without ts reached sessionize");
        }
        micros[i] = r.getLong(ts);
      }
      UTF8String[] disposition = spec.classify() ? classify(micros) : null;
      boolean[] inVisit = new boolean[n];
      for (int i = 0; spec.sessions() && i < n; i++) {
        InternalRow r = group.get(i);
        inVisit[i] =
            spec.classify() ? disposition[i] == null && !flag(r, serverSide) : flag(r, visit);
      }
      extras = new InternalRow[n];
      int width = (spec.classify() ? 1 : 0) + (spec.sessions() ? 2 : 0);
      long start = 0;
      UTF8String sessionId = null;
      long previousMillis = 0;
      boolean any = false;
      long gap = spec.inactivityMinutes() * 60_000L;
      for (int i = 0; i < n; i++) {
        Object[] values = new Object[width];
        int k = 0;
        if (spec.classify()) {
          values[k++] = disposition[i];
        }
        if (spec.sessions() && inVisit[i]) {
          long millis = Math.floorDiv(micros[i], 1000L);
          if (!any || millis - previousMillis > gap) {
            start = micros[i];
            sessionId = sessionId(deviceId, start);
          }
          any = true;
          previousMillis = millis;
          values[k] = start;
          values[k + 1] = sessionId;
        }
        extras[i] = new GenericInternalRow(values);
      }
      // The declared ordering: the rows outside any visit first, then the visits, each by time.
      order = new int[n];
      int placed = 0;
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
          if (inVisit[i] == (pass == 1)) {
            order[placed++] = i;
          }
        }
      }
    }

    /** Dispositions in the order EventCleaning documents them; null for a kept event. */
    private UTF8String[] classify(long[] micros) {
      int n = group.size();
      // The first copy of each id on this device: by delivery date, then file, then ts.
      Map<UTF8String, Integer> firstOf = new HashMap<>();
      for (int i = 0; i < n; i++) {
        InternalRow r = group.get(i);
        UTF8String key = r.isNullAt(eventId) ? null : r.getUTF8String(eventId);
        Integer best = firstOf.get(key);
        if (best == null || before(r, micros[i], group.get(best), micros[best])) {
          firstOf.put(key, i);
        }
      }
      boolean[] first = new boolean[n];
      for (int i = 0; i < n; i++) {
        InternalRow r = group.get(i);
        UTF8String key = r.isNullAt(eventId) ? null : r.getUTF8String(eventId);
        first[i] = firstOf.get(key) == i && !flag(r, otherDevice);
      }
      // Page views (first copies) within the burst window ending at each row's second, peers of
      // the same second included, then each day's peak.
      int[] counted = new int[n + 1];
      long[] seconds = new long[n];
      for (int i = 0; i < n; i++) {
        seconds[i] = Math.floorDiv(micros[i], 1_000_000L);
        counted[i + 1] = counted[i] + (first[i] && flag(group.get(i), pageView) ? 1 : 0);
      }
      Map<Integer, Integer> peak = new HashMap<>();
      int lo = 0;
      int hi = 0;
      for (int i = 0; i < n; i++) {
        while (hi < n && seconds[hi] <= seconds[i]) {
          hi++;
        }
        while (seconds[lo] < seconds[i] - spec.burstSeconds()) {
          lo++;
        }
        peak.merge(group.get(i).getInt(trueDate), counted[hi] - counted[lo], Math::max);
      }
      UTF8String[] out = new UTF8String[n];
      for (int i = 0; i < n; i++) {
        InternalRow r = group.get(i);
        if (!first[i]) {
          out[i] = DUPLICATE;
        } else if (flag(r, future)) {
          out[i] = FUTURE_TIMESTAMP;
        } else if (flag(r, tooLate)) {
          out[i] = TOO_LATE_EVENT;
        } else if (flag(r, botAgent)) {
          out[i] = BOT_USER_AGENT;
        } else if (peak.get(r.getInt(trueDate)) > spec.burstPages()) {
          out[i] = BOT_RATE;
        }
      }
      return out;
    }

    /** Whether copy a comes before copy b: delivery date, then file (nulls first), then ts. */
    private boolean before(InternalRow a, long tsA, InternalRow b, long tsB) {
      int c = Integer.compare(a.getInt(arrival), b.getInt(arrival));
      if (c == 0) {
        boolean nullA = a.isNullAt(file);
        boolean nullB = b.isNullAt(file);
        c =
            nullA || nullB
                ? Boolean.compare(!nullA, !nullB)
                : a.getUTF8String(file).compareTo(b.getUTF8String(file));
      }
      return c < 0 || (c == 0 && tsA < tsB);
    }

    /**
     * The session id: the first 24 hex digits of SHA-256("device|start"), the start as Spark casts
     * a timestamp to a string in the session time zone (no device: the start alone).
     */
    private UTF8String sessionId(UTF8String deviceId, long startMicros) {
      String start = formatter.format(startMicros);
      String text = deviceId == null ? start : deviceId + "|" + start;
      byte[] digest = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
      char[] hex = new char[24];
      for (int i = 0; i < 12; i++) {
        hex[2 * i] = Character.forDigit((digest[i] >> 4) & 0xF, 16);
        hex[2 * i + 1] = Character.forDigit(digest[i] & 0xF, 16);
      }
      return UTF8String.fromString(new String(hex));
    }
  }

  private static boolean flag(InternalRow r, int ordinal) {
    return !r.isNullAt(ordinal) && r.getBoolean(ordinal);
  }
}

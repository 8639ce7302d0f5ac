package fr.audience.sessions;

import fr.audience.ingest.EventFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Folds the rows of {@link UserDaily#preAggregate}, sorted by user and day, into one
 * silver.user_daily row per user and day, as these aggregates over the day's pre-aggregate rows
 * would: a sum of the counts per event type, the distinct non-null session ids, sums of the
 * non-null amounts (null when none; engaged and video seconds, purchases and subscription revenue 0
 * then), the mean scroll depth of reads (null without reads), the first and last event time, and
 * per section, device type and part of the day a map of counts sorted by key (null when the day has
 * no such key).
 *
 * <p>Input columns: {@link #inputs}.
 */
final class DayFold implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;

  /** The pre-aggregate's sums, in input order. */
  static final List<String> SUMS =
      List.of("_dwell", "_video", "_video_duration", "_scroll", "_purchase", "_subscription");

  private static final int USER = 0;
  private static final int DATE = 1;
  private static final int SESSION = 2;
  private static final int DEVICE = 3;
  private static final int SECTION = 4;
  private static final int DAYPART = 5;
  private static final int EVENTS = 6;
  private static final int FIRST_TYPE = 7;

  private static final int DWELL = 0;
  private static final int VIDEO = 1;
  private static final int VIDEO_DURATION = 2;
  private static final int SCROLL = 3;
  private static final int PURCHASE = 4;
  private static final int SUBSCRIPTION = 5;

  /**
   * The pre-aggregate's columns in the order the fold reads them: user_id, event_date, session_id,
   * device, _pv_section, _pv_daypart, _n, one _n_type per event type, the {@link #SUMS}, _scroll_n,
   * _first_ts, _last_ts.
   */
  static Column[] inputs() {
    List<Column> inputs = new ArrayList<>();
    for (String c :
        List.of(
            EventFields.USER_ID,
            EventFields.EVENT_DATE,
            SilverColumns.SESSION_ID,
            EventFields.DEVICE,
            "_pv_section",
            "_pv_daypart",
            "_n")) {
      inputs.add(functions.col(c));
    }
    for (String type : EventFields.EVENT_TYPE_LIST) {
      inputs.add(functions.col("_n_" + type).cast("long"));
    }
    for (String c : SUMS) {
      inputs.add(functions.col(c).cast("double"));
    }
    inputs.add(functions.col("_scroll_n").cast("long"));
    inputs.add(functions.col("_first_ts"));
    inputs.add(functions.col("_last_ts"));
    return inputs.toArray(Column[]::new);
  }

  /** The output columns, in the order {@link Day#row} fills them. */
  private static final List<String> OUTPUT_HEAD =
      List.of(EventFields.USER_ID, EventFields.EVENT_DATE, "events", "sessions");

  private static final List<String> OUTPUT_TAIL =
      List.of(
          "engaged_seconds",
          "avg_scroll_depth",
          "video_seconds",
          "video_duration_seconds",
          "purchase_amount_eur",
          "subscription_revenue_eur",
          "first_ts",
          "last_ts",
          UserDaily.SECTION_PAGE_VIEWS,
          UserDaily.DEVICE_EVENTS,
          UserDaily.DAYPART_PAGE_VIEWS);

  private final int types;

  private final int width;

  DayFold(int types) {
    this.types = types;
    this.width = schema().size();
  }

  /** silver.user_daily's columns, every one nullable, in the order {@link Day#row} fills them. */
  static StructType schema() {
    List<String> columns = new ArrayList<>(OUTPUT_HEAD);
    for (String type : EventFields.EVENT_TYPE_LIST) {
      columns.add(UserDaily.plural(type));
    }
    columns.addAll(OUTPUT_TAIL);
    StructType table = SilverTables.USER_DAILY.schema();
    if (columns.size() != table.size()) {
      throw new IllegalStateException(
          "silver.user_daily's columns changed: " + table.simpleString());
    }
    return new StructType(
        columns.stream()
            .map(c -> new StructField(c, table.apply(c).dataType(), true, Metadata.empty()))
            .toArray(StructField[]::new));
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    return new Days(rows);
  }

  /** One output row per run of input rows with the same user and day. */
  private final class Days implements Iterator<InternalRow> {
    private final Iterator<InternalRow> input;
    private Day day;
    private InternalRow ready;

    Days(Iterator<InternalRow> input) {
      this.input = input;
    }

    @Override
    public boolean hasNext() {
      if (ready == null) {
        advance();
      }
      return ready != null;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      InternalRow row = ready;
      ready = null;
      return row;
    }

    private void advance() {
      while (input.hasNext()) {
        InternalRow r = input.next();
        UTF8String user = r.getUTF8String(USER);
        int date = r.getInt(DATE);
        if (day != null && day.date == date && day.user.equals(user)) {
          day.add(r);
          continue;
        }
        Day done = day;
        day = new Day(user.clone(), date);
        day.add(r);
        if (done != null) {
          ready = done.row();
          return;
        }
      }
      if (day != null) {
        ready = day.row();
        day = null;
      }
    }
  }

  /** One user's day being folded. */
  private final class Day {
    private final UTF8String user;
    private final int date;
    private long events;
    private final Set<UTF8String> sessions = new HashSet<>();
    private final long[] perType = new long[types];
    private final double[] sums = new double[SUMS.size()];
    private final boolean[] summed = new boolean[SUMS.size()];
    private long scrolled;
    private long firstTs = Long.MAX_VALUE;
    private long lastTs = Long.MIN_VALUE;
    private boolean timed;
    private final Map<UTF8String, Long> sections = new TreeMap<>();
    private final Map<UTF8String, Long> devices = new TreeMap<>();
    private final Map<UTF8String, Long> dayparts = new TreeMap<>();

    Day(UTF8String user, int date) {
      this.user = user;
      this.date = date;
    }

    void add(InternalRow r) {
      long n = r.getLong(EVENTS);
      events += n;
      if (!r.isNullAt(SESSION)) {
        UTF8String session = r.getUTF8String(SESSION);
        if (!sessions.contains(session)) {
          sessions.add(session.clone());
        }
      }
      count(sections, r, SECTION, n);
      count(devices, r, DEVICE, n);
      count(dayparts, r, DAYPART, n);
      for (int t = 0; t < types; t++) {
        perType[t] += r.getLong(FIRST_TYPE + t);
      }
      int at = FIRST_TYPE + types;
      for (int s = 0; s < sums.length; s++) {
        if (!r.isNullAt(at + s)) {
          sums[s] += r.getDouble(at + s);
          summed[s] = true;
        }
      }
      at += sums.length;
      scrolled += r.getLong(at);
      if (!r.isNullAt(at + 1)) {
        firstTs = Math.min(firstTs, r.getLong(at + 1));
        lastTs = Math.max(lastTs, r.getLong(at + 2));
        timed = true;
      }
    }

    private void count(Map<UTF8String, Long> counts, InternalRow r, int ordinal, long n) {
      if (r.isNullAt(ordinal)) {
        return;
      }
      UTF8String key = r.getUTF8String(ordinal);
      Long before = counts.get(key);
      counts.put(before == null ? key.clone() : key, before == null ? n : before + n);
    }

    InternalRow row() {
      Object[] values = new Object[width];
      int i = 0;
      values[i++] = user;
      values[i++] = date;
      values[i++] = events;
      values[i++] = (long) sessions.size();
      for (int t = 0; t < types; t++) {
        values[i++] = perType[t];
      }
      values[i++] = orZero(DWELL) + orZero(VIDEO);
      values[i++] = scrolled > 0 ? (Object) (sums[SCROLL] / (double) scrolled) : null;
      values[i++] = orZero(VIDEO);
      values[i++] = orZero(VIDEO_DURATION);
      values[i++] = orZero(PURCHASE);
      values[i++] = orZero(SUBSCRIPTION);
      values[i++] = timed ? (Object) firstTs : null;
      values[i++] = timed ? (Object) lastTs : null;
      values[i++] = map(sections);
      values[i++] = map(devices);
      values[i] = map(dayparts);
      return new GenericInternalRow(values);
    }

    private double orZero(int sum) {
      return summed[sum] ? sums[sum] : 0.0;
    }
  }

  /** Keys in UTF-8 byte order, as Spark sorts strings; null for no key. */
  private static ArrayBasedMapData map(Map<UTF8String, Long> counts) {
    if (counts.isEmpty()) {
      return null;
    }
    return new ArrayBasedMapData(
        new GenericArrayData(counts.keySet().toArray()),
        new GenericArrayData(counts.values().toArray()));
  }
}

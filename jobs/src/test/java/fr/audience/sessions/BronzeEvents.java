package fr.audience.sessions;

import fr.audience.TestSpark;
import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Small in-memory bronze.events rows for the sessions transforms, typed by the bronze table's own
 * schema. An event is a logged-out browser page view delivered on the UTC date of its ts unless
 * told otherwise.
 */
final class BronzeEvents {
  static final StructType SCHEMA = BronzeTables.EVENTS.schema();
  static final String BROWSER =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1";

  private BronzeEvents() {}

  static Event event(String id) {
    return new Event(id);
  }

  static Dataset<Row> bronze(Event... events) {
    return bronze(List.of(events));
  }

  static Dataset<Row> bronze(List<Event> events) {
    return TestSpark.spark().createDataFrame(events.stream().map(Event::row).toList(), SCHEMA);
  }

  static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  static final class Event {
    private final Map<String, Object> values = new HashMap<>();

    private Event(String id) {
      set(EventFields.EVENT_ID, id);
      set(EventFields.EVENT_TYPE, "page_view");
      set(EventFields.USER_AGENT, BROWSER);
      set(EventFields.DEVICE, "mobile");
      set(EventFields.SOURCE_FILE, "events-00.json.gz");
    }

    /**
     * Sets any bronze column; the value must have the column's external type (String, Double,
     * Timestamp...).
     */
    Event set(String column, Object value) {
      if (!Arrays.asList(SCHEMA.fieldNames()).contains(column)) {
        throw new IllegalArgumentException("bronze.events has no column " + column);
      }
      values.put(column, value);
      return this;
    }

    Event type(String eventType) {
      return set(EventFields.EVENT_TYPE, eventType);
    }

    Event at(String instant) {
      return set(EventFields.TS, ts(instant));
    }

    Event device(String deviceId) {
      return set(EventFields.DEVICE_ID, deviceId);
    }

    Event user(String userId) {
      return set(EventFields.USER_ID, userId);
    }

    Event agent(String userAgent) {
      return set(EventFields.USER_AGENT, userAgent);
    }

    Event deliveredOn(String date) {
      return set(EventFields.EVENT_DATE, Date.valueOf(date));
    }

    Event file(String sourceFile) {
      return set(EventFields.SOURCE_FILE, sourceFile);
    }

    Row row() {
      if (!values.containsKey(EventFields.EVENT_DATE)
          && values.get(EventFields.TS) instanceof Timestamp t) {
        values.put(
            EventFields.EVENT_DATE,
            Date.valueOf(LocalDate.ofInstant(t.toInstant(), ZoneOffset.UTC)));
      }
      return RowFactory.create(Arrays.stream(SCHEMA.fieldNames()).map(values::get).toArray());
    }
  }
}

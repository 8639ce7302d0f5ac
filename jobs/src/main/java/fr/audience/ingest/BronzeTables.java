package fr.audience.ingest;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import fr.audience.core.TableSpec;
import java.util.List;

/**
 * The bronze tables: typed copies of the raw input, one partition per arrival date, and the
 * quarantine.
 */
public final class BronzeTables {
  public static final String STAGE = "stage";
  public static final String SOURCE = "source";
  public static final String RAW = "raw";

  public static final TableSpec EVENTS = events();

  public static final TableSpec ACCESS_LOG =
      TableSpec.builder(
              "bronze",
              "access_log",
              "Web/CDN access log lines, typed, crawlers included; one partition per delivery date.")
          .column(AccessLogParsing.IP, StringType, "Client IP as logged")
          .column(AccessLogParsing.IDENT, StringType, "RFC 1413 identity (almost always '-')")
          .column(
              AccessLogParsing.AUTH_USER, StringType, "HTTP authenticated user (almost always '-')")
          .column(AccessLogParsing.TS, TimestampType, "Time of the request (UTC)")
          .column(AccessLogParsing.METHOD, StringType, "HTTP method")
          .column(AccessLogParsing.PATH, StringType, "Requested path")
          .column(AccessLogParsing.PROTOCOL, StringType, "HTTP protocol version")
          .column(AccessLogParsing.STATUS, IntegerType, "HTTP status code")
          .column(AccessLogParsing.BYTES, LongType, "Response size, bytes")
          .column(AccessLogParsing.REFERRER, StringType, "Referer header")
          .column(AccessLogParsing.USER_AGENT, StringType, "User-Agent header")
          .column(EventFields.SOURCE_FILE, StringType, "Raw file the line came from")
          .column(
              EventFields.RUN_ID, StringType, "Ingestion run that wrote the row (see ops.job_runs)")
          .column(EventFields.EVENT_DATE, DateType, "Delivery date of the log file (partition)")
          .partitionedBy(EventFields.EVENT_DATE)
          .statsOn(AccessLogParsing.TS, AccessLogParsing.STATUS)
          .build();

  public static final TableSpec QUARANTINE =
      TableSpec.builder(
              "bronze",
              "quarantine",
              "Every record a job rejected, with the reason, so nothing is lost silently.")
          .column(STAGE, StringType, "Job that rejected the record: ingest or sessionize")
          .column(SOURCE, StringType, "Input it came from: events, access, reference/<file>")
          .column(
              EventParsing.REASON,
              StringType,
              "Reason code, e.g. MALFORMED_JSON, WRONG_TYPE, MISSING_FIELD, FUTURE_TIMESTAMP, BOT_USER_AGENT")
          .column(EventParsing.DETAIL, StringType, "Human-readable detail of the reason")
          .column(RAW, StringType, "The record as received (raw line, or the bronze row as JSON)")
          .column(EventFields.SOURCE_FILE, StringType, "Raw file the record came from")
          .column(EventFields.RUN_ID, StringType, "Run that rejected it (see ops.job_runs)")
          .column(
              EventFields.EVENT_DATE, DateType, "Delivery date of the record's file (partition)")
          .partitionedBy(EventFields.EVENT_DATE)
          .build();

  public static final TableSpec ARTICLES =
      TableSpec.builder(
              "bronze",
              "articles",
              "Article dimension from reference/articles.csv, replaced at each ingestion.")
          .column("article_id", StringType, "Article id")
          .column("section", StringType, "Editorial section")
          .column("premium", BooleanType, "Reserved to subscribers")
          .column("published_at", TimestampType, "Publication time (UTC)")
          .column("title", StringType, "Headline")
          .build();

  public static final TableSpec CAMPAIGNS =
      TableSpec.builder(
              "bronze",
              "campaigns",
              "Marketing campaigns per day from reference/campaigns.csv, replaced at each ingestion.")
          .column("campaign_id", StringType, "Campaign id (the utm_campaign of its landing pages)")
          .column(
              "channel", StringType, "search, social, display, video, newsletter or affiliation")
          .column("day", DateType, "Day the spend and impressions apply to")
          .column("spend_eur", DoubleType, "Media spend that day, EUR excl. VAT")
          .column("impressions", LongType, "Impressions served that day")
          .column(
              "avg_creative_kb", DoubleType, "Average weight of the creatives served, kilobytes")
          .build();

  public static final TableSpec SUBSCRIPTIONS_HISTORY =
      TableSpec.builder(
              "bronze",
              "subscriptions_history",
              "Billing export of subscriptions started before the first event date.")
          .column("subscription_id", StringType, "Subscription id")
          .column("user_id", StringType, "Subscriber account id")
          .column("plan", StringType, "digital, print or bundle")
          .column("price_eur", DoubleType, "Price of one renewal period, EUR incl. VAT")
          .column("period_days", IntegerType, "Length of a renewal period, days")
          .column("start_date", DateType, "First day of the subscription")
          .column("end_date", DateType, "Day it ended; null while active at export time")
          .column("cancel_reason", StringType, "Reason given when it ended")
          .build();

  public static final TableSpec ORDERS_HISTORY =
      TableSpec.builder(
              "bronze",
              "orders_history",
              "Shop export of one-off purchases before the first event date.")
          .column("order_id", StringType, "Order id")
          .column("user_id", StringType, "Buyer account id")
          .column("order_date", DateType, "Day of the order")
          .column("amount_eur", DoubleType, "Amount, EUR incl. VAT")
          .column("product", StringType, "numero, hors_serie, livre, evenement or archives")
          .build();

  /** A reference file under raw/reference/ and the table it fills. */
  public record Reference(String file, TableSpec table) {}

  public static final List<Reference> REFERENCE =
      List.of(
          new Reference("articles.csv", ARTICLES),
          new Reference("campaigns.csv", CAMPAIGNS),
          new Reference("subscriptions_history.csv", SUBSCRIPTIONS_HISTORY),
          new Reference("orders_history.csv", ORDERS_HISTORY));

  private BronzeTables() {}

  private static TableSpec events() {
    TableSpec.Builder b =
        TableSpec.builder(
            "bronze",
            "events",
            "Audience events as delivered, typed with the documented schema; one partition per delivery date.");
    EventFields.FIELDS.forEach(
        (name, field) ->
            b.column(
                name,
                name.equals(EventFields.TS) ? TimestampType : field.rawType(),
                field.comment()));
    return b.column(EventFields.SOURCE_FILE, StringType, "Raw file the event came from")
        .column(
            EventFields.RUN_ID, StringType, "Ingestion run that wrote the row (see ops.job_runs)")
        .column(
            EventFields.EVENT_DATE,
            DateType,
            "Delivery date of the event's file (partition); the event's own time is ts")
        .partitionedBy(EventFields.EVENT_DATE)
        .statsOn(EventFields.TS, EventFields.EVENT_TYPE, EventFields.DEVICE_ID)
        .build();
  }
}

package fr.audience.ingest;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The audience event fields of docs/raw-formats.md: names, raw JSON types and meanings. */
public final class EventFields {
  public static final String EVENT_ID = "event_id";
  public static final String EVENT_TYPE = "event_type";
  public static final String TS = "ts";
  public static final String DEVICE_ID = "device_id";
  public static final String USER_ID = "user_id";
  public static final String DEVICE = "device";
  public static final String USER_AGENT = "user_agent";
  public static final String IP = "ip";
  public static final String REFERRER = "referrer";
  public static final String UTM_SOURCE = "utm_source";
  public static final String UTM_MEDIUM = "utm_medium";
  public static final String UTM_CAMPAIGN = "utm_campaign";
  public static final String CONSENT_ANALYTICS = "consent_analytics";
  public static final String CONSENT_ADS = "consent_ads";
  public static final String AGE_BAND = "age_band";
  public static final String ARTICLE_ID = "article_id";
  public static final String SECTION = "section";
  public static final String DWELL_SECONDS = "dwell_seconds";
  public static final String SCROLL_DEPTH = "scroll_depth";
  public static final String VIDEO_ID = "video_id";
  public static final String VIDEO_SECONDS = "video_seconds";
  public static final String VIDEO_DURATION_SECONDS = "video_duration_seconds";
  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String CREATIVE_KB = "creative_kb";
  public static final String NEWSLETTER_ID = "newsletter_id";
  public static final String PUSH_ID = "push_id";
  public static final String SUBSCRIPTION_ID = "subscription_id";
  public static final String PLAN = "plan";
  public static final String PRICE_EUR = "price_eur";
  public static final String PERIOD_DAYS = "period_days";
  public static final String CANCEL_REASON = "cancel_reason";
  public static final String ORDER_ID = "order_id";
  public static final String AMOUNT_EUR = "amount_eur";
  public static final String PRODUCT = "product";
  public static final String COMMENT_TEXT = "comment_text";

  /** Added by ingestion. */
  public static final String EVENT_DATE = "event_date";

  public static final String SOURCE_FILE = "source_file";
  public static final String RUN_ID = "run_id";

  /** Every event type, in the order of silver.user_daily's per-type count columns. */
  public static final List<String> EVENT_TYPE_LIST =
      List.of(
          "page_view",
          "article_read",
          "video_play",
          "ad_impression",
          "ad_click",
          "newsletter_send",
          "newsletter_open",
          "push_sent",
          "push_open",
          "comment",
          "purchase",
          "subscription_start",
          "subscription_renew",
          "subscription_cancel");

  public static final Set<String> EVENT_TYPES = Set.copyOf(EVENT_TYPE_LIST);

  /** Sent by servers on a reader's behalf: they carry no browser fields and belong to no visit. */
  public static final Set<String> SERVER_SIDE_TYPES =
      Set.of("newsletter_send", "push_sent", "subscription_renew", "subscription_cancel");

  /**
   * Field -> (raw JSON type, column comment), in the order of the bronze table. {@code ts} arrives
   * as a string.
   */
  public static final Map<String, Field> FIELDS = new LinkedHashMap<>();

  public record Field(DataType rawType, String comment) {}

  private static void field(String name, DataType rawType, String comment) {
    FIELDS.put(name, new Field(rawType, comment));
  }

  static {
    field(EVENT_ID, StringType, "Unique id of the event; a retried delivery repeats it");
    field(
        EVENT_TYPE,
        StringType,
        "page_view, article_read, video_play, ad_impression, ad_click, newsletter_send, newsletter_open, push_sent, push_open, subscription_start/renew/cancel, purchase, comment");
    field(TS, StringType, "Instant of the event (UTC) as the device stamped it");
    field(DEVICE_ID, StringType, "Anonymous first-party device id (cookie or app install)");
    field(USER_ID, StringType, "Account id when the reader was logged in, else null");
    field(DEVICE, StringType, "mobile, desktop, tablet, app_ios or app_android");
    field(USER_AGENT, StringType, "HTTP user agent");
    field(IP, StringType, "Client IP truncated to /24 by the collector");
    field(REFERRER, StringType, "Referring URL; empty for direct traffic");
    field(UTM_SOURCE, StringType, "utm_source of the landing URL");
    field(UTM_MEDIUM, StringType, "utm_medium of the landing URL");
    field(UTM_CAMPAIGN, StringType, "utm_campaign of the landing URL (a campaign id)");
    field(CONSENT_ANALYTICS, BooleanType, "Audience-measurement consent given");
    field(CONSENT_ADS, BooleanType, "Advertising consent given");
    field(AGE_BAND, StringType, "Declared age band: 13-17, 18-24, 25-34, 35-49, 50-64, 65+");
    field(ARTICLE_ID, StringType, "Article read or commented");
    field(SECTION, StringType, "Editorial section of the page");
    field(DWELL_SECONDS, DoubleType, "Time on the page, seconds");
    field(SCROLL_DEPTH, DoubleType, "Share of the article scrolled, 0..1");
    field(VIDEO_ID, StringType, "Video played");
    field(VIDEO_SECONDS, DoubleType, "Seconds of video watched");
    field(VIDEO_DURATION_SECONDS, DoubleType, "Length of the video, seconds");
    field(CAMPAIGN_ID, StringType, "Campaign of an ad or promotional send");
    field(CREATIVE_KB, DoubleType, "Weight of the ad creative, kilobytes");
    field(NEWSLETTER_ID, StringType, "Newsletter sent or opened");
    field(PUSH_ID, StringType, "Push notification sent or opened");
    field(SUBSCRIPTION_ID, StringType, "Subscription started, renewed or cancelled");
    field(PLAN, StringType, "Subscription plan: digital, print or bundle");
    field(PRICE_EUR, DoubleType, "Price of one renewal period, EUR incl. VAT");
    field(PERIOD_DAYS, IntegerType, "Length of a renewal period, days");
    field(CANCEL_REASON, StringType, "Reason given when a subscription ends");
    field(ORDER_ID, StringType, "One-off purchase order");
    field(AMOUNT_EUR, DoubleType, "Purchase amount, EUR incl. VAT");
    field(PRODUCT, StringType, "Product bought: numero, hors_serie, livre, evenement, archives");
    field(COMMENT_TEXT, StringType, "Reader comment (French text)");
  }

  private EventFields() {}

  /** The schema JSON lines are parsed with: documented types, nothing inferred. */
  static StructType rawSchema() {
    return schema(false);
  }

  /** Every field as a string: tells a type mismatch from malformed JSON. */
  static StructType stringSchema() {
    return schema(true);
  }

  private static StructType schema(boolean allStrings) {
    StructType s = new StructType();
    for (Map.Entry<String, Field> e : FIELDS.entrySet()) {
      s =
          s.add(
              new StructField(
                  e.getKey(),
                  allStrings ? StringType : e.getValue().rawType(),
                  true,
                  org.apache.spark.sql.types.Metadata.empty()));
    }
    return s.add(EventParsing.CORRUPT, StringType);
  }
}

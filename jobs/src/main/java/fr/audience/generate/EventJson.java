package fr.audience.generate;

/**
 * Writes an {@link Event} as one JSON line in the documented field order. Hand-written rather than
 * through Jackson because the bad-input variants need to break the contract on purpose.
 */
final class EventJson {
  /** How a line departs from the contract: NORMAL follows it. */
  enum Variant {
    NORMAL,
    NO_EVENT_ID,
    NO_DEVICE_ID,
    WRONG_TYPE
  }

  static final String BAD_DWELL = "beaucoup";

  private EventJson() {}

  static void write(StringBuilder sb, Event e, long seedSalt, Variant v) {
    sb.append('{');
    boolean wrongDwell = v == Variant.WRONG_TYPE && !Double.isNaN(e.dwellSeconds);
    boolean wrongTs = v == Variant.WRONG_TYPE && !wrongDwell;
    if (v != Variant.NO_EVENT_ID) {
      sb.append("\"event_id\":\"");
      hex(sb, Rng.mix(e.idKey ^ seedSalt));
      sb.append("\",");
    }
    sb.append("\"event_type\":\"").append(e.type.id).append('"');
    if (wrongTs) {
      sb.append(",\"ts\":").append(e.tsMillis / 1000);
    } else {
      sb.append(",\"ts\":\"");
      Clock.appendIso(sb, e.tsMillis);
      sb.append('"');
    }
    if (v != Variant.NO_DEVICE_ID) {
      str(sb, "device_id", e.deviceId);
    }
    str(sb, "user_id", e.userId);
    if (e.device >= 0) {
      str(sb, "device", Vocab.DEVICES[e.device]);
    }
    str(sb, "user_agent", e.userAgent);
    str(sb, "ip", e.ip);
    str(sb, "referrer", e.referrer);
    str(sb, "utm_source", e.utmSource);
    str(sb, "utm_medium", e.utmMedium);
    str(sb, "utm_campaign", e.utmCampaign);
    if (e.hasConsent) {
      sb.append(",\"consent_analytics\":").append(e.consentAnalytics);
      sb.append(",\"consent_ads\":").append(e.consentAds);
    }
    str(sb, "age_band", e.ageBand);
    str(sb, "article_id", e.articleId);
    str(sb, "section", e.section);
    if (wrongDwell) {
      str(sb, "dwell_seconds", BAD_DWELL);
    } else {
      num(sb, "dwell_seconds", e.dwellSeconds, 1);
    }
    num(sb, "scroll_depth", e.scrollDepth, 2);
    str(sb, "video_id", e.videoId);
    num(sb, "video_seconds", e.videoSeconds, 1);
    num(sb, "video_duration_seconds", e.videoDurationSeconds, 1);
    str(sb, "campaign_id", e.campaignId);
    num(sb, "creative_kb", e.creativeKb, 1);
    str(sb, "newsletter_id", e.newsletterId);
    str(sb, "push_id", e.pushId);
    str(sb, "subscription_id", e.subscriptionId);
    str(sb, "plan", e.plan);
    num(sb, "price_eur", e.priceEur, 2);
    if (e.periodDays > 0) {
      sb.append(",\"period_days\":").append(e.periodDays);
    }
    str(sb, "cancel_reason", e.cancelReason);
    str(sb, "order_id", e.orderId);
    num(sb, "amount_eur", e.amountEur, 2);
    str(sb, "product", e.product);
    str(sb, "comment_text", e.commentText);
    sb.append('}');
  }

  private static void str(StringBuilder sb, String key, String value) {
    if (value == null) {
      return;
    }
    sb.append(",\"").append(key).append("\":\"");
    if (needsEscape(value)) {
      escape(sb, value);
    } else {
      sb.append(value);
    }
    sb.append('"');
  }

  private static boolean needsEscape(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        return true;
      }
    }
    return false;
  }

  private static void escape(StringBuilder sb, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
  }

  /** Fixed decimals, always with a decimal point, so readers see a double even for whole values. */
  private static void num(StringBuilder sb, String key, double value, int decimals) {
    if (Double.isNaN(value)) {
      return;
    }
    sb.append(",\"").append(key).append("\":");
    appendFixed(sb, value, decimals);
  }

  static void appendFixed(StringBuilder sb, double value, int decimals) {
    long scale = decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
    long scaled = Math.round(Math.abs(value) * scale);
    if (value < 0 && scaled != 0) {
      sb.append('-');
    }
    sb.append(scaled / scale).append('.');
    String frac = Long.toString(scaled % scale);
    for (int i = frac.length(); i < decimals; i++) {
      sb.append('0');
    }
    sb.append(frac);
  }

  private static void hex(StringBuilder sb, long bits) {
    for (int shift = 60; shift >= 0; shift -= 4) {
      sb.append(Character.forDigit((int) (bits >>> shift) & 0xF, 16));
    }
  }
}

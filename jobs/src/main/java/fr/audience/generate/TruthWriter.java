package fr.audience.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run-level ground truth: population parameters, planted bad lines per file date, bot devices.
 */
final class TruthWriter {
  private TruthWriter() {}

  static void write(World w, long[][] badByDay, List<Device> bots) {
    Path dir = w.settings.out().resolve(Layout.TRUTH);
    params(w, dir.resolve(Layout.PARAMS_TRUTH));
    try (Csv csv = new Csv(dir.resolve(Layout.BAD_RECORDS_TRUTH), "event_date", "kind", "count")) {
      for (int d = 0; d < badByDay.length; d++) {
        for (BadKind k : BadKind.values()) {
          csv.write(w.settings.startDate().plusDays(d), k.id, badByDay[d][k.ordinal()]);
        }
      }
    }
    try (Csv csv = new Csv(dir.resolve(Layout.BOTS_TRUTH), "device_id", "user_agent", "ip")) {
      for (Device b : bots) {
        csv.write(b.id(), b.userAgent(), b.ip());
      }
    }
  }

  private static void params(World w, Path file) {
    GeneratorSettings s = w.settings;
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("seed", s.seed());
    root.put("users", s.users());
    root.put("days", s.days());
    root.put("start_date", s.startDate().toString());
    root.put("as_of_date", s.startDate().plusDays(s.days()).toString());
    root.put("history_months", s.historyMonths());
    root.put("segment_overlap", s.segmentOverlap());
    root.put("bad_fraction", s.badFraction());
    if (s.subscriberShare() >= 0) {
      // Written only when set, so the default output stays byte-identical.
      root.put("subscriber_share_all_segments", s.subscriberShare());
    }
    root.put("period_days", Plan.PERIOD_DAYS);
    Map<String, Object> plans = new LinkedHashMap<>();
    for (Plan p : Plan.values()) {
      plans.put(
          p.id,
          Map.of(
              "price_eur",
              p.priceEur,
              "alpha",
              p.alpha,
              "beta",
              p.beta,
              "mean_theta",
              p.meanTheta()));
    }
    root.put("plans", plans);
    root.put("engagement_churn_link", UserProfile.ENGAGEMENT_CHURN_LINK);
    root.put("comeback_prob", Subscription.COMEBACK_PROB);
    Map<String, Object> purchases = new LinkedHashMap<>();
    purchases.put("time_unit", "week");
    purchases.put("r", PurchaseModel.R);
    purchases.put("alpha", PurchaseModel.ALPHA);
    purchases.put("a", PurchaseModel.A);
    purchases.put("b", PurchaseModel.B);
    purchases.put("p", PurchaseModel.P);
    purchases.put("q", PurchaseModel.Q);
    purchases.put("gamma", PurchaseModel.GAMMA);
    root.put("purchases", purchases);
    root.put("segments", segments(w));
    try {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Blended profiles as used in this run, with vector entries named. */
  private static List<Map<String, Object>> segments(World w) {
    return java.util.stream.IntStream.range(0, w.segments.length)
        .mapToObj(
            i -> {
              Segment g = w.segments[i];
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("segment_id", i);
              m.put("name", g.name());
              m.put("weight", g.weight());
              m.put("sections", named(Vocab.SECTIONS, g.sections()));
              m.put("devices", named(Vocab.DEVICES, g.devices()));
              m.put("referrers", named(Vocab.REFERRERS, g.referrers()));
              m.put("hours_local", g.hours());
              m.put("weekend_ratio", g.weekendRatio());
              m.put("active_prob", g.activeProb());
              m.put("sessions_per_day", g.sessionsPerDay());
              m.put("pages_per_session", g.pagesPerSession());
              m.put("dwell_seconds", g.dwellSeconds());
              m.put("video_rate", g.videoRate());
              m.put("subscriber_share", g.subscriberShare());
              m.put(
                  "plan_mix",
                  named(new String[] {"digital", "print", "bundle"}, Rng.normalised(g.planMix())));
              m.put("buyer_share", g.buyerShare());
              m.put("age_bands", named(Vocab.AGE_BANDS, Rng.normalised(g.ageBands())));
              return m;
            })
        .toList();
  }

  private static Map<String, Double> named(String[] names, double[] values) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], values[i]);
    }
    return m;
  }
}

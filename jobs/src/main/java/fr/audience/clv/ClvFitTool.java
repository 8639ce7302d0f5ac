package fr.audience.clv;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.audience.core.AudienceException;
import fr.audience.core.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The core of the data scientists' {@code clv fit} and {@code clv fit-sbg} commands: fit the CLV
 * models on any transaction log or survival table and describe the fit as one JSON object.
 *
 * <p>These commands serve one analyst's file, not the lakehouse, so the CSV is read with plain Java
 * into memory (a customer's purchase days are kept until the file is read). Fields are
 * comma-separated; a field may be double-quoted, without embedded commas or line breaks.
 */
public final class ClvFitTool {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BASIC_DATE = Pattern.compile("\\d{8}");
  private static final Map<String, Double> DAYS_PER_UNIT =
      Map.of("day", 1.0, "week", 7.0, "month", 365.25 / 12);

  private ClvFitTool() {}

  /** Per-customer summaries of a transaction log, before fitting. */
  record Summary(
      List<BgNbd.RfmCount> rfm,
      List<GammaGamma.SpendCount> spend,
      long linesRead,
      long purchaseDays,
      long customers,
      long ignoredTransactions,
      long ignoredCustomers,
      long zeroSpendCustomers) {}

  /**
   * Fits BG/NBD on (x, t_x, T) and Gamma-Gamma on the mean repeat spend of customers with x &gt;=
   * 1, as of {@code calibrationEnd}; {@code timeUnit} is day, week or month (365.25/12 days).
   */
  public static String fitTransactions(Path csv, LocalDate calibrationEnd, String timeUnit)
      throws IOException {
    Summary s = summarise(csv, calibrationEnd, timeUnit);
    ClvFit<BgNbd> bg = BgNbd.fit(s.rfm());
    ClvFit<GammaGamma> gg = GammaGamma.fit(s.spend());
    ObjectNode root = JSON.createObjectNode();
    ObjectNode input = root.putObject("input");
    input.put("file", csv.toString());
    input.put("calibration_end", calibrationEnd.toString());
    input.put("time_unit", timeUnit);
    input.put("transactions_read", s.linesRead());
    input.put("purchase_days_used", s.purchaseDays());
    input.put("customers", s.customers());
    ObjectNode ignored = input.putObject("ignored");
    ignored.put("transactions_after_calibration_end", s.ignoredTransactions());
    ignored.put("customers_first_purchase_after_calibration_end", s.ignoredCustomers());
    ignored.put(
        "note",
        "transactions dated after the calibration end are not used; several "
            + "purchases of a customer on one day count as one purchase with their amounts summed");
    BgNbd m = bg.model();
    ObjectNode bgNode = root.putObject("bg_nbd");
    bgNode.put("r", m.r()).put("alpha", m.alpha()).put("a", m.a()).put("b", m.b());
    bgNode.put("log_likelihood", bg.logLikelihood());
    bgNode.put("customers", (long) bg.customers());
    bgNode.put("customers_with_repeat_purchases", repeatBuyers(s.rfm()));
    bgNode.put("distinct_summaries", s.rfm().size());
    bgNode.set("standard_errors", JSON.valueToTree(bg.standardErrors()));
    GammaGamma g = gg.model();
    ObjectNode ggNode = root.putObject("gamma_gamma");
    ggNode.put("p", g.p()).put("q", g.q()).put("gamma", g.gamma());
    ggNode.put("log_likelihood", gg.logLikelihood());
    ggNode.put("customers", (long) gg.customers());
    ggNode.put("customers_excluded_zero_repeat_spend", s.zeroSpendCustomers());
    ggNode.put("spend_used", "mean amount of repeat purchase days, first purchase excluded");
    ggNode.put("population_mean_spend", g.populationMeanSpend());
    ggNode.set("standard_errors", JSON.valueToTree(gg.standardErrors()));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  /** Fits sBG per cohort of a {@code cohort,period,alive} table (period 0 = starting count). */
  public static String fitSurvival(Path csv) throws IOException {
    Map<String, TreeMap<Integer, Long>> cohorts = readSurvival(csv);
    ObjectNode root = JSON.createObjectNode();
    root.put("file", csv.toString());
    ArrayNode out = root.putArray("cohorts");
    for (Map.Entry<String, TreeMap<Integer, Long>> e : cohorts.entrySet()) {
      long[] alive = survivors(csv, e.getKey(), e.getValue());
      ClvFit<ShiftedBetaGeometric> fit;
      try {
        fit = ShiftedBetaGeometric.fitCohort(alive);
      } catch (AudienceException ex) {
        throw Errors.within(ex, "for cohort '" + e.getKey() + "'");
      }
      ObjectNode c = out.addObject();
      c.put("cohort", e.getKey());
      c.put("alpha", fit.model().alpha()).put("beta", fit.model().beta());
      c.put("log_likelihood", fit.logLikelihood());
      c.put("customers", alive[0]);
      c.put("periods", alive.length - 1);
      c.set("standard_errors", JSON.valueToTree(fit.standardErrors()));
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  static Summary summarise(Path csv, LocalDate calibrationEnd, String timeUnit) throws IOException {
    Double unit = DAYS_PER_UNIT.get(timeUnit == null ? "" : timeUnit.toLowerCase(Locale.ROOT));
    if (unit == null) {
      throw Errors.cannot(
          "fit transactions", "unknown time unit '" + timeUnit + "'", "Use day, week or month");
    }
    Map<String, TreeMap<LocalDate, Double>> days = new HashMap<>();
    long lines = 0;
    long ignoredTransactions = 0;
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      Header h = Header.read(csv, in, "customer_id", "date", "amount");
      String line;
      long number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = h.fields(csv, number, line);
        String customer = f[0];
        if (customer.isEmpty()) {
          throw Errors.badLine(csv, number, "has an empty customer_id", "Every row needs one");
        }
        LocalDate date = parseDate(csv, number, f[1]);
        double amount = parseAmount(csv, number, f[2]);
        lines++;
        // An empty map marks a customer seen only after the end: counted as ignored.
        TreeMap<LocalDate, Double> mine = days.computeIfAbsent(customer, k -> new TreeMap<>());
        if (date.isAfter(calibrationEnd)) {
          ignoredTransactions++;
        } else {
          mine.merge(date, amount, Double::sum);
        }
      }
    }
    return summarise(days, calibrationEnd, unit, lines, ignoredTransactions);
  }

  private static Summary summarise(
      Map<String, TreeMap<LocalDate, Double>> days,
      LocalDate calibrationEnd,
      double unit,
      long lines,
      long ignoredTransactions) {
    Map<BgNbd.RfmCount, Long> rfm = new HashMap<>();
    Map<GammaGamma.SpendCount, Long> spend = new HashMap<>();
    long customers = 0;
    long ignoredCustomers = 0;
    long purchaseDays = 0;
    long zeroSpend = 0;
    for (TreeMap<LocalDate, Double> mine : days.values()) {
      if (mine.isEmpty()) {
        ignoredCustomers++;
        continue;
      }
      customers++;
      purchaseDays += mine.size();
      LocalDate first = mine.firstKey();
      int x = mine.size() - 1;
      double tx = ChronoUnit.DAYS.between(first, mine.lastKey()) / unit;
      double bigT = ChronoUnit.DAYS.between(first, calibrationEnd) / unit;
      rfm.merge(new BgNbd.RfmCount(x, tx, bigT, 1), 1L, Long::sum);
      if (x >= 1) {
        double repeatTotal =
            mine.tailMap(first, false).values().stream().mapToDouble(Double::doubleValue).sum();
        if (repeatTotal > 0) {
          spend.merge(new GammaGamma.SpendCount(x, repeatTotal / x, 1), 1L, Long::sum);
        } else {
          zeroSpend++;
        }
      }
    }
    List<BgNbd.RfmCount> rfmCounts = new ArrayList<>();
    rfm.forEach((k, n) -> rfmCounts.add(new BgNbd.RfmCount(k.x(), k.tx(), k.T(), n)));
    List<GammaGamma.SpendCount> spendCounts = new ArrayList<>();
    spend.forEach((k, n) -> spendCounts.add(new GammaGamma.SpendCount(k.x(), k.meanSpend(), n)));
    return new Summary(
        rfmCounts,
        spendCounts,
        lines,
        purchaseDays,
        customers,
        ignoredTransactions,
        ignoredCustomers,
        zeroSpend);
  }

  private static Map<String, TreeMap<Integer, Long>> readSurvival(Path csv) throws IOException {
    Map<String, TreeMap<Integer, Long>> cohorts = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      Header h = Header.read(csv, in, "cohort", "period", "alive");
      String line;
      long number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = h.fields(csv, number, line);
        int period = (int) parseCount(csv, number, "period", f[1]);
        long alive = parseCount(csv, number, "alive", f[2]);
        if (cohorts.computeIfAbsent(f[0], k -> new TreeMap<>()).put(period, alive) != null) {
          throw Errors.badLine(
              csv,
              number,
              "repeats period " + period + " of cohort '" + f[0] + "'",
              "Give one row per cohort and period");
        }
      }
    }
    if (cohorts.isEmpty()) {
      throw Errors.cannot("fit survival", csv + " has no data rows", "Add cohort rows");
    }
    return cohorts;
  }

  private static long[] survivors(Path csv, String cohort, TreeMap<Integer, Long> periods) {
    long[] alive = new long[periods.size()];
    for (int t = 0; t < alive.length; t++) {
      Long n = periods.get(t);
      if (n == null) {
        throw Errors.cannot(
            "read " + csv,
            "cohort '" + cohort + "' lacks period " + t,
            "Periods must run 0, 1, 2, ... without gaps (period 0 = starting count)");
      }
      alive[t] = n;
    }
    return alive;
  }

  private static LocalDate parseDate(Path csv, long line, String value) {
    try {
      return BASIC_DATE.matcher(value).matches()
          ? LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE)
          : LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw Errors.badLine(
          csv, line, "has unparsable date '" + value + "'", "Use yyyy-MM-dd or yyyyMMdd");
    }
  }

  private static double parseAmount(Path csv, long line, String value) {
    double amount;
    try {
      amount = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      amount = Double.NaN;
    }
    if (!Double.isFinite(amount)) {
      throw Errors.badLine(
          csv,
          line,
          "has unparsable amount '" + value + "'",
          "Use a plain decimal number with a dot, e.g. 12.50");
    }
    if (amount < 0) {
      throw Errors.badLine(
          csv,
          line,
          "has negative amount " + value,
          "Net returns and refunds out of the log before fitting");
    }
    return amount;
  }

  private static long parseCount(Path csv, long line, String column, String value) {
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Errors.badLine(
        csv, line, "has invalid " + column + " '" + value + "'", "Use a whole number >= 0");
  }

  private static long repeatBuyers(List<BgNbd.RfmCount> rfm) {
    return (long) rfm.stream().filter(c -> c.x() > 0).mapToDouble(BgNbd.RfmCount::count).sum();
  }

  /** Positions of the required columns in a CSV header, in the order asked for. */
  private record Header(int[] positions, int width) {
    static Header read(Path csv, BufferedReader in, String... required) throws IOException {
      String line = in.readLine();
      if (line == null) {
        throw Errors.badLine(
            csv,
            1,
            "is missing: the file is empty",
            "Start the file with the header " + String.join(",", required));
      }
      String[] names = split(line.replace("\uFEFF", ""));
      int[] positions = new int[required.length];
      for (int i = 0; i < required.length; i++) {
        positions[i] = -1;
        for (int j = 0; j < names.length; j++) {
          if (names[j].equalsIgnoreCase(required[i])) {
            positions[i] = j;
          }
        }
        if (positions[i] < 0) {
          throw Errors.badLine(
              csv,
              1,
              "(the header) lacks the column " + required[i],
              "The header must name " + String.join(",", required));
        }
      }
      return new Header(positions, names.length);
    }

    String[] fields(Path csv, long number, String line) {
      String[] all = split(line);
      if (all.length != width) {
        throw Errors.badLine(
            csv,
            number,
            "has " + all.length + " fields where the header has " + width,
            "Check for a missing value or a stray comma");
      }
      String[] picked = new String[positions.length];
      for (int i = 0; i < positions.length; i++) {
        picked[i] = all[positions[i]];
      }
      return picked;
    }

    private static String[] split(String line) {
      String[] f = line.split(",", -1);
      for (int i = 0; i < f.length; i++) {
        String v = f[i].trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1).trim();
        }
        f[i] = v;
      }
      return f;
    }
  }
}

package fr.audience.sessions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The memoised regex find answers as Spark's rlike on every value, repeated or not. */
class RepeatedFindTest {

  @Test
  void answersAsRlikeOnUserAgentsAndReferrersNullIncluded() {
    List<String> values =
        Arrays.asList(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15",
            "python-requests/2.31.0",
            "HeadlessChrome/120.0",
            "CURL/8.4",
            "Ünïcödé Bröwser/1.0 crawler",
            "",
            null,
            "https://www.google.fr/search?q=x",
            "https://t.co/abc",
            "https://x.com/home",
            "https://example.com/?ref=facebook.com",
            "https://lemonde.fr/");
    List<String> repeated = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      repeated.addAll(values);
    }
    Dataset<Row> rows =
        TestSpark.spark().createDataset(repeated, Encoders.STRING()).toDF("v").repartition(2);
    for (String regex :
        List.of(
            "(?i)(bot|crawler|spider|crawl|slurp|headless|python-requests|curl|wget)",
            Sessionization.SEARCH,
            Sessionization.SOCIAL)) {
      List<Row> compared =
          rows.select(
                  col("v"),
                  lower(col("v")).rlike(regex).as("spark"),
                  RepeatedFind.of(lower(col("v")), regex).as("repeated"))
              .collectAsList();
      assertThat(compared).hasSize(repeated.size());
      for (Row r : compared) {
        assertThat(r.get(2)).as(regex + " on " + r.get(0)).isEqualTo(r.get(1));
      }
    }
  }

  @Test
  void staysRightWhenMoreValuesThanItHolds() {
    RepeatedFind find = new RepeatedFind("7$");
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < RepeatedFind.MAX_HELD + 100; i++) {
        assertThat(find.call("v" + i)).isEqualTo(i % 10 == 7);
      }
    }
    assertThat(find.call(null)).isNull();
  }
}

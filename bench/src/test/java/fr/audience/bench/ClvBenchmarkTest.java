package fr.audience.bench;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import fr.audience.clv.ClvSettings;
import fr.audience.clv.ClvStatistics;
import fr.audience.core.AppConfig;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The benchmark helper scales a template of buyers to N and reports what it fitted and scored. */
class ClvBenchmarkTest {
  private static final LocalDate AS_OF = LocalDate.parse("2025-01-31");

  /** 500 buyers from BG/NBD(r = 1, alpha = 5, a = 1, b = 3), drawn by inversion, over 400 days. */
  private static Dataset<Row> transactions(SparkSession spark) {
    Random random = new Random(11);
    LocalDate start = AS_OF.minusDays(400);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < 500; c++) {
      double rate = -Math.log(1 - random.nextDouble()) / 5;
      double dropout = 1 - Math.pow(1 - random.nextDouble(), 1 / 3.0);
      double day = random.nextInt(100);
      for (int n = 0; day < 400; n++) {
        rows.add(
            RowFactory.create(
                "c" + c, Date.valueOf(start.plusDays((long) day)), 5 + 40 * random.nextDouble()));
        if (n > 0 && random.nextDouble() < dropout) {
          break;
        }
        day += -Math.log(1 - random.nextDouble()) * 7 / rate;
      }
    }
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("order_date", DataTypes.DateType)
            .add("amount_eur", DataTypes.DoubleType));
  }

  @Test
  void fitsOnGroupsAndScoresTheRequestedNumberOfCustomers() {
    SparkSession spark = TestSpark.spark();
    ClvSettings settings = ClvSettings.from(AppConfig.defaults());
    Dataset<Row> template = ClvStatistics.rfm(transactions(spark), AS_OF, settings.unitDays());
    ClvBenchmark.Timing t = ClvBenchmark.run(spark, template, 5000, settings, 1);
    System.out.println("clv benchmark (5000 customers, test machine): " + t);
    assertThat(t.customers()).isEqualTo(5000);
    // Customers sharing (x, t_x, T) collapse into one group; never more groups than customers.
    assertThat(t.groups()).isPositive().isLessThanOrEqualTo(5000);
    assertThat(t.fitSeconds()).isPositive();
    assertThat(t.scoreSeconds()).isPositive();
  }
}

package fr.audience.kpi;

import fr.audience.core.LakehouseSettings;
import fr.audience.core.TableSpec;
import fr.audience.core.Tables;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/** Writes hand-made rows (JSON, missing fields null) into a table of the lakehouse. */
public final class JsonRows {
  private JsonRows() {}

  public static void write(
      SparkSession spark, LakehouseSettings lh, TableSpec spec, String... jsonLines) {
    Tables.replaceAll(
        spark,
        lh,
        spec,
        spark
            .read()
            .schema(spec.schema())
            .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssX")
            .json(spark.createDataset(List.of(jsonLines), Encoders.STRING())));
  }
}

package fr.audience.core;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Up-front checks transforms make on their input. */
public final class Columns {
  private Columns() {}

  public static void require(Dataset<Row> rows, String... names) {
    List<String> have = List.of(rows.columns());
    for (String name : names) {
      if (!have.contains(name)) {
        throw new IllegalArgumentException("Expected column " + name + " among " + have);
      }
    }
  }
}

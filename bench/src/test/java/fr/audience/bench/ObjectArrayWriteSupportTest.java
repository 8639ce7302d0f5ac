package fr.audience.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.audience.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectArrayWriteSupportTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("text", DataTypes.StringType)
          .add("flag", DataTypes.BooleanType)
          .add("amount", DataTypes.DoubleType)
          .add("days", DataTypes.IntegerType)
          .add("count", DataTypes.LongType)
          .add("ts", DataTypes.TimestampType)
          .add("day", DataTypes.DateType);

  private static final List<Object[]> ROWS =
      List.of(
          new Object[] {"économie", true, 2.5, 30, 1L << 40, 1_772_445_600_123_456L, 20_514},
          new Object[] {null, null, null, null, null, null, null},
          new Object[] {"", false, Double.NaN, -1, -7L, 0L, -1});

  /** Written rows read back by Spark: its own types, every value and null where it was. */
  @Test
  void sparkReadsBackTheSameRowsAndTypes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rows.parquet");
    try (ParquetWriter<Object[]> writer = ObjectArrayWriteSupport.writer(file, SCHEMA)) {
      for (Object[] row : ROWS) {
        writer.write(row);
      }
    }

    Dataset<Row> back = TestSpark.spark().read().parquet(file.toString());
    assertThat(back.schema().fieldNames()).containsExactly(SCHEMA.fieldNames());
    for (int i = 0; i < SCHEMA.size(); i++) {
      assertThat(back.schema().fields()[i].dataType())
          .as(SCHEMA.fields()[i].name())
          .isEqualTo(SCHEMA.fields()[i].dataType());
    }
    List<Row> rows =
        back.select(
                col("text"),
                col("flag"),
                col("amount"),
                col("days"),
                col("count"),
                unix_micros(col("ts")),
                unix_date(col("day")))
            .collectAsList();
    assertThat(rows).hasSize(ROWS.size());
    for (int i = 0; i < ROWS.size(); i++) {
      Object[] got = new Object[SCHEMA.size()];
      for (int c = 0; c < got.length; c++) {
        got[c] = rows.get(i).get(c);
      }
      assertThat(Arrays.asList(got)).as("row " + i).isEqualTo(Arrays.asList(ROWS.get(i)));
    }
  }

  @Test
  void refusesATypeItCannotWrite() {
    StructType nested =
        new StructType().add("tags", DataTypes.createArrayType(DataTypes.StringType));
    assertThatThrownBy(() -> new ObjectArrayWriteSupport(nested))
        .hasMessageContaining("ARRAY<STRING>");
  }
}

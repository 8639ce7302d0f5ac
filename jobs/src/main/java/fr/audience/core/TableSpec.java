package fr.audience.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A catalog table: name, comment, commented columns, partitioning and the columns Delta keeps
 * data-skipping statistics on (empty: Delta's default, the first 32). Built with {@link #builder}.
 */
public record TableSpec(
    String database,
    String table,
    String comment,
    StructType schema,
    List<String> partitionColumns,
    List<String> statsColumns) {

  public String fullName() {
    return database + "." + table;
  }

  public List<String> columnNames() {
    return List.of(schema.fieldNames());
  }

  public static Builder builder(String database, String table, String comment) {
    return new Builder(database, table, comment);
  }

  public static final class Builder {
    private final String database;
    private final String table;
    private final String comment;
    private final List<StructField> fields = new ArrayList<>();
    private final List<String> partitions = new ArrayList<>();
    private final List<String> stats = new ArrayList<>();

    private Builder(String database, String table, String comment) {
      this.database = database;
      this.table = table;
      this.comment = comment;
    }

    public Builder column(String name, DataType type, String comment) {
      fields.add(new StructField(name, type, true, Metadata.empty()).withComment(comment));
      return this;
    }

    public Builder partitionedBy(String... columns) {
      partitions.addAll(List.of(columns));
      return this;
    }

    /**
     * Keeps min/max/null-count statistics on these columns only (the ones readers filter on):
     * computing them on every column costs each write, and long texts gain nothing.
     */
    public Builder statsOn(String... columns) {
      stats.addAll(List.of(columns));
      return this;
    }

    public TableSpec build() {
      return new TableSpec(
          database,
          table,
          comment,
          new StructType(fields.toArray(StructField[]::new)),
          List.copyOf(partitions),
          List.copyOf(stats));
    }
  }
}

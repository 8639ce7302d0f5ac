package fr.audience.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A catalog table: name, comment, commented columns and partitioning. Built with {@link #builder}.
 */
public record TableSpec(
    String database,
    String table,
    String comment,
    StructType schema,
    List<String> partitionColumns) {

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

    public TableSpec build() {
      return new TableSpec(
          database,
          table,
          comment,
          new StructType(fields.toArray(StructField[]::new)),
          List.copyOf(partitions));
    }
  }
}

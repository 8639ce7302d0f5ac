package fr.audience.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes rows held as {@code Object[]} straight into Parquet columns, with no intermediate record
 * object: what a hand-written ingester would do with a parser's typed values. Values are the
 * parser's Java types: String, Boolean, Double, Integer, Long; a timestamp is a Long of epoch
 * microseconds and a date an Integer of epoch days; null leaves the field out. Every column is
 * optional, as Spark writes them, and carries the logical type Spark reads back as the same type.
 */
public final class ObjectArrayWriteSupport extends WriteSupport<Object[]> {
  private static final int STRING = 0;
  private static final int BOOLEAN = 1;
  private static final int DOUBLE = 2;
  private static final int INT = 3;
  private static final int LONG = 4;

  private final MessageType schema;
  private final String[] names;
  private final int[] kinds;
  private RecordConsumer out;

  public ObjectArrayWriteSupport(StructType sparkSchema) {
    this.schema = parquetSchema(sparkSchema);
    StructField[] fields = sparkSchema.fields();
    this.names = new String[fields.length];
    this.kinds = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      names[i] = fields[i].name();
      kinds[i] = kind(fields[i].dataType());
    }
  }

  /** A snappy Parquet writer of rows of {@code sparkSchema} into {@code file}, replacing it. */
  public static ParquetWriter<Object[]> writer(Path file, StructType sparkSchema)
      throws IOException {
    return new Builder(file, sparkSchema)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build();
  }

  /** The Parquet schema Spark itself writes for these types (timestamps as INT64 micros). */
  static MessageType parquetSchema(StructType sparkSchema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : sparkSchema.fields()) {
      DataType t = f.dataType();
      switch (kind(t)) {
        case STRING ->
            b.optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named(f.name());
        case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
        case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(f.name());
        case INT ->
            b.optional(PrimitiveTypeName.INT32)
                .as(t.equals(DataTypes.DateType) ? LogicalTypeAnnotation.dateType() : null)
                .named(f.name());
        default ->
            b.optional(PrimitiveTypeName.INT64)
                .as(
                    t.equals(DataTypes.TimestampType)
                        ? LogicalTypeAnnotation.timestampType(
                            true, LogicalTypeAnnotation.TimeUnit.MICROS)
                        : null)
                .named(f.name());
      }
    }
    return b.named("spark_schema");
  }

  private static int kind(DataType t) {
    if (t.equals(DataTypes.StringType)) {
      return STRING;
    }
    if (t.equals(DataTypes.BooleanType)) {
      return BOOLEAN;
    }
    if (t.equals(DataTypes.DoubleType)) {
      return DOUBLE;
    }
    if (t.equals(DataTypes.IntegerType) || t.equals(DataTypes.DateType)) {
      return INT;
    }
    if (t.equals(DataTypes.LongType) || t.equals(DataTypes.TimestampType)) {
      return LONG;
    }
    throw new IllegalArgumentException("No Parquet mapping here for " + t.sql());
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(Object[] row) {
    out.startMessage();
    for (int i = 0; i < kinds.length; i++) {
      Object v = row[i];
      if (v == null) {
        continue;
      }
      out.startField(names[i], i);
      switch (kinds[i]) {
        case STRING -> out.addBinary(Binary.fromString((String) v));
        case BOOLEAN -> out.addBoolean((Boolean) v);
        case DOUBLE -> out.addDouble((Double) v);
        case INT -> out.addInteger((Integer) v);
        default -> out.addLong((Long) v);
      }
      out.endField(names[i], i);
    }
    out.endMessage();
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final StructType sparkSchema;

    Builder(Path file, StructType sparkSchema) {
      super(new LocalOutputFile(file));
      this.sparkSchema = sparkSchema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return new ObjectArrayWriteSupport(sparkSchema);
    }
  }
}

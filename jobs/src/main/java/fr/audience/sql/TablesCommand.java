package fr.audience.sql;

import fr.audience.core.JobOptions;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.SparkSessions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Database;
import org.apache.spark.sql.catalog.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    header = "List the catalog's databases and tables with their comments.")
public final class TablesCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Override
  public Integer call() throws Exception {
    LakehouseSettings lakehouse = LakehouseSettings.from(options.config());
    try (SparkSession spark = SparkSessions.create("tables", lakehouse)) {
      List<Database> databases = spark.catalog().listDatabases().collectAsList();
      for (Database db :
          databases.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
        if (db.name().equals("default")) {
          continue;
        }
        System.out.println(db.name());
        List<Table> tables = spark.catalog().listTables(db.name()).collectAsList();
        for (Table t : tables.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
          System.out.println(
              "  "
                  + db.name()
                  + "."
                  + t.name()
                  + "  "
                  + (t.description() == null ? "" : t.description()));
        }
      }
    }
    return 0;
  }
}

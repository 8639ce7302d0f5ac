package fr.audience.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.CommandRun;
import fr.audience.core.TableSpec;
import fr.audience.quality.GatedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tables.md stays the data dictionary of the code: every table registered, the file
 * regenerated.
 */
class TableRegistryTest {
  @TempDir Path dir;

  /** Surefire runs in jobs/; the docs live at the repository's root. */
  static Path committedDocs() {
    Path fromModule = Path.of("..", "docs", "tables.md");
    return Files.exists(fromModule.getParent()) ? fromModule : Path.of("docs", "tables.md");
  }

  @Test
  void committedDocsMatchTheTableDefinitions() throws IOException {
    Path docs = committedDocs();
    assertThat(docs).as("docs/tables.md (write it with: bin/audience catalog docs)").exists();
    assertThat(Files.readString(docs, StandardCharsets.UTF_8))
        .as("docs/tables.md is stale: regenerate it with bin/audience catalog docs")
        .isEqualTo(TableDocs.render(TableRegistry.ALL));
  }

  @Test
  void everyTableSpecOfTheProjectIsRegistered() throws Exception {
    Set<String> registered =
        TableRegistry.ALL.stream().map(TableSpec::fullName).collect(Collectors.toSet());
    assertThat(registered).as("no table registered twice").hasSize(TableRegistry.ALL.size());
    List<String> constants = tableSpecConstants();
    assertThat(constants)
        .as("TableSpec constants found in the main classes")
        .hasSizeGreaterThanOrEqualTo(registered.size());
    assertThat(new TreeSet<>(constants))
        .as("add each to fr.audience.catalog.TableRegistry.ALL")
        .allSatisfy(name -> assertThat(registered).contains(name));
  }

  @Test
  void everyTableAndColumnHasAComment() {
    for (TableSpec spec : TableRegistry.ALL) {
      assertThat(spec.comment()).as(spec.fullName()).isNotBlank();
      for (StructField f : spec.schema().fields()) {
        assertThat(f.getComment().getOrElse(() -> ""))
            .as(spec.fullName() + "." + f.name())
            .isNotBlank();
      }
    }
  }

  @Test
  void rendersPartitioningTypesAndEscapesPipes() {
    TableSpec spec =
        TableSpec.builder("gold", "things", "Things | by day.")
            .column("day", DataTypes.DateType, "Day of the thing")
            .column("tags", DataTypes.createArrayType(DataTypes.StringType), "Tags, e.g. a|b")
            .partitionedBy("day")
            .build();
    String md = TableDocs.render(List.of(spec));
    assertThat(md)
        .contains("### gold.things\n\nThings | by day.\n\nPartitioned by `day`.")
        .contains("| [`gold.things`](#goldthings) | `day` | Things \\| by day. |")
        .contains("| `tags` | `array<string>` | Tags, e.g. a\\|b |");
  }

  @Test
  void checkFailsWithOneLineWhenStaleAndPassesOnceRegenerated() throws IOException {
    Path file = dir.resolve("tables.md");
    Files.writeString(file, "# Tables\n\nold\n");
    CommandRun stale = CommandRun.of("catalog", "docs", "--check", "--file", file.toString());
    assertThat(stale.code()).isEqualTo(1);
    assertThat(stale.err().strip())
        .isEqualTo(
            "Cannot check "
                + file
                + ": it is stale (it does not match the table definitions in code). Regenerate it with: bin/audience catalog docs");

    assertThat(CommandRun.of("catalog", "docs", "--file", file.toString()).code()).isZero();
    CommandRun current = CommandRun.of("catalog", "docs", "--check", "--file", file.toString());
    assertThat(current.code()).isZero();
    assertThat(current.out()).contains("is current");
  }

  /**
   * Full names of the public static TableSpec (and GatedTable) constants of every main class
   * (jobs/target/classes).
   */
  private static List<String> tableSpecConstants()
      throws URISyntaxException, IOException, ReflectiveOperationException {
    Path classes =
        Path.of(TableRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path file : files) {
      String className =
          classes
              .relativize(file)
              .toString()
              .replace(".class", "")
              .replace(file.getFileSystem().getSeparator(), ".");
      Class<?> type = Class.forName(className, false, TableRegistry.class.getClassLoader());
      for (Field f : type.getDeclaredFields()) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) || !Modifier.isPublic(m)) {
          continue;
        }
        if (f.getType() == TableSpec.class) {
          names.add(((TableSpec) f.get(null)).fullName());
        } else if (f.getType() == GatedTable.class) {
          names.add(((GatedTable) f.get(null)).spec().fullName());
        }
      }
    }
    return names;
  }
}

package fr.audience.quality;

import fr.audience.core.TableSpec;
import java.util.List;

/**
 * A table and the checks its rows must pass before a date is published. Any job publishing a dated
 * table can declare one and write through {@link QualityGate}.
 */
public record GatedTable(TableSpec spec, String dateColumn, List<Check> checks) {
  public static GatedTable of(TableSpec spec, String dateColumn, Check... checks) {
    return new GatedTable(spec, dateColumn, List.of(checks));
  }
}

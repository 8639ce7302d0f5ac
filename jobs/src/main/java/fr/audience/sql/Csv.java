package fr.audience.sql;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints query results as RFC 4180 CSV or as an aligned text table. */
final class Csv {
  private Csv() {}

  static void write(String[] header, List<org.apache.spark.sql.Row> rows, PrintStream out) {
    out.println(line(List.of(header)));
    for (org.apache.spark.sql.Row row : rows) {
      out.println(line(cells(row)));
    }
    out.flush();
  }

  static void table(String[] header, List<org.apache.spark.sql.Row> rows, PrintStream out) {
    List<List<String>> all = new ArrayList<>();
    all.add(List.of(header));
    rows.forEach(r -> all.add(cells(r)));
    int[] width = new int[header.length];
    for (List<String> r : all) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    for (int k = 0; k < all.size(); k++) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        b.append(i == 0 ? "" : " | ")
            .append(String.format("%-" + Math.max(1, width[i]) + "s", all.get(k).get(i)));
      }
      out.println(b.toString().stripTrailing());
      if (k == 0) {
        out.println("-".repeat(b.length()));
      }
    }
    out.println("(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + ")");
    out.flush();
  }

  private static List<String> cells(org.apache.spark.sql.Row row) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      Object v = row.get(i);
      cells.add(
          v == null
              ? ""
              : v instanceof scala.collection.Map<?, ?> || v instanceof scala.collection.Seq<?>
                  ? v.toString()
                  : String.valueOf(v));
    }
    return cells;
  }

  private static String line(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String c = cells.get(i);
      if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}

package fr.audience.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's folder, audience.bench.out/NAME, with its emptied scratch lakehouse, and the
 * settings pointing every path and the catalog at that lakehouse on a local Spark with one thread
 * per core, so a benchmark never touches the user's tables.
 *
 * @param layers configuration layers to apply over the user's (before the user's --conf)
 */
record ScratchLakehouse(Path home, int cores, List<String> layers) {
  /** The scratch lakehouse of benchmark {@code name}, deleted if a previous run left one. */
  static ScratchLakehouse emptied(BenchSettings bench, String name) {
    Path home = bench.out().resolve(name);
    Path lakehouse = home.resolve("lakehouse");
    BenchDataset.deleteTree(lakehouse);
    int cores = Runtime.getRuntime().availableProcessors();
    return new ScratchLakehouse(
        home,
        cores,
        List.of(
            "audience.paths.lakehouse=" + lakehouse,
            "audience.paths.raw=" + lakehouse.resolve("raw"),
            "audience.paths.models=" + lakehouse.resolve("models"),
            "audience.catalog.type=embedded",
            "audience.catalog.metastore-path=" + lakehouse.resolve("metastore_db"),
            "audience.spark.master=local[" + cores + "]"));
  }

  /** The layers plus {@code more}, which win over them. */
  List<String> layersWith(String... more) {
    List<String> all = new ArrayList<>(layers);
    all.addAll(List.of(more));
    return all;
  }
}

package fr.audience;

import fr.audience.core.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * The {@code bench} command when the benchmarks are not on the class path. They live in the bench
 * module, out of the application jar every executor loads; bin/audience bench runs Main with that
 * module's jar, where {@link #command()} finds the real command by its class name.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    header = BenchStandIn.HEADER,
    description =
        "The benchmarks are in the bench module, not in the application jar: run them from a checkout "
            + "with bin/audience bench <what> (make bench runs them all).")
public final class BenchStandIn implements Callable<Integer> {
  /**
   * The bench command's one-line summary, shared with the real command so the help reads the same.
   */
  public static final String HEADER =
      "Benchmark the jobs against their floors (docs/benchmarks.md).";

  static final String COMMAND_CLASS = "fr.audience.bench.BenchCommand";

  @Unmatched List<String> arguments = new ArrayList<>();

  /** The bench module's command when its jar is on the class path, else this stand-in. */
  static Object command() {
    try {
      return Class.forName(COMMAND_CLASS).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      return new BenchStandIn();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create " + COMMAND_CLASS, e);
    }
  }

  @Override
  public Integer call() {
    throw Errors.cannot(
        "run bench",
        "the benchmarks are not in the application jar",
        "Run them from a checkout with bin/audience bench <what>, which builds and adds the bench module");
  }
}

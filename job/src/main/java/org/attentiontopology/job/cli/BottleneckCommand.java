package org.attentiontopology.job.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.attentiontopology.diagram.BottleneckDistance;
import org.attentiontopology.diagram.DiagramText;
import org.attentiontopology.diagram.WassersteinDistance;
import org.attentiontopology.persistence.PersistenceDiagram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `attention-topology bottleneck`: the exact bottleneck (and optionally Wasserstein) distance of
 * two diagrams.
 */
@Command(
    name = "bottleneck",
    mixinStandardHelpOptions = true,
    description = {
      "Exact bottleneck (and Wasserstein) distance between two persistence diagrams of one homology "
          + "dimension.",
      "Each file holds `birth death` lines (`inf` for an essential bar; # comments and blank lines ignored).",
      "Essential bars match only essential bars: with different numbers of them the distance is inf."
    })
public final class BottleneckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "A", description = "First diagram file.")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "Second diagram file.")
  Path b;

  @Option(
      names = "--dim",
      defaultValue = "0",
      paramLabel = "D",
      description =
          "Homology dimension of both diagrams (recorded, not inferred). Default: ${DEFAULT-VALUE}.")
  int dimension;

  @Option(
      names = "--wasserstein",
      paramLabel = "Q",
      description =
          "Also print the exact Wasserstein distance W_Q (Q >= 1, L-infinity ground metric).")
  Double q;

  @Override
  public Integer call() throws Exception {
    PersistenceDiagram da = read(a);
    PersistenceDiagram db = read(b);
    System.out.println(format(BottleneckDistance.distance(da, db)));
    if (q != null) {
      if (!(q >= 1)) {
        throw new IllegalArgumentException("--wasserstein takes Q >= 1, got " + q);
      }
      System.out.println(
          "wasserstein_" + format(q) + " " + format(WassersteinDistance.distance(da, db, q)));
    }
    return 0;
  }

  private PersistenceDiagram read(Path file) throws java.io.IOException {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "diagram file " + file + " does not exist or cannot be read");
    }
    return DiagramText.read(file, dimension);
  }

  /** Shortest exact decimal form; "inf" as in the input format. */
  static String format(double x) {
    if (Double.isInfinite(x)) {
      return "inf";
    }
    return x == Math.rint(x) && Math.abs(x) < 1e15
        ? String.format(Locale.ROOT, "%.1f", x)
        : Double.toString(x);
  }
}

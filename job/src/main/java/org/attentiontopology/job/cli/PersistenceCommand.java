package org.attentiontopology.job.cli;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.persistence.RipsPersistence;
import org.attentiontopology.persistence.RipserFormats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `attention-topology persistence`: Vietoris-Rips persistence of one distance matrix, in Ripser's
 * input and output formats, so researchers can check the engine against their own tools.
 */
@Command(
    name = "persistence",
    mixinStandardHelpOptions = true,
    description = {
      "Vietoris-Rips persistence of one distance matrix, printed as Ripser prints it.",
      "Bars of length zero are omitted, as Ripser does; numbers are printed in Java's shortest exact form.",
      "A run that reduces for more than 10 seconds says how far it is on standard error every 10 seconds."
    })
public final class PersistenceCommand implements Callable<Integer> {
  @Option(
      names = "--matrix",
      required = true,
      paramLabel = "FILE",
      description = "The distance matrix; - for " + "standard input.")
  String matrix;

  @Option(
      names = "--format",
      defaultValue = "lower-distance",
      paramLabel = "FORMAT",
      description =
          "lower-distance (the lower triangle, row by row) or distance (the full matrix). "
              + "Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--maxdim",
      defaultValue = "1",
      paramLabel = "K",
      description = "Highest homology dimension. Default: ${DEFAULT-VALUE}.")
  int maxDimension;

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description = "Rips threshold: only edges of length <= T.")
  Double threshold;

  @Option(
      names = "--threads",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Threads for the reduction; more than 1 takes the parallel reduction, which keeps no column"
              + " prefixes and is slower than one thread on these matrices (kept for comparison).")
  int threads;

  @Override
  public Integer call() throws Exception {
    if (maxDimension < 0) {
      throw new IllegalArgumentException("--maxdim must be >= 0, got " + maxDimension);
    }
    RipserFormats.Format f = RipserFormats.Format.fromRipserName(format);
    DistanceMatrix d;
    if (matrix.equals("-")) {
      d =
          RipserFormats.read(
              new InputStreamReader(System.in, StandardCharsets.UTF_8), "standard input", f);
    } else {
      Path p = Path.of(matrix);
      if (!Files.isReadable(p)) {
        throw new IllegalArgumentException(
            "distance matrix " + matrix + " does not exist or cannot be read");
      }
      d = RipserFormats.read(p, f);
    }
    RipsPersistence engine =
        new RipsPersistence(
                maxDimension, threshold == null ? Double.POSITIVE_INFINITY : threshold, threads)
            .reportingTo(new ProgressLines(System.err));
    List<PersistenceDiagram> diagrams = engine.compute(d);
    System.out.print(RipserFormats.format(diagrams));
    return 0;
  }
}

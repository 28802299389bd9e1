package org.attentiontopology.job.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.model.spec.ModelSpecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `attention-topology models`: lists the bundled model specs (and any spec files given) and tries
 * to load each, so that a broken export or a missing file shows before a run is started.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    header =
        "Check the bundled model specs (or the given ones) by loading each: kind, layers x heads, max length, "
            + "OK or the error.",
    description =
        "Prints a line per model: name, kind, layers x heads, max length, then OK or the error. Exit code 1 "
            + "when any fails to load.")
public final class ModelsCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "SPEC",
      arity = "0..*",
      description =
          "Model spec files (.conf) or bundled names to check; default: every bundled model.")
  List<String> specs = new ArrayList<>();

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where surgered models and DJL's cache go; " + "default: the per-user temporary folder.")
  Path workDir;

  @Override
  public Integer call() {
    List<String> names = specs.isEmpty() ? ModelSpecs.BUNDLED : specs;
    Path work = workDir != null ? workDir : ModelCache.defaultWorkDir();
    System.out.printf(
        "%-28s %-10s %-14s %-10s %s%n", "MODEL", "KIND", "LAYERS x HEADS", "MAX LENGTH", "STATUS");
    int failures = 0;
    for (String name : names) {
      ModelSpec spec;
      try {
        spec = ModelSpecs.load(name);
      } catch (RuntimeException e) {
        System.out.printf(
            "%-28s %-10s %-14s %-10s %s%n", name, "?", "?", "?", "ERROR: " + e.getMessage());
        failures++;
        continue;
      }
      String status;
      String shape;
      // Loaded directly, not through the cache: the model is closed at once, so checking every
      // model costs only
      // the largest one's memory.
      try (AttentionModel model = AttentionModel.load(spec, work)) {
        shape = model.layers() + " x " + model.heads();
        status = "OK";
      } catch (RuntimeException e) {
        shape =
            (spec.expectedLayers() > 0 ? spec.expectedLayers() : "?")
                + " x "
                + (spec.expectedHeads() > 0 ? spec.expectedHeads() : "?");
        status = "ERROR: " + e.getMessage();
        failures++;
      }
      System.out.printf(
          "%-28s %-10s %-14s %-10d %s%n",
          spec.name(), spec.kind().configName(), shape, spec.maxLength(), status);
    }
    return failures == 0 ? 0 : 1;
  }
}

package org.attentiontopology.job.model.spec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The models of one run, resolved once on the driver from the names or spec files the configuration
 * gives, with the run's own length and batch settings laid over each spec. Resolving while the
 * configuration is read makes an unknown model, a broken spec or two models of one name a
 * configuration error, raised before Spark starts; executors get the resolved specs with the
 * configuration and never read a spec file themselves.
 *
 * @param specs the resolved specs, in the order the configuration names the models
 */
public record RunModels(List<ModelSpec> specs) implements Serializable {
  private static final long serialVersionUID = 1L;

  public RunModels {
    specs = List.copyOf(specs);
  }

  /**
   * Resolves each of {@code models} (a bundled name or a spec file's path); {@code maxLength} above
   * 0 replaces each spec's {@code max_length}, and {@code batchSize} its {@code
   * inference.batch_size}.
   */
  public static RunModels resolve(List<String> models, int maxLength, int batchSize) {
    List<ModelSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String model : models) {
      ModelSpec spec = ModelSpecs.load(model);
      if (maxLength > 0) {
        spec = spec.withMaxLength(maxLength);
      }
      specs.add(spec.withInference(spec.intraOpThreads(), batchSize, spec.predictors()));
      names.add(spec.name());
    }
    if (names.size() != specs.size()) {
      throw new IllegalArgumentException(
          "the models "
              + models
              + " have the same name in their specs; every model of a run needs its own name");
    }
    return new RunModels(specs);
  }
}

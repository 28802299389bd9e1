package org.attentiontopology.job.config;

import java.io.Serializable;
import java.util.List;
import org.attentiontopology.divergence.LogBase;

/**
 * The {@code divergence} section. {@code kernels = reference} and {@code head-precision = double}
 * are diagnostics: the slower kernels the fast ones are checked against.
 */
public record DivergenceSettings(
    LogBase logBase, boolean squareRoot, Kernels kernels, HeadPrecision headPrecision)
    implements Serializable {

  /** fast: MixtureEntropy's kernels; reference (diagnostic): the straightforward loops. */
  public enum Kernels implements Choice {
    FAST,
    REFERENCE
  }

  /** Head distances with fast kernels: float (guarded single precision) or double (diagnostic). */
  public enum HeadPrecision implements Choice {
    FLOAT,
    DOUBLE
  }

  static DivergenceSettings read(SettingReader in) {
    LogBase base;
    try {
      base = LogBase.parse(in.text("divergence.log-base"));
    } catch (IllegalArgumentException e) {
      throw in.wrong(
          "divergence.log-base",
          "is not a base of the logarithm",
          "2 (bits) or e (nats)",
          List.of("2", "e", "bits", "nats"));
    }
    return new DivergenceSettings(
        base,
        in.flag("divergence.square-root"),
        in.choice("divergence.kernels", Kernels.class),
        in.choice("divergence.head-precision", HeadPrecision.class));
  }

  public boolean fastKernels() {
    return kernels == Kernels.FAST;
  }

  /** Head distances by the guarded single-precision kernel (fast kernels only). */
  public boolean singlePrecisionHeads() {
    return headPrecision == HeadPrecision.FLOAT;
  }
}

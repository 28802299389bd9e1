package org.attentiontopology.job.model.engine;

import ai.djl.repository.zoo.Criteria;
import java.util.Locale;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * The engine a spec's model file runs on, told by the file itself: an ONNX graph on ONNX Runtime
 * (always on the class path; the graph is changed to output its attention), or a TorchScript export
 * on DJL's PyTorch engine (Maven profile {@code pytorch}; the export must return the attention
 * itself, see {@link TorchScriptFile}).
 *
 * <p>An engine is orthogonal to a model's family: the family decides how attention is read back,
 * the engine how the file is prepared and run, so a new family never repeats the engine choice and
 * a new engine never touches the families (a family that cannot be read from an engine's output
 * refuses it at load).
 */
public enum ModelEngine {
  ONNX_RUNTIME("OnnxRuntime"),
  TORCHSCRIPT("PyTorch");

  private final String djlName;

  ModelEngine(String djlName) {
    this.djlName = djlName;
  }

  /** DJL's name of the engine. */
  public String djlName() {
    return djlName;
  }

  /** The engine of a spec's model file: TorchScript for {@code .pt} or {@code .torchscript}. */
  public static ModelEngine of(ModelSpec spec) {
    String lower = spec.onnxLocation().toLowerCase(Locale.ROOT);
    return lower.endsWith(".pt") || lower.endsWith(".torchscript") ? TORCHSCRIPT : ONNX_RUNTIME;
  }

  /**
   * Names this engine on a DJL model's criteria, with ONNX Runtime's threads from the spec (one
   * inter-op thread: a call's work is one graph, and tasks already run in parallel).
   */
  public <I, O> Criteria.Builder<I, O> configure(Criteria.Builder<I, O> builder, ModelSpec spec) {
    builder.optEngine(djlName);
    if (this == ONNX_RUNTIME) {
      builder
          .optOption("intraOpNumThreads", Integer.toString(spec.intraOpThreads()))
          .optOption("interOpNumThreads", "1");
    }
    return builder;
  }
}

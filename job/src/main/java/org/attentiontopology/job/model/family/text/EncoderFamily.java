package org.attentiontopology.job.model.family.text;

import org.attentiontopology.job.model.onnx.AttentionExposure;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * Bidirectional text encoders (BERT, MiniLM, bge, e5): one attention Softmax per layer, [batch,
 * heads, T, T] or [batch * heads, T, T], read by {@link AttentionTranslator} with the graph's own
 * inputs.
 */
public class EncoderFamily extends TextFamily {

  @Override
  protected Reading readOnnx(ModelSpec spec, AttentionExposure exposure, String origin) {
    return new Reading(
        new AttentionTranslator(
            exposure.inputNames(), exposure.int32Inputs(), exposure.attentionOutputs()),
        exposure.layers());
  }
}

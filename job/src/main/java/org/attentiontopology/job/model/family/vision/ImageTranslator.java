package org.attentiontopology.job.model.family.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.Arrays;
import java.util.List;
import org.attentiontopology.job.model.family.text.AttentionTranslator;

/**
 * DJL translator from a batch of preprocessed images ({@link ImagePreprocessing#pixels},
 * [3][size][size] each) to each image's attention, [layer][head][from][to]. Batches itself into one
 * [batch, 3, size, size] tensor, as the ONNX Runtime engine cannot stack; the attention may come as
 * [batch, heads, s, s] or, as torchvision's ViT gives it, [batch * heads, s, s].
 */
final class ImageTranslator implements NoBatchifyTranslator<List<float[]>, List<float[][][][]>> {

  private final String inputName;
  private final int imageSize;
  private final int sequenceLength;
  private final List<String> attentionOutputs;

  ImageTranslator(
      String inputName, int imageSize, int sequenceLength, List<String> attentionOutputs) {
    this.inputName = inputName;
    this.imageSize = imageSize;
    this.sequenceLength = sequenceLength;
    this.attentionOutputs = List.copyOf(attentionOutputs);
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<float[]> batch) {
    int plane = 3 * imageSize * imageSize;
    float[] pixels = new float[batch.size() * plane];
    for (int b = 0; b < batch.size(); b++) {
      System.arraycopy(batch.get(b), 0, pixels, b * plane, plane);
    }
    NDArray array =
        ctx.getNDManager().create(pixels, new Shape(batch.size(), 3, imageSize, imageSize));
    array.setName(inputName);
    ctx.setAttachment("batch", batch.size());
    return new NDList(array);
  }

  @Override
  public List<float[][][][]> processOutput(TranslatorContext ctx, NDList outputs) {
    int[] lengths = new int[(Integer) ctx.getAttachment("batch")];
    Arrays.fill(lengths, sequenceLength); // every image has the same tokens: no padding to cut
    return AttentionTranslator.perExample(outputs, attentionOutputs, lengths, sequenceLength);
  }
}

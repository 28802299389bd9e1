package org.attentiontopology.job.model.family.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of tokenized texts padded to one length, the form in which the text translators feed ONNX
 * Runtime (which cannot stack NDArrays itself): token ids (the pad id past each text), type ids,
 * and an attention mask of 1 over each text's tokens and 0 over padding, so masked keys get exactly
 * zero attention and padded rows are cut off.
 */
public final class PaddedBatch {
  public final int size;
  public final int padded;

  /** Each text's unpadded length. */
  public final int[] lengths;

  public final long[] ids;
  public final long[] typeIds;
  public final long[] mask;

  private PaddedBatch(List<EncodedText> batch, int padded, long padId) {
    this.size = batch.size();
    this.padded = padded;
    this.lengths = new int[size];
    this.ids = new long[size * padded];
    this.typeIds = new long[size * padded];
    this.mask = new long[size * padded];
    Arrays.fill(ids, padId);
    for (int b = 0; b < size; b++) {
      EncodedText text = batch.get(b);
      lengths[b] = text.length();
      System.arraycopy(text.ids(), 0, ids, b * padded, text.length());
      System.arraycopy(text.typeIds(), 0, typeIds, b * padded, text.length());
      Arrays.fill(mask, b * padded, b * padded + text.length(), 1L);
    }
  }

  /** The batch padded to {@code padded} tokens (at least its longest text) with {@code padId}. */
  public static PaddedBatch of(List<EncodedText> batch, int padded, long padId) {
    return new PaddedBatch(batch, padded, padId);
  }

  /** The length of the batch's longest text. */
  public static int longest(List<EncodedText> batch) {
    int longest = 0;
    for (EncodedText text : batch) {
      longest = Math.max(longest, text.length());
    }
    return longest;
  }

  /**
   * The graph's inputs, in its order, as [size, padded] arrays (int32 where the graph wants it).
   *
   * @param values what the translator can feed, by input name
   * @param cannot the end of the message for an input it cannot feed, after "model input 'NAME' is
   *     not one"
   */
  public NDList inputs(
      NDManager manager,
      List<String> names,
      Set<String> int32,
      Map<String, long[]> values,
      String cannot) {
    Shape shape = new Shape(size, padded);
    NDList inputs = new NDList(names.size());
    for (String name : names) {
      long[] v = values.get(name);
      if (v == null) {
        throw new IllegalStateException("model input '" + name + "' is not one " + cannot);
      }
      NDArray array =
          int32.contains(name) ? manager.create(toInts(v), shape) : manager.create(v, shape);
      array.setName(name);
      inputs.add(array);
    }
    return inputs;
  }

  private static int[] toInts(long[] values) {
    int[] ints = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      ints[i] = Math.toIntExact(values[i]);
    }
    return ints;
  }
}

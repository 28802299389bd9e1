package org.attentiontopology.job.model.family.text;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.attentiontopology.job.model.AttentionCheckException;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.AttentionRowCheck;
import org.attentiontopology.job.model.InferenceException;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.engine.PredictorPool;
import org.attentiontopology.job.model.spec.ModelFiles;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * A text model ready to run: its tokenizer, its loaded graph and the translator its family chose
 * ({@link TextFamily} loads it). It tokenizes and cuts texts to the spec's length, batches them by
 * length, and checks every attention row.
 *
 * <p>Thread safety: {@link #attend} may be called from several threads at once. Up to {@link
 * ModelSpec#predictors()} calls run concurrently, each on its own DJL predictor ({@link
 * PredictorPool}); further callers wait. Loading is expensive (seconds, about 100 MB per model), so
 * executors should share one instance per JVM through {@link ModelCache}.
 */
public final class TextAttentionModel implements AttentionModel {

  /**
   * The probe's text: one word, because a decoder's tokenizer adds no special tokens, so the empty
   * text would give it no tokens at all.
   */
  private static final String PROBE_TEXT = "a";

  private final ModelSpec spec;
  private final ZooModel<List<EncodedText>, List<float[][][][]>> model;
  private final HuggingFaceTokenizer tokenizer;
  private final String onnxSha256;
  private final int layers;
  private final int heads;
  private final PredictorPool<List<EncodedText>, List<float[][][][]>> predictors;
  private volatile boolean closed;

  /**
   * Runs one probe inference on a one-word text, which reads the head count and checks that the
   * graph runs.
   *
   * @param layers the layers the graph is known to have, or 0 to take them from the probe
   */
  TextAttentionModel(
      ModelSpec spec,
      ZooModel<List<EncodedText>, List<float[][][][]>> model,
      HuggingFaceTokenizer tokenizer,
      String onnxSha256,
      int layers) {
    this.spec = spec;
    this.model = model;
    this.tokenizer = tokenizer;
    this.onnxSha256 = onnxSha256;
    this.predictors = new PredictorPool<>(model, spec.predictors());
    int probedHeads;
    int probedLayers;
    try {
      TextAttention probe = attendEncoded(List.of(encode(PROBE_TEXT))).get(0);
      probedHeads = probe.heads();
      probedLayers = probe.layers();
      for (int layer = 0; layer < probe.layers(); layer++) {
        if (probe.attention()[layer].length != probedHeads) {
          throw new ModelLoadException(
              "model '"
                  + spec.name()
                  + "' has "
                  + probedHeads
                  + " heads in layer"
                  + " 0 but "
                  + probe.attention()[layer].length
                  + " in layer "
                  + layer
                  + ": layers with"
                  + " different head counts are not supported");
        }
      }
    } catch (InferenceException e) {
      predictors.close();
      // The cause is what was wrong (an output of the wrong shape, say); DJL's wrappers add nothing
      // to it.
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new ModelLoadException(
          "ONNX model "
              + ModelFiles.describe(spec.onnxLocation())
              + " of model '"
              + spec.name()
              + "' fails its probe inference: "
              + cause.getMessage(),
          e);
    } catch (RuntimeException e) {
      predictors.close();
      throw e;
    }
    this.heads = probedHeads;
    // A TorchScript model's layers are known only from its outputs.
    this.layers = layers > 0 ? layers : probedLayers;
  }

  /**
   * Loads a text model (encoder, decoder or Longformer) on the CPU through its family, as {@link
   * org.attentiontopology.job.model.AttentionModel#load} does, typed as the text model it is.
   *
   * @throws ModelLoadException for a spec of another kind, or naming the file at fault and what to
   *     do
   */
  public static TextAttentionModel load(ModelSpec spec, Path workDir) {
    return load(spec, workDir, Device.cpu());
  }

  /** Loads a text model as {@link #load(ModelSpec, Path)} does, onto a device. */
  public static TextAttentionModel load(ModelSpec spec, Path workDir, Device device) {
    if (!(spec.family() instanceof TextFamily text)) {
      throw new ModelLoadException(
          "model '"
              + spec.name()
              + "' is of kind "
              + spec.kind().configName()
              + ": a text model must be an encoder, a decoder or a longformer (load it with"
              + " AttentionModel.load)");
    }
    return text.load(spec, workDir, device);
  }

  /** The model's name from its spec. */
  public String name() {
    return spec.name();
  }

  /** The spec it was loaded from. */
  @Override
  public ModelSpec spec() {
    return spec;
  }

  /** Number of attention layers. */
  @Override
  public int layers() {
    return layers;
  }

  /** Number of heads per layer. */
  @Override
  public int heads() {
    return heads;
  }

  /** Longest input in tokens, special tokens included. */
  public int maxLength() {
    return spec.maxLength();
  }

  /** SHA-256 of the original ONNX file, identifying the weights in run manifests. */
  @Override
  public String onnxSha256() {
    return onnxSha256;
  }

  /** The attention of one text. */
  public TextAttention attend(String text) {
    return attend(List.of(text)).get(0);
  }

  /**
   * The attention of each text, in the order given. Texts are tokenized, sorted by length so that
   * batches of {@link ModelSpec#batchSize()} waste little padding, run, and every row is checked to
   * sum to 1.
   *
   * @throws AttentionCheckException when a row does not sum to 1 within the spec's tolerance
   * @throws InferenceException when ONNX Runtime fails
   */
  @Override
  public List<TextAttention> attend(List<String> texts) {
    List<EncodedText> encoded = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new NullPointerException("text " + i + " is null");
      }
      EncodedText one = encode(text);
      if (one.length() == 0) {
        // A decoder adds no special tokens: a text that tokenizes to nothing has no attention to
        // give.
        throw new IllegalArgumentException(
            "text " + i + " has no tokens for model '" + spec.name() + "'");
      }
      encoded.add(one);
    }
    return attendEncoded(encoded);
  }

  private List<TextAttention> attendEncoded(List<EncodedText> encoded) {
    if (closed) {
      throw new IllegalStateException("model '" + spec.name() + "' is closed");
    }
    Integer[] order = new Integer[encoded.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encoded.get(i).length()));
    TextAttention[] results = new TextAttention[encoded.size()];
    for (int start = 0; start < order.length; start += spec.batchSize()) {
      int end = Math.min(order.length, start + spec.batchSize());
      List<EncodedText> batch = new ArrayList<>(end - start);
      for (int k = start; k < end; k++) {
        batch.add(encoded.get(order[k]));
      }
      List<float[][][][]> attention = predict(batch);
      for (int k = start; k < end; k++) {
        EncodedText text = batch.get(k - start);
        float[][][][] textAttention = attention.get(k - start);
        AttentionRowCheck.requireRowsSumToOne(textAttention, spec.rowSumTolerance());
        int[] ids = new int[text.length()];
        for (int t = 0; t < ids.length; t++) {
          ids[t] = Math.toIntExact(text.ids()[t]);
        }
        results[order[k]] =
            new TextAttention(
                text.tokens(), ids, text.truncated(), text.untruncatedLength(), textAttention);
      }
    }
    return List.of(results);
  }

  /**
   * Tokenizes without limit, then keeps the first tokens and the trailing special tokens ([SEP]).
   */
  EncodedText encode(String text) {
    Encoding encoding = tokenizer.encode(text, true, false);
    long[] ids = encoding.getIds();
    String[] tokens = encoding.getTokens();
    long[] typeIds = encoding.getTypeIds();
    int length = ids.length;
    if (length <= spec.maxLength()) {
      return new EncodedText(tokens, ids, typeIds, false, length);
    }
    long[] special = encoding.getSpecialTokenMask();
    int trailing = 0;
    while (trailing < length && special[length - 1 - trailing] == 1) {
      trailing++;
    }
    trailing = Math.min(trailing, spec.maxLength());
    int leading = spec.maxLength() - trailing;
    return new EncodedText(
        concat(tokens, leading, trailing),
        concat(ids, leading, trailing),
        concat(typeIds, leading, trailing),
        true,
        length);
  }

  private static long[] concat(long[] all, int leading, int trailing) {
    long[] kept = Arrays.copyOf(all, leading + trailing);
    System.arraycopy(all, all.length - trailing, kept, leading, trailing);
    return kept;
  }

  private static String[] concat(String[] all, int leading, int trailing) {
    String[] kept = Arrays.copyOf(all, leading + trailing);
    System.arraycopy(all, all.length - trailing, kept, leading, trailing);
    return kept;
  }

  private List<float[][][][]> predict(List<EncodedText> batch) {
    try {
      return predictors.predict(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException(
          "interrupted while waiting for a predictor of model '" + spec.name() + "'", e);
    } catch (TranslateException e) {
      throw new InferenceException(
          "inference failed on model '"
              + spec.name()
              + "' for a batch of "
              + batch.size()
              + " texts: "
              + e.getMessage(),
          e);
    }
  }

  /** Releases the predictors, the ONNX Runtime session and the tokenizer. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    predictors.close();
    tokenizer.close();
    model.close();
  }
}

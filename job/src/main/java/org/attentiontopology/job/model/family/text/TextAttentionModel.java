package org.attentiontopology.job.model.family.text;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import org.attentiontopology.job.model.AttentionCheckException;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.AttentionRowCheck;
import org.attentiontopology.job.model.InferenceException;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.engine.DjlEnvironment;
import org.attentiontopology.job.model.engine.TorchScriptFile;
import org.attentiontopology.job.model.family.ModelKind;
import org.attentiontopology.job.model.family.longformer.LongformerTranslator;
import org.attentiontopology.job.model.onnx.AttentionExposure;
import org.attentiontopology.job.model.onnx.SurgeredModel;
import org.attentiontopology.job.model.spec.ModelFiles;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A text model (encoder, decoder or Longformer) loaded with DJL on ONNX Runtime whose graph was
 * changed to return every layer's attention ({@link AttentionExposure}), with its tokenizer. The
 * kinds differ only in their translator: {@link AttentionTranslator} reads T x T attention, {@link
 * LongformerTranslator} feeds global attention and expands banded attention to T x T.
 *
 * <p>Thread safety: {@link #attend} may be called from several threads at once. Up to {@link
 * ModelSpec#predictors()} calls run concurrently, each on its own DJL predictor (predictors are not
 * thread-safe; the ONNX Runtime session they share is); further callers wait. Loading is expensive
 * (seconds, about 100 MB per model), so executors should share one instance per JVM through {@link
 * ModelCache}.
 */
public final class TextAttentionModel implements AttentionModel {

  private static final Logger LOG = LoggerFactory.getLogger(TextAttentionModel.class);

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
  private final Semaphore permits;
  private final ConcurrentLinkedDeque<Predictor<List<EncodedText>, List<float[][][][]>>> idle =
      new ConcurrentLinkedDeque<>();
  private final List<Predictor<List<EncodedText>, List<float[][][][]>>> created = new ArrayList<>();
  private volatile boolean closed;

  private TextAttentionModel(
      ModelSpec spec,
      ZooModel<List<EncodedText>, List<float[][][][]>> model,
      HuggingFaceTokenizer tokenizer,
      String onnxSha256,
      int layers) {
    this.spec = spec;
    this.model = model;
    this.tokenizer = tokenizer;
    this.onnxSha256 = onnxSha256;
    this.permits = new Semaphore(spec.predictors(), true);
    // One probe on a one-word text reads the head count and checks that the graph runs.
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
      closePredictors();
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
      closePredictors();
      throw e;
    }
    this.heads = probedHeads;
    // A TorchScript model's layers are known only from its outputs.
    this.layers = layers > 0 ? layers : probedLayers;
  }

  /**
   * Loads a model: reads its ONNX graph, exposes the attention Softmax outputs, writes the changed
   * graph to a private folder {@code <workDir>/models/<name>-<sha>/} (DJL scans a model's folder
   * for jars, so it must never sit beside application jars), and runs one probe inference to check
   * layers and heads against the spec.
   *
   * @param workDir a writable folder for the surgered model and DJL's native cache
   * @throws ModelLoadException with a message naming the file at fault and what to do
   */
  public static TextAttentionModel load(ModelSpec spec, Path workDir) {
    return load(spec, workDir, Device.cpu());
  }

  /**
   * Loads a model as {@link #load(ModelSpec, Path)} does, onto a device: {@code Device.gpu(i)}
   * needs the ONNX Runtime GPU build on the class path (Maven profile {@code gpu}) and CUDA on the
   * machine.
   */
  public static TextAttentionModel load(ModelSpec spec, Path workDir, Device device) {
    if (!spec.kind().readsText()) {
      throw new ModelLoadException(
          "model '"
              + spec.name()
              + "' is of kind "
              + spec.kind().configName()
              + ": a text model must be an encoder, a decoder or a longformer (load it with"
              + " AttentionModel.load)");
    }
    DjlEnvironment.prepare(workDir);
    long started = System.nanoTime();
    String origin = ModelFiles.describe(spec.onnxLocation());
    HuggingFaceTokenizer tokenizer = null;
    ZooModel<List<EncodedText>, List<float[][][][]>> zooModel = null;
    try {
      // Check the small file first: a wrong tokenizer path should not cost a 100 MB parse to
      // report.
      ModelFiles.open(spec.tokenizerLocation(), spec, "tokenizer", "tokenizer").close();
      boolean torchScript = TorchScriptFile.isTorchScript(spec.onnxLocation());
      String sha256;
      Path modelDir;
      NoBatchifyTranslator<List<EncodedText>, List<float[][][][]>> translator;
      int graphLayers;
      if (torchScript && spec.kind() == ModelKind.LONGFORMER) {
        throw new ModelLoadException(
            "longformer model '"
                + spec.name()
                + "' names TorchScript file "
                + origin
                + ": a Longformer loads from an ONNX export only (its attention is read from the graph's"
                + " Softmax nodes); export it with scripts/export-hf-model.py --kind longformer.");
      }
      if (torchScript) {
        // TorchScript returns the attention itself, by position; it takes input_ids and
        // attention_mask.
        TorchScriptFile file = TorchScriptFile.prepare(spec, workDir);
        sha256 = file.sha256();
        modelDir = file.modelDir();
        translator =
            new AttentionTranslator(List.of("input_ids", "attention_mask"), Set.of(), List.of());
        graphLayers = 0;
      } else {
        SurgeredModel surgered = SurgeredModel.prepare(spec, workDir);
        AttentionExposure exposure = surgered.exposure();
        sha256 = surgered.sha256();
        modelDir = surgered.modelDir();
        if (spec.kind() == ModelKind.LONGFORMER) {
          translator = LongformerTranslator.forExposure(spec, exposure, origin);
          graphLayers = exposure.layers() / 2; // banded local and global attention per layer
        } else {
          translator =
              new AttentionTranslator(
                  exposure.inputNames(), exposure.int32Inputs(), exposure.attentionOutputs());
          graphLayers = exposure.layers();
        }
      }

      Path tokenizerFile =
          ModelFiles.asFile(
              spec.tokenizerLocation(),
              spec,
              "tokenizer",
              "tokenizer",
              modelDir.resolve("tokenizer.json"));
      try {
        // The same options as SpecTokenizers, so windows cut before inference match what the model
        // sees.
        tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, SpecTokenizers.options(spec));
      } catch (RuntimeException | IOException e) {
        throw new ModelLoadException(
            "cannot read tokenizer "
                + ModelFiles.describe(spec.tokenizerLocation())
                + " of model '"
                + spec.name()
                + "': "
                + e.getMessage()
                + ". It must be a HuggingFace"
                + " tokenizer.json; fix 'tokenizer' in the model spec.",
            e);
      }

      @SuppressWarnings("unchecked")
      Class<List<EncodedText>> inputType = (Class<List<EncodedText>>) (Class<?>) List.class;
      @SuppressWarnings("unchecked")
      Class<List<float[][][][]>> outputType = (Class<List<float[][][][]>>) (Class<?>) List.class;
      Criteria.Builder<List<EncodedText>, List<float[][][][]>> builder =
          Criteria.builder()
              .setTypes(inputType, outputType)
              .optDevice(device)
              .optModelPath(modelDir)
              .optModelName("model")
              .optTranslator(translator);
      if (torchScript) {
        builder.optEngine(TorchScriptFile.ENGINE);
      } else {
        builder
            .optEngine(DjlEnvironment.ENGINE)
            .optOption("intraOpNumThreads", Integer.toString(spec.intraOpThreads()))
            .optOption("interOpNumThreads", "1");
      }
      zooModel = builder.build().loadModel();
      TextAttentionModel loaded =
          new TextAttentionModel(spec, zooModel, tokenizer, sha256, graphLayers);
      if (torchScript && spec.expectedLayers() > 0 && loaded.layers() != spec.expectedLayers()) {
        loaded.close();
        tokenizer = null;
        zooModel = null;
        throw new ModelLoadException(
            "TorchScript model "
                + origin
                + " returns "
                + loaded.layers()
                + " attention tensors but the spec of model '"
                + spec.name()
                + "' says layers = "
                + spec.expectedLayers());
      }
      if (spec.expectedHeads() > 0 && loaded.heads() != spec.expectedHeads()) {
        loaded.close(); // closes the tokenizer and the model too
        tokenizer = null;
        zooModel = null;
        throw new ModelLoadException(
            "ONNX model "
                + origin
                + " has "
                + loaded.heads()
                + " heads per layer"
                + " but the spec of model '"
                + spec.name()
                + "' says heads = "
                + spec.expectedHeads());
      }
      LOG.info(
          "loaded model {} ({} layers x {} heads, onnx sha256 {}) on {} in {} ms",
          spec.name(),
          loaded.layers,
          loaded.heads,
          sha256.substring(0, 12),
          device,
          (System.nanoTime() - started) / 1_000_000);
      return loaded;
    } catch (ModelLoadException e) {
      closeQuietly(tokenizer, zooModel);
      throw e;
    } catch (IOException
        | ModelNotFoundException
        | MalformedModelException
        | NoSuchAlgorithmException
        | RuntimeException e) {
      closeQuietly(tokenizer, zooModel);
      throw new ModelLoadException(
          "cannot load model '" + spec.name() + "' from " + origin + ": " + e, e);
    }
  }

  private static void closeQuietly(HuggingFaceTokenizer tokenizer, ZooModel<?, ?> model) {
    if (tokenizer != null) {
      tokenizer.close();
    }
    if (model != null) {
      model.close();
    }
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
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException(
          "interrupted while waiting for a predictor of model '" + spec.name() + "'", e);
    }
    Predictor<List<EncodedText>, List<float[][][][]>> predictor = null;
    try {
      predictor = idle.pollFirst();
      if (predictor == null) {
        predictor = newPredictor();
      }
      return predictor.predict(batch);
    } catch (TranslateException e) {
      throw new InferenceException(
          "inference failed on model '"
              + spec.name()
              + "' for a batch of "
              + batch.size()
              + " texts: "
              + e.getMessage(),
          e);
    } finally {
      if (predictor != null) {
        idle.addFirst(predictor);
      }
      permits.release();
    }
  }

  private synchronized Predictor<List<EncodedText>, List<float[][][][]>> newPredictor() {
    Predictor<List<EncodedText>, List<float[][][][]>> predictor = model.newPredictor();
    created.add(predictor);
    return predictor;
  }

  /** Releases the predictors, the ONNX Runtime session and the tokenizer. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closePredictors();
    closeQuietly(tokenizer, model);
  }

  private synchronized void closePredictors() {
    for (Predictor<?, ?> predictor : created) {
      predictor.close();
    }
    created.clear();
    idle.clear();
  }
}

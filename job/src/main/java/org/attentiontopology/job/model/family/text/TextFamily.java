package org.attentiontopology.job.model.family.text;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.engine.DjlEnvironment;
import org.attentiontopology.job.model.engine.ModelEngine;
import org.attentiontopology.job.model.engine.TorchScriptFile;
import org.attentiontopology.job.model.family.ModelFamily;
import org.attentiontopology.job.model.onnx.AttentionExposure;
import org.attentiontopology.job.model.onnx.SurgeredModel;
import org.attentiontopology.job.model.spec.ModelFiles;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A family whose inputs are texts through the spec's tokenizer.json. Loading is the same for every
 * text kind and every engine: check the tokenizer file, prepare the model file for its engine
 * ({@link ModelEngine}), read the tokenizer, load, probe, check the shape against the spec. A text
 * kind differs only in how attention is read back from the graph, which it gives as a {@link
 * Reading} per engine; the result is a {@link TextAttentionModel} either way.
 */
public abstract class TextFamily implements ModelFamily {

  private static final Logger LOG = LoggerFactory.getLogger(TextFamily.class);

  /**
   * How a text family reads attention back from a prepared graph.
   *
   * @param translator from a batch of tokenized texts to each text's [layer][head][from][to]
   *     attention
   * @param layers attention layers known before the graph runs, or 0 when only its outputs tell
   */
  public record Reading(
      NoBatchifyTranslator<List<EncodedText>, List<float[][][][]>> translator, int layers) {}

  @Override
  public final boolean readsText() {
    return true;
  }

  @Override
  public void check(ModelSpec spec) {
    ModelFamily.super.check(spec);
    requireTokenizer(spec);
  }

  /** Refuses a text model's spec without a tokenizer. */
  protected static void requireTokenizer(ModelSpec spec) {
    if (spec.tokenizerLocation().isBlank()) {
      throw new IllegalArgumentException(
          "text model '" + spec.name() + "' needs a tokenizer (a tokenizer.json)");
    }
  }

  /** The reading of an ONNX graph whose attention Softmax outputs the surgery exposed. */
  protected abstract Reading readOnnx(ModelSpec spec, AttentionExposure exposure, String origin);

  /**
   * The reading of a TorchScript export, which returns one [batch, heads, T, T] attention tensor
   * per layer by position and takes {@code input_ids} and {@code attention_mask}. A family whose
   * attention is not T x T refuses it, saying so.
   */
  protected Reading readTorchScript(ModelSpec spec, String origin) {
    return new Reading(
        new AttentionTranslator(List.of("input_ids", "attention_mask"), Set.of(), List.of()), 0);
  }

  @Override
  public TextAttentionModel load(ModelSpec spec, Path workDir, Device device) {
    DjlEnvironment.prepare(workDir);
    long started = System.nanoTime();
    String origin = ModelFiles.describe(spec.onnxLocation());
    HuggingFaceTokenizer tokenizer = null;
    ZooModel<List<EncodedText>, List<float[][][][]>> zooModel = null;
    try {
      // Check the small file first: a wrong tokenizer path should not cost a 100 MB parse to
      // report.
      ModelFiles.open(spec.tokenizerLocation(), spec, "tokenizer", "tokenizer").close();
      ModelEngine engine = ModelEngine.of(spec);
      Reading reading;
      String sha256;
      Path modelDir;
      if (engine == ModelEngine.TORCHSCRIPT) {
        reading = readTorchScript(spec, origin);
        TorchScriptFile file = TorchScriptFile.prepare(spec, workDir);
        sha256 = file.sha256();
        modelDir = file.modelDir();
      } else {
        SurgeredModel surgered = SurgeredModel.prepare(spec, workDir, softmaxesPerLayer());
        reading = readOnnx(spec, surgered.exposure(), origin);
        sha256 = surgered.sha256();
        modelDir = surgered.modelDir();
      }
      tokenizer = readTokenizer(spec, modelDir);

      @SuppressWarnings("unchecked")
      Class<List<EncodedText>> inputType = (Class<List<EncodedText>>) (Class<?>) List.class;
      @SuppressWarnings("unchecked")
      Class<List<float[][][][]>> outputType = (Class<List<float[][][][]>>) (Class<?>) List.class;
      zooModel =
          engine
              .configure(
                  Criteria.builder()
                      .setTypes(inputType, outputType)
                      .optDevice(device)
                      .optModelPath(modelDir)
                      .optModelName("model")
                      .optTranslator(reading.translator()),
                  spec)
              .build()
              .loadModel();
      TextAttentionModel loaded =
          new TextAttentionModel(spec, zooModel, tokenizer, sha256, reading.layers());
      if (engine == ModelEngine.TORCHSCRIPT
          && spec.expectedLayers() > 0
          && loaded.layers() != spec.expectedLayers()) {
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
      String headsMismatch = spec.headsMismatch(origin, loaded.heads());
      if (headsMismatch != null) {
        loaded.close(); // closes the tokenizer and the model too
        tokenizer = null;
        zooModel = null;
        throw new ModelLoadException(headsMismatch);
      }
      LOG.info(
          "loaded model {} ({} layers x {} heads, onnx sha256 {}) on {} in {} ms",
          spec.name(),
          loaded.layers(),
          loaded.heads(),
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

  /**
   * The spec's tokenizer, read from a file (a class path resource is copied beside the model, as
   * the native tokenizer reads files only), made with the same options as {@link SpecTokenizers} so
   * that windows cut before inference match what the model sees.
   */
  private static HuggingFaceTokenizer readTokenizer(ModelSpec spec, Path modelDir)
      throws IOException {
    Path tokenizerFile =
        ModelFiles.asFile(
            spec.tokenizerLocation(),
            spec,
            "tokenizer",
            "tokenizer",
            modelDir.resolve("tokenizer.json"));
    try {
      return HuggingFaceTokenizer.newInstance(tokenizerFile, SpecTokenizers.options(spec));
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
  }

  private static void closeQuietly(HuggingFaceTokenizer tokenizer, ZooModel<?, ?> model) {
    if (tokenizer != null) {
      tokenizer.close();
    }
    if (model != null) {
      model.close();
    }
  }
}

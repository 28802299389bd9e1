package org.attentiontopology.job.model.family.vision;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.AttentionRowCheck;
import org.attentiontopology.job.model.InferenceException;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.UnreadableImageException;
import org.attentiontopology.job.model.engine.DjlEnvironment;
import org.attentiontopology.job.model.engine.ModelEngine;
import org.attentiontopology.job.model.engine.PredictorPool;
import org.attentiontopology.job.model.onnx.AttentionExposure;
import org.attentiontopology.job.model.onnx.SurgeredModel;
import org.attentiontopology.job.model.spec.ImageSettings;
import org.attentiontopology.job.model.spec.ModelFiles;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vision transformer loaded with DJL on ONNX Runtime, its graph changed to return every layer's
 * attention ({@link AttentionExposure}). Inputs are image files (paths or {@code file:} URIs),
 * preprocessed as the spec's {@link ImageSettings} say; tokens are {@code [CLS]} and the patches
 * ({@link PatchTokens}).
 *
 * <p>Thread safety: {@link #attend} may be called from several threads; up to {@link
 * ModelSpec#predictors()} calls run at once, each on a predictor of its own ({@link PredictorPool}:
 * they share the ONNX Runtime session).
 */
public final class ImageAttentionModel implements AttentionModel {

  private static final Logger LOG = LoggerFactory.getLogger(ImageAttentionModel.class);

  private final ModelSpec spec;
  private final ZooModel<List<float[]>, List<float[][][][]>> model;
  private final String onnxSha256;
  private final int layers;
  private final String[] tokens;
  private final int[] tokenIds;
  private final PredictorPool<List<float[]>, List<float[][][][]>> predictors;
  private final int heads;
  private volatile boolean closed;

  private ImageAttentionModel(
      ModelSpec spec,
      ZooModel<List<float[]>, List<float[][][][]>> model,
      String onnxSha256,
      int layers) {
    this.spec = spec;
    this.model = model;
    this.onnxSha256 = onnxSha256;
    this.layers = layers;
    int perSide = spec.image().patchesPerSide();
    this.tokens = PatchTokens.labels(perSide);
    this.tokenIds = PatchTokens.ids(perSide);
    this.predictors = new PredictorPool<>(model, spec.predictors());
    // A probe on a blank image reads the head count and checks that the graph runs at this image
    // size.
    int size = spec.image().imageSize();
    try {
      float[][][][] probe = predict(List.of(new float[3 * size * size])).get(0);
      this.heads = probe[0].length;
      for (float[][][] layer : probe) {
        if (layer.length != heads) {
          throw new ModelLoadException(
              "model '" + spec.name() + "' has layers with different head counts");
        }
      }
    } catch (RuntimeException e) {
      predictors.close();
      throw e;
    }
  }

  /**
   * Loads a vision model: exposes the attention of its ONNX graph (one image input, [batch, 3,
   * size, size]) and checks layers, heads and the token count (1 + patches) against the spec.
   *
   * @throws ModelLoadException naming the file or spec entry at fault
   */
  public static ImageAttentionModel load(ModelSpec spec, Path workDir) {
    return load(spec, workDir, ai.djl.Device.cpu());
  }

  /** Loads a vision model onto a device, as {@link #load(ModelSpec, Path)} does. */
  public static ImageAttentionModel load(ModelSpec spec, Path workDir, ai.djl.Device device) {
    if (spec.image() == null) {
      throw new ModelLoadException(
          "model '" + spec.name() + "' is not a vision model with image settings");
    }
    int sequence = 1 + spec.image().patchesPerSide() * spec.image().patchesPerSide();
    if (sequence > spec.maxLength()) {
      throw new ModelLoadException(
          "vision model '"
              + spec.name()
              + "' sees "
              + sequence
              + " tokens per image"
              + " ([CLS] + ("
              + spec.image().imageSize()
              + " / "
              + spec.image().patchSize()
              + ")^2 patches) but"
              + " max_length is "
              + spec.maxLength()
              + ": images cannot be truncated; raise max_length and"
              + " max_positions, or fix image.size / image.patch_size");
    }
    DjlEnvironment.prepare(workDir);
    long started = System.nanoTime();
    String origin = ModelFiles.describe(spec.onnxLocation());
    ZooModel<List<float[]>, List<float[][][][]>> zooModel = null;
    try {
      SurgeredModel surgered =
          SurgeredModel.prepare(spec, workDir, spec.family().softmaxesPerLayer());
      List<String> inputs = surgered.exposure().inputNames();
      if (inputs.size() != 1) {
        throw new ModelLoadException(
            "vision model "
                + origin
                + " takes inputs "
                + inputs
                + ": expected one"
                + " image input [batch, 3, "
                + spec.image().imageSize()
                + ", "
                + spec.image().imageSize()
                + "]");
      }
      @SuppressWarnings("unchecked")
      Class<List<float[]>> inputType = (Class<List<float[]>>) (Class<?>) List.class;
      @SuppressWarnings("unchecked")
      Class<List<float[][][][]>> outputType = (Class<List<float[][][][]>>) (Class<?>) List.class;
      Criteria<List<float[]>, List<float[][][][]>> criteria =
          ModelEngine.ONNX_RUNTIME
              .configure(
                  Criteria.builder()
                      .setTypes(inputType, outputType)
                      .optDevice(device)
                      .optModelPath(surgered.modelDir())
                      .optModelName("model")
                      .optTranslator(
                          new ImageTranslator(
                              inputs.get(0),
                              spec.image().imageSize(),
                              sequence,
                              surgered.exposure().attentionOutputs())),
                  spec)
              .build();
      zooModel = criteria.loadModel();
      ImageAttentionModel loaded;
      try {
        loaded =
            new ImageAttentionModel(
                spec, zooModel, surgered.sha256(), surgered.exposure().layers());
      } catch (InferenceException | IllegalStateException e) {
        throw new ModelLoadException(
            "vision model "
                + origin
                + " does not run on "
                + spec.image().imageSize()
                + " x "
                + spec.image().imageSize()
                + " images with "
                + sequence
                + " tokens: "
                + e.getMessage()
                + ". Check image.size and image.patch_size in the spec.",
            e);
      }
      String headsMismatch = spec.headsMismatch(origin, loaded.heads());
      if (headsMismatch != null) {
        loaded.close();
        zooModel = null;
        throw new ModelLoadException(headsMismatch);
      }
      LOG.info(
          "loaded vision model {} ({} layers x {} heads, {} tokens) in {} ms",
          spec.name(),
          loaded.layers,
          loaded.heads,
          sequence,
          (System.nanoTime() - started) / 1_000_000);
      return loaded;
    } catch (ModelLoadException e) {
      if (zooModel != null) {
        zooModel.close();
      }
      throw e;
    } catch (IOException
        | ModelNotFoundException
        | MalformedModelException
        | NoSuchAlgorithmException
        | RuntimeException e) {
      if (zooModel != null) {
        zooModel.close();
      }
      throw new ModelLoadException(
          "cannot load model '" + spec.name() + "' from " + origin + ": " + e, e);
    }
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public int layers() {
    return layers;
  }

  @Override
  public int heads() {
    return heads;
  }

  @Override
  public String onnxSha256() {
    return onnxSha256;
  }

  /**
   * The attention of each image file, in the order given.
   *
   * @throws UnreadableImageException when a file is missing, empty or does not decode (naming it)
   */
  @Override
  public List<TextAttention> attend(List<String> locations) {
    List<byte[]> images = new ArrayList<>(locations.size());
    for (String location : locations) {
      images.add(read(location));
    }
    return attendBytes(images, locations);
  }

  /**
   * The attention of each encoded image (PNG or JPEG bytes); {@code origins} name them in error
   * messages.
   */
  public List<TextAttention> attendBytes(List<byte[]> images, List<String> origins) {
    if (closed) {
      throw new IllegalStateException("model '" + spec.name() + "' is closed");
    }
    List<float[]> pixels = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      pixels.add(ImagePreprocessing.pixels(images.get(i), spec.image(), origins.get(i)));
    }
    List<TextAttention> results = new ArrayList<>(images.size());
    for (int start = 0; start < pixels.size(); start += spec.batchSize()) {
      List<float[]> batch =
          pixels.subList(start, Math.min(pixels.size(), start + spec.batchSize()));
      for (float[][][][] attention : predict(batch)) {
        AttentionRowCheck.requireRowsSumToOne(attention, spec.rowSumTolerance());
        results.add(new TextAttention(tokens, tokenIds, false, tokens.length, attention));
      }
    }
    return results;
  }

  /**
   * Largest image file read into memory; together with the declared-size check it bounds one
   * example.
   */
  static final long MAX_FILE_BYTES = 256L << 20;

  /**
   * Reads an image file given as a path or a {@code file:} URI (what Spark's file listings give).
   */
  static byte[] read(String location) {
    Path path;
    try {
      path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    } catch (RuntimeException e) {
      throw new UnreadableImageException(
          "image location '" + location + "' is not a file path or file: URI", e);
    }
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        throw new UnreadableImageException(
            "image "
                + location
                + " is "
                + size / (1 << 20)
                + " MiB, more than "
                + "the "
                + (MAX_FILE_BYTES >> 20)
                + " MiB an image file may have: downscale or recompress it");
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UnreadableImageException("image " + location + " cannot be read: " + e, e);
    }
  }

  private List<float[][][][]> predict(List<float[]> batch) {
    try {
      return predictors.predict(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted while waiting for model '" + spec.name() + "'", e);
    } catch (TranslateException e) {
      throw new InferenceException(
          "inference failed on model '"
              + spec.name()
              + "' for a batch of "
              + batch.size()
              + " images: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      predictors.close();
      model.close();
    }
  }
}

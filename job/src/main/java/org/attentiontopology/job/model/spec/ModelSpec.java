package org.attentiontopology.job.model.spec;

import java.io.Serializable;
import java.util.Objects;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.family.ModelFamily;
import org.attentiontopology.job.model.family.ModelKind;

/**
 * Everything needed to load one model and run it: where its ONNX graph and tokenizer are, how long
 * inputs may be, what shape the attention must have, and how inference is run. Read from a HOCON
 * spec file by {@link ModelSpecs}.
 *
 * <p>Serializable so that Spark can ship it to executors, which load the model themselves ({@link
 * ModelCache}).
 *
 * @param name the model's name, used in tables and for its private cache folder
 * @param kind the model family: encoder, decoder, vision or longformer
 * @param onnxLocation {@code classpath:<resource>} or an absolute file path of the ONNX graph
 * @param tokenizerLocation {@code classpath:<resource>} or an absolute file path of a HuggingFace
 *     tokenizer.json; empty for vision models, which have none
 * @param maxLength longest input in tokens, special tokens included; longer inputs are cut and
 *     flagged
 * @param maxPositions the model's position limit, a hard cap on {@code maxLength}
 * @param expectedLayers number of attention layers the graph must have, or 0 to accept what it has
 * @param expectedHeads number of heads per layer the graph must have, or 0 to accept what it has
 * @param intraOpThreads ONNX Runtime intra-op threads per inference call
 * @param batchSize texts per ONNX Runtime call
 * @param predictors inference calls that may run at once in one JVM (they share one ONNX session)
 * @param rowSumTolerance largest accepted |row sum - 1| of an attention row
 * @param image image preprocessing of a {@link ModelKind#VISION} model; null for text models
 * @param longformer attention window and global tokens of a {@link ModelKind#LONGFORMER} model;
 *     null for the other kinds
 */
public record ModelSpec(
    String name,
    ModelKind kind,
    String onnxLocation,
    String tokenizerLocation,
    int maxLength,
    int maxPositions,
    int expectedLayers,
    int expectedHeads,
    int intraOpThreads,
    int batchSize,
    int predictors,
    double rowSumTolerance,
    ImageSettings image,
    LongformerSettings longformer)
    implements Serializable {

  /** Prefix of a location that names a resource on the class path rather than a file. */
  public static final String CLASSPATH_PREFIX = "classpath:";

  /** Checks the values, then lets the kind's family refuse what it cannot run. */
  public ModelSpec(
      String name,
      ModelKind kind,
      String onnxLocation,
      String tokenizerLocation,
      int maxLength,
      int maxPositions,
      int expectedLayers,
      int expectedHeads,
      int intraOpThreads,
      int batchSize,
      int predictors,
      double rowSumTolerance,
      ImageSettings image,
      LongformerSettings longformer) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(onnxLocation, "onnxLocation");
    Objects.requireNonNull(tokenizerLocation, "tokenizerLocation");
    if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "model name '"
              + name
              + "' must be non-empty and use only letters, digits, '.', '_' and '-' (it names a cache folder)");
    }
    requireAtLeast("max_positions", maxPositions, 2);
    if (maxLength < 2 || maxLength > maxPositions) {
      throw new IllegalArgumentException(
          "max_length of model '"
              + name
              + "' is "
              + maxLength
              + ": it must be between 2 (room for [CLS] and [SEP]) and max_positions = "
              + maxPositions);
    }
    requireAtLeast("layers", expectedLayers, 0);
    requireAtLeast("heads", expectedHeads, 0);
    requireAtLeast("inference.intra_op_threads", intraOpThreads, 1);
    requireAtLeast("inference.batch_size", batchSize, 1);
    requireAtLeast("inference.predictors", predictors, 1);
    if (!(rowSumTolerance > 0 && rowSumTolerance < 1)) {
      throw new IllegalArgumentException(
          "checks.row_sum_tolerance of model '"
              + name
              + "' is "
              + rowSumTolerance
              + ": it must lie in (0, 1)");
    }
    this.name = name;
    this.kind = kind;
    this.onnxLocation = onnxLocation;
    this.tokenizerLocation = tokenizerLocation;
    this.maxLength = maxLength;
    this.maxPositions = maxPositions;
    this.expectedLayers = expectedLayers;
    this.expectedHeads = expectedHeads;
    this.intraOpThreads = intraOpThreads;
    this.batchSize = batchSize;
    this.predictors = predictors;
    this.rowSumTolerance = rowSumTolerance;
    this.image = image;
    this.longformer = longformer;
    kind.family().check(this);
  }

  /** The family that checks, loads and reads this model ({@link ModelKind#family()}). */
  public ModelFamily family() {
    return kind.family();
  }

  /** A text model's spec (no image or Longformer settings). */
  public ModelSpec(
      String name,
      ModelKind kind,
      String onnxLocation,
      String tokenizerLocation,
      int maxLength,
      int maxPositions,
      int expectedLayers,
      int expectedHeads,
      int intraOpThreads,
      int batchSize,
      int predictors,
      double rowSumTolerance) {
    this(
        name,
        kind,
        onnxLocation,
        tokenizerLocation,
        maxLength,
        maxPositions,
        expectedLayers,
        expectedHeads,
        intraOpThreads,
        batchSize,
        predictors,
        rowSumTolerance,
        null,
        null);
  }

  /**
   * A spec without Longformer settings: a vision model's (with image settings) or a text model's
   * (null).
   */
  public ModelSpec(
      String name,
      ModelKind kind,
      String onnxLocation,
      String tokenizerLocation,
      int maxLength,
      int maxPositions,
      int expectedLayers,
      int expectedHeads,
      int intraOpThreads,
      int batchSize,
      int predictors,
      double rowSumTolerance,
      ImageSettings image) {
    this(
        name,
        kind,
        onnxLocation,
        tokenizerLocation,
        maxLength,
        maxPositions,
        expectedLayers,
        expectedHeads,
        intraOpThreads,
        batchSize,
        predictors,
        rowSumTolerance,
        image,
        null);
  }

  private static void requireAtLeast(String key, int value, int least) {
    if (value < least) {
      throw new IllegalArgumentException(key + " is " + value + ": it must be at least " + least);
    }
  }

  /**
   * Why a loaded graph with {@code heads} heads per layer does not fit this spec ({@code heads} in
   * the spec file), or null when it does; {@code origin} names the loaded file. The caller closes
   * what it loaded before it throws.
   */
  public String headsMismatch(String origin, int heads) {
    if (expectedHeads == 0 || heads == expectedHeads) {
      return null;
    }
    return "ONNX model "
        + origin
        + " has "
        + heads
        + " heads per layer but the spec of model '"
        + name
        + "' says heads = "
        + expectedHeads;
  }

  /** This spec with another input length (for example a shorter one for a quick run). */
  public ModelSpec withMaxLength(int newMaxLength) {
    return new ModelSpec(
        name,
        kind,
        onnxLocation,
        tokenizerLocation,
        newMaxLength,
        maxPositions,
        expectedLayers,
        expectedHeads,
        intraOpThreads,
        batchSize,
        predictors,
        rowSumTolerance,
        image,
        longformer);
  }

  /** This spec with other inference settings. */
  public ModelSpec withInference(int newIntraOpThreads, int newBatchSize, int newPredictors) {
    return new ModelSpec(
        name,
        kind,
        onnxLocation,
        tokenizerLocation,
        maxLength,
        maxPositions,
        expectedLayers,
        expectedHeads,
        newIntraOpThreads,
        newBatchSize,
        newPredictors,
        rowSumTolerance,
        image,
        longformer);
  }
}

package org.attentiontopology.job.model.family.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.engine.DjlEnvironment;
import org.attentiontopology.job.model.spec.ModelFiles;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * A text model's tokenizer (its spec's tokenizer.json) without the model, one per tokenizer file
 * per JVM, for stages that need tokens before inference (splitting long texts into windows). It is
 * configured exactly as {@link TextFamily} configures a loaded model's own, so both see the same
 * pieces.
 */
public final class SpecTokenizers {

  private record Key(String location, int maxPositions) {}

  private static final Map<Key, HuggingFaceTokenizer> TOKENIZERS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(SpecTokenizers::closeAll, "spec-tokenizers-close"));
  }

  private SpecTokenizers() {}

  /**
   * The options every tokenizer of a spec is made with. Truncation and padding are ours: truncating
   * in the tokenizer would hide the untruncated length, and padding happens per batch in the
   * translator.
   */
  static Map<String, String> options(ModelSpec spec) {
    return Map.of(
        "addSpecialTokens",
        "true",
        "truncation",
        "false",
        "padding",
        "false",
        "modelMaxLength",
        Integer.toString(spec.maxPositions()));
  }

  /**
   * The shared tokenizer of a text model's spec, read on first use.
   *
   * @param workDir where DJL unpacks the tokenizers native library (as for {@link ModelCache})
   * @throws ModelLoadException naming the tokenizer file and the spec entry to fix
   */
  public static HuggingFaceTokenizer get(ModelSpec spec, Path workDir) {
    if (!spec.family().readsText()) {
      throw new ModelLoadException(
          "model '"
              + spec.name()
              + "' is of kind "
              + spec.kind().configName()
              + " and has no text tokenizer");
    }
    DjlEnvironment.prepare(workDir);
    return TOKENIZERS.computeIfAbsent(
        new Key(spec.tokenizerLocation(), spec.maxPositions()), k -> read(spec));
  }

  private static HuggingFaceTokenizer read(ModelSpec spec) {
    try (InputStream in =
        ModelFiles.open(spec.tokenizerLocation(), spec, "tokenizer", "tokenizer")) {
      return HuggingFaceTokenizer.newInstance(in, options(spec));
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelLoadException m) {
        throw m;
      }
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

  /** Closes and forgets every tokenizer (tests, or JVM exit). */
  public static synchronized void closeAll() {
    TOKENIZERS.values().forEach(HuggingFaceTokenizer::close);
    TOKENIZERS.clear();
  }
}

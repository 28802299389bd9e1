package org.attentiontopology.job.model.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.spec.ModelFiles;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * A TorchScript export copied to a private folder {@code <workDir>/models/<name>-<key>/model.pt}
 * for DJL's PyTorch engine (present only when the job is built with the Maven profile {@code
 * pytorch}). TorchScript graphs cannot be changed like ONNX ones, so the export itself must return
 * the attention: one [batch, heads, T, T] tensor per layer, in layer order (see
 * scripts/fixtures/make-tiny-models.py, {@code AttentionOutputs}).
 *
 * @param sha256 SHA-256 of the file
 * @param modelDir the private folder holding {@code model.pt}
 */
public record TorchScriptFile(String sha256, Path modelDir) {

  public static TorchScriptFile prepare(ModelSpec spec, Path workDir)
      throws IOException, NoSuchAlgorithmException {
    if (!ai.djl.engine.Engine.getAllEngines().contains(ModelEngine.TORCHSCRIPT.djlName())) {
      throw new ModelLoadException(
          "model '"
              + spec.name()
              + "' is a TorchScript file ("
              + ModelFiles.describe(spec.onnxLocation())
              + ") but the PyTorch engine is not on the class path:"
              + " build with `mvn -Ppytorch install` (it adds ai.djl.pytorch:pytorch-engine and its CPU"
              + " natives), or export the model to ONNX (scripts/export-hf-model.py)");
    }
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Path temporary = Files.createTempFile("torchscript", ".pt");
    try {
      try (InputStream in =
          new DigestInputStream(
              ModelFiles.open(spec.onnxLocation(), spec, "TorchScript model", "onnx"), digest)) {
        Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
      }
      String sha256 = HexFormat.of().formatHex(digest.digest());
      Path modelDir =
          workDir
              .resolve("models")
              .resolve(spec.name() + "-" + sha256.substring(0, 16))
              .toAbsolutePath();
      Files.createDirectories(modelDir);
      Path target = modelDir.resolve("model.pt");
      if (!Files.isRegularFile(target) || Files.size(target) != Files.size(temporary)) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        ModelFiles.makeReadableByAll(target);
      }
      return new TorchScriptFile(sha256, modelDir);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}

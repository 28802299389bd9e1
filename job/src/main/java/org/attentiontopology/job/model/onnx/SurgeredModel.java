package org.attentiontopology.job.model.onnx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.spec.ModelFiles;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * A spec's ONNX graph after {@link AttentionExposure}, written to a private folder {@code
 * <workDir>/models/<name>-<key>/model.onnx} (DJL scans a model's folder for jars, so it must never
 * sit beside application jars), with the SHA-256 of the original file. Shared by the text and the
 * image models.
 *
 * @param exposure the surgery's result: attention outputs and graph inputs
 * @param sha256 SHA-256 of the original ONNX bytes
 * @param modelDir the private folder holding {@code model.onnx} and any external data files
 */
public record SurgeredModel(AttentionExposure exposure, String sha256, Path modelDir) {

  /**
   * Changes whenever the surgery changes, so that cached surgered models from older versions are
   * not reused.
   */
  private static final String EXPOSURE_VERSION = "attention-exposure-2";

  public static SurgeredModel prepare(ModelSpec spec, Path workDir, int softmaxesPerLayer)
      throws IOException, NoSuchAlgorithmException {
    String origin = ModelFiles.describe(spec.onnxLocation());
    AttentionExposure exposure;
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in =
        new DigestInputStream(
            new BufferedInputStream(
                ModelFiles.open(spec.onnxLocation(), spec, "ONNX model", "onnx"), 1 << 20),
            digest)) {
      exposure = AttentionExposure.expose(in, origin);
      in.transferTo(OutputStream.nullOutputStream()); // hash every byte, even trailing ones
    }
    String sha256 = HexFormat.of().formatHex(digest.digest());
    int perLayer = softmaxesPerLayer;
    if (spec.expectedLayers() > 0 && exposure.layers() != spec.expectedLayers() * perLayer) {
      throw new ModelLoadException(
          "ONNX model "
              + origin
              + " has "
              + exposure.layers()
              + " attention Softmax nodes but the spec of model '"
              + spec.name()
              + "' says layers = "
              + spec.expectedLayers()
              + (perLayer == 2
                  ? ", which for a Longformer means "
                      + spec.expectedLayers() * perLayer
                      + " (local and global per layer; an export traced without a"
                      + " global token has no global Softmax)"
                  : "")
              + ": fix 'layers' in the spec, or check that the right model is named");
    }
    String folderKey =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest((sha256 + EXPOSURE_VERSION).getBytes(StandardCharsets.UTF_8)))
            .substring(0, 16);
    Path modelDir =
        workDir.resolve("models").resolve(spec.name() + "-" + folderKey).toAbsolutePath();
    exposure.writeTo(modelDir.resolve("model.onnx"));
    ModelFiles.placeExternalData(spec, exposure.externalDataFiles(), modelDir);
    return new SurgeredModel(exposure, sha256, modelDir);
  }
}

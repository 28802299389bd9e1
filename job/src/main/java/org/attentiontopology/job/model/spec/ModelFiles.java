package org.attentiontopology.job.model.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.attentiontopology.job.model.ModelLoadException;

/** Opens the files a model spec names: {@code classpath:<resource>} or a file path. */
public final class ModelFiles {

  private ModelFiles() {}

  /**
   * Opens a location for reading.
   *
   * @param what what the file is, for messages ("ONNX model", "tokenizer")
   * @param specKey the spec entry that names it ("onnx", "tokenizer")
   */
  public static InputStream open(String location, ModelSpec spec, String what, String specKey)
      throws IOException {
    if (location.startsWith(ModelSpec.CLASSPATH_PREFIX)) {
      String resource = location.substring(ModelSpec.CLASSPATH_PREFIX.length());
      InputStream in = ModelSpecs.classLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new ModelLoadException(
            what
                + " of model '"
                + spec.name()
                + "' is missing: no class path"
                + " resource '"
                + resource
                + "'. Put the jar that carries it on the class path, or point '"
                + specKey
                + "' in the model spec at a file.");
      }
      return in;
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ModelLoadException(
          what
              + " of model '"
              + spec.name()
              + "' is missing: "
              + path
              + " does not exist or cannot be read. Fix '"
              + specKey
              + "' in the model spec.");
    }
    return Files.newInputStream(path);
  }

  /**
   * A file holding the location's content: the file itself for a file path, or a copy at {@code
   * copyTarget} for a class path resource (native libraries such as the tokenizer read from files
   * only).
   */
  public static Path asFile(
      String location, ModelSpec spec, String what, String specKey, Path copyTarget)
      throws IOException {
    if (!location.startsWith(ModelSpec.CLASSPATH_PREFIX)) {
      open(location, spec, what, specKey).close(); // same checks and messages as open
      return Path.of(location);
    }
    if (Files.isRegularFile(copyTarget)) {
      return copyTarget;
    }
    Files.createDirectories(copyTarget.getParent());
    Path temporary =
        Files.createTempFile(copyTarget.getParent(), copyTarget.getFileName().toString(), ".part");
    try {
      try (InputStream in = open(location, spec, what, specKey)) {
        Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
      }
      makeReadableByAll(temporary);
      try {
        Files.move(
            temporary,
            copyTarget,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, copyTarget, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
    return copyTarget;
  }

  /**
   * Puts a model's external weight files beside the surgered model, where ONNX Runtime looks for
   * them: hard links where the file system allows (no copy of gigabytes), copies otherwise.
   */
  public static void placeExternalData(ModelSpec spec, List<String> files, Path modelDir)
      throws IOException {
    if (files.isEmpty()) {
      return;
    }
    if (spec.onnxLocation().startsWith(ModelSpec.CLASSPATH_PREFIX)) {
      throw new ModelLoadException(
          "ONNX model "
              + describe(spec.onnxLocation())
              + " keeps its weights in"
              + " external files "
              + files
              + ", which cannot be read from the class path: point 'onnx' in the"
              + " spec of model '"
              + spec.name()
              + "' at the model file on disk.");
    }
    Path sourceDir = Path.of(spec.onnxLocation()).toAbsolutePath().getParent();
    for (String file : files) {
      Path source = sourceDir.resolve(file);
      if (!Files.isRegularFile(source)) {
        throw new ModelLoadException(
            "external weights "
                + source
                + " of ONNX model "
                + spec.onnxLocation()
                + " are missing: keep them beside the model file, as it was exported.");
      }
      Path target = modelDir.resolve(file);
      if (Files.isRegularFile(target)
          && Files.size(target) == Files.size(source)
          && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(source)) >= 0) {
        continue;
      }
      Files.createDirectories(target.getParent());
      Files.deleteIfExists(target);
      try {
        Files.createLink(target, source);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * rw-r--r-- where the file system has POSIX permissions, so a shared work folder serves other
   * users too.
   */
  public static void makeReadableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: its defaults apply.
    }
  }

  /** How a location is named in messages. */
  public static String describe(String location) {
    return location.startsWith(ModelSpec.CLASSPATH_PREFIX) ? "'" + location + "'" : location;
  }
}

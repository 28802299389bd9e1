package org.attentiontopology.job.model.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry of families: one family per kind, every family registered, unknown kinds named. */
class ModelKindTest {

  /**
   * Every concrete ModelFamily compiled under model/family, found on disk, not from the registry.
   */
  private static Set<Class<?>> compiledFamilies() throws IOException, URISyntaxException {
    Path classes =
        Path.of(ModelFamily.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path folder = classes.resolve(ModelFamily.class.getPackageName().replace('.', '/'));
    Set<Class<?>> families = new HashSet<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.');
        name = name.substring(0, name.length() - ".class".length());
        Class<?> type;
        try {
          type = Class.forName(name, false, ModelFamily.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new AssertionError("compiled class " + name + " does not load", e);
        }
        if (ModelFamily.class.isAssignableFrom(type)
            && !type.isInterface()
            && !Modifier.isAbstract(type.getModifiers())) {
          families.add(type);
        }
      }
    }
    return families;
  }

  @Test
  void everyKindHasItsOwnFamilyAndEveryFamilyItsKind() throws Exception {
    List<Class<?>> registered = new ArrayList<>();
    for (ModelKind kind : ModelKind.values()) {
      assertNotNull(kind.family(), kind + " has no family");
      registered.add(kind.family().getClass());
    }
    assertEquals(
        registered.size(),
        new HashSet<>(registered).size(),
        "two kinds share a family: " + registered);
    Set<Class<?>> compiled = compiledFamilies();
    assertTrue(compiled.size() >= 4, "the scan found only " + compiled);
    assertEquals(
        compiled,
        new HashSet<>(registered),
        "every family class must be the family of exactly one kind in ModelKind");
  }

  @Test
  void kindsAreSpelledAsInSpecFilesAndReadBack() {
    List<String> spellings = new ArrayList<>();
    for (ModelKind kind : ModelKind.values()) {
      spellings.add(kind.name().toLowerCase(java.util.Locale.ROOT));
    }
    assertEquals(String.join(", ", spellings), ModelKind.spellings());
    assertTrue(spellings.containsAll(List.of("encoder", "decoder", "vision", "longformer")));
    for (ModelKind kind : ModelKind.values()) {
      assertSame(kind, ModelKind.parse(" " + kind.configName().toUpperCase() + " "));
    }
  }

  @Test
  void onlyTheVisionFamilyReadsImages() {
    for (ModelKind kind : ModelKind.values()) {
      assertEquals(kind != ModelKind.VISION, kind.family().readsText(), kind.configName());
    }
    assertEquals(2, ModelKind.LONGFORMER.family().softmaxesPerLayer());
    assertEquals(1, ModelKind.ENCODER.family().softmaxesPerLayer());
  }

  @Test
  void anUnknownKindIsRefusedNamingTheKindsAndTheSpecFile(@TempDir Path dir) throws IOException {
    Path spec =
        Files.writeString(
            dir.resolve("mine.conf"),
            """
                name = mine
                kind = transformer
                onnx = "model.onnx"
                tokenizer = "tokenizer.json"
                max_length = 64
                """);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ModelSpecs.load(spec.toString()));
    assertTrue(error.getMessage().contains("invalid model spec " + spec), error.getMessage());
    assertTrue(
        error
            .getMessage()
            .contains("unknown model kind 'transformer': expected one of " + ModelKind.spellings()),
        error.getMessage());
  }
}

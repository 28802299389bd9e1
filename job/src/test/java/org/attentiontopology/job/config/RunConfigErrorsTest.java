package org.attentiontopology.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong setting is named in plain words, with the allowed values, where it came from and the
 * nearest keys.
 */
class RunConfigErrorsTest {
  @TempDir Path tmp;

  private static String errorOf(String... overrides) {
    return assertThrows(
            IllegalArgumentException.class, () -> RunConfig.load(null, List.of(overrides)))
        .getMessage();
  }

  private String errorOfFile(String text) throws IOException {
    Path file = Files.writeString(tmp.resolve("my.conf"), text);
    return assertThrows(IllegalArgumentException.class, () -> RunConfig.load(file, List.of()))
        .getMessage();
  }

  @Test
  void aValueOfTheWrongTypeIsNamedWithTheAllowedValues() {
    assertEquals(
        "setting persistence.max-dimension: \"two\" is not a whole number; allowed: 0, 1 or 2 (from --set "
            + "persistence.max-dimension=two)",
        errorOf("persistence.max-dimension=two"));
    assertEquals(
        "setting persistence.max-dimension: 3 is out of range; allowed: 0, 1 or 2 (from --set "
            + "persistence.max-dimension=3)",
        errorOf("persistence.max-dimension=3"));
    assertEquals(
        "setting inference.batch-size: 0 is out of range; allowed: whole numbers from 1 (from --set "
            + "inference.batch-size=0)",
        errorOf("inference.batch-size=0"));
    assertEquals(
        "setting tokens.keep-special: \"maybe\" is not true or false; allowed: true or false (from --set "
            + "tokens.keep-special=maybe)",
        errorOf("tokens.keep-special=maybe"));
    assertEquals(
        "setting token-analysis.edges-threshold: 1.5 is out of range; allowed: numbers from 0 to 1 (from "
            + "--set token-analysis.edges-threshold=1.5)",
        errorOf("token-analysis.edges-threshold=1.5"));
    String list = errorOf("diagram-stats.betti-thresholds=0.5");
    assertTrue(
        list.startsWith(
            "setting diagram-stats.betti-thresholds: 0.5 is not a list of numbers; allowed: a "
                + "list of numbers"),
        list);
  }

  @Test
  void aMisspeltValueGetsTheNearestAllowedOne() {
    assertEquals(
        "setting comparisons.pairs: \"grop\" is not one of the allowed values; allowed: consecutive, group, "
            + "reference, file, none; did you mean group? (from --set comparisons.pairs=grop)",
        errorOf("comparisons.pairs=grop"));
    assertTrue(errorOf("inference.device=gpus").contains("did you mean gpu?"));
    assertTrue(errorOf("spark.persist=DISK-ONLY").contains("did you mean DISK_ONLY?"));
    assertTrue(errorOf("divergence.log-base=bit").contains("did you mean bits?"));
    String far = errorOf("comparisons.pairs=xyzzy");
    assertFalse(far.contains("did you mean"), "nothing near, nothing offered: " + far);
  }

  @Test
  void theThresholdIsANonNegativeNumberOrInf() {
    assertEquals(
        "setting persistence.threshold: \"infinity\" is not a number; allowed: numbers from 0, or inf for "
            + "none; did you mean inf? (from --set persistence.threshold=infinity)",
        errorOf("persistence.threshold=infinity"));
    assertTrue(errorOf("persistence.threshold=-0.5").contains("-0.5 is out of range"));
    assertTrue(errorOf("persistence.threshold=NaN").contains("is out of range"));
    assertEquals(
        0.5, RunConfig.load(null, List.of("persistence.threshold=0.5")).persistence.threshold());
    assertEquals(
        Double.POSITIVE_INFINITY,
        RunConfig.load(null, List.of("persistence.threshold=inf")).persistence.threshold());
  }

  @Test
  void anUnknownKeyGetsTheNearestKeys() {
    assertEquals(
        "setting persistence.max-dimensions: no such setting; did you mean persistence.max-dimension? "
            + "(from --set persistence.max-dimensions=1); every setting, with its meaning, is in conf/default.conf",
        errorOf("persistence.max-dimensions=1"));
    assertTrue(
        errorOf("max-dimension=1").contains("did you mean persistence.max-dimension?"),
        "a key without its section");
    assertTrue(errorOf("inference.batchsize=4").contains("did you mean inference.batch-size?"));
    assertFalse(errorOf("colour=blue").contains("did you mean"));
  }

  @Test
  void aConfFileIsCheckedKeyByKeyAndNamedWithItsLine() throws IOException {
    String unknown = errorOfFile("persistence {\n  max-dimension = 1\n  treshold = 0.5\n}\n");
    assertEquals(
        "setting persistence.treshold: no such setting; did you mean persistence.threshold? (from "
            + tmp.resolve("my.conf")
            + ", line 3); every setting, with its meaning, is in conf/default.conf",
        unknown);
    String wrongType = errorOfFile("attention-topology.comparisons.wasserstein = sometimes\n");
    assertEquals(
        "setting comparisons.wasserstein: \"sometimes\" is not true or false; allowed: true or false (from "
            + tmp.resolve("my.conf")
            + ", line 1)",
        wrongType);
    Path good =
        Files.writeString(
            tmp.resolve("good.conf"),
            "persistence.max-dimension = 0\n"
                + "spark.conf { \"spark.executor.memory\" = \"2g\" }\n");
    RunConfig config = RunConfig.load(good, List.of());
    assertEquals(0, config.persistence.maxDimension());
    assertEquals("2g", config.spark.conf().get("spark.executor.memory"));
  }

  @Test
  void aConfFileMayIncludeFilesButNeverAUrl() throws IOException {
    Files.writeString(tmp.resolve("base.conf"), "persistence.max-dimension = 0\n");
    Path local = Files.writeString(tmp.resolve("local.conf"), "include \"base.conf\"\n");
    assertEquals(0, RunConfig.load(local, List.of()).persistence.maxDimension());
    // Port 9 (discard) on the loopback address: a fetch would be tried and fail quietly, as a
    // missing include does.
    String error = errorOfFile("include url(\"http://127.0.0.1:9/settings.conf\")\n");
    assertTrue(
        error.startsWith(
            "configuration file "
                + tmp.resolve("my.conf")
                + " has `include url(\""
                + "http://127.0.0.1:9/settings.conf\")`: includes may name files only"),
        error);
  }
}

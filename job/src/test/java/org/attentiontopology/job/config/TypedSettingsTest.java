package org.attentiontopology.job.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.attentiontopology.divergence.LogBase;
import org.junit.jupiter.api.Test;

/**
 * The typed sections: their defaults are conf/default.conf's values (read here straight from the
 * file, not through RunConfig), and every enum setting refuses a wrong value naming its key, the
 * allowed values and the nearest one.
 */
class TypedSettingsTest {
  private static final Config DEFAULTS =
      ConfigFactory.parseFile(new File("../conf/default.conf")).getConfig("attention-topology");

  private static String text(String key) {
    return DEFAULTS.getString(key);
  }

  @Test
  void theDefaultsAreThoseOfConfDefaultConf() {
    RunConfig c = RunConfig.defaults();
    assertEquals(List.of(text("model")), c.models);
    assertEquals(text("corpus.format"), c.corpus.format().value());
    assertEquals(text("corpus.id-field"), c.corpus.idField());
    assertEquals(text("corpus.text-field"), c.corpus.textField());
    assertEquals(text("corpus.label-field"), c.corpus.labelField());
    assertEquals(text("corpus.group-field"), c.corpus.groupField());
    assertEquals(text("spark.master"), c.spark.master());
    assertEquals(text("spark.app-name"), c.spark.appName());
    assertEquals(DEFAULTS.getInt("spark.partitions"), c.spark.partitions());
    assertEquals(text("spark.persist"), c.spark.persist());
    assertEquals(
        DEFAULTS.getConfig("spark.conf").entrySet().size(), c.spark.conf().size(), "spark.conf");
    for (Map.Entry<String, String> e : c.spark.conf().entrySet()) {
      assertEquals(DEFAULTS.getString("spark.conf.\"" + e.getKey() + "\""), e.getValue());
    }
    assertEquals(DEFAULTS.getInt("inference.batch-size"), c.inference.batchSize());
    assertEquals(DEFAULTS.getInt("inference.max-length"), c.inference.maxLength());
    assertEquals(text("inference.long-texts"), c.inference.longTexts().value());
    assertEquals(DEFAULTS.getInt("inference.window-overlap"), c.inference.windowOverlap());
    assertEquals(text("inference.work-dir"), c.inference.workDir());
    assertEquals(text("inference.device"), c.inference.device().value());
    assertEquals(text("output.dump-attention"), c.output.dumpAttention());
    assertEquals(DEFAULTS.getBoolean("tokens.keep-special"), c.tokens.keepSpecial());
    assertEquals(LogBase.parse(text("divergence.log-base")), c.divergence.logBase());
    assertEquals(DEFAULTS.getBoolean("divergence.square-root"), c.divergence.squareRoot());
    assertEquals(text("divergence.kernels"), c.divergence.kernels().value());
    assertEquals(text("divergence.head-precision"), c.divergence.headPrecision().value());
    assertEquals(DEFAULTS.getInt("persistence.max-dimension"), c.persistence.maxDimension());
    assertEquals(text("persistence.threshold"), "inf");
    assertEquals(Double.POSITIVE_INFINITY, c.persistence.threshold());
    assertEquals(
        DEFAULTS.getInt("persistence.head-max-dimension"), c.persistence.headMaxDimension());
    assertEquals(DEFAULTS.getInt("token-analysis.top-k"), c.tokenAnalysis.topK());
    assertEquals(DEFAULTS.getBoolean("token-analysis.word-level"), c.tokenAnalysis.wordLevel());
    assertEquals(text("token-analysis.head-importance"), c.tokenAnalysis.headImportance());
    assertEquals(
        DEFAULTS.getDouble("token-analysis.edges-threshold"), c.tokenAnalysis.edgesThreshold());
    assertEquals(DEFAULTS.getInt("report.examples"), c.report.examples());
    assertEquals(text("comparisons.pairs"), c.comparisons.pairs().value());
    assertEquals(text("comparisons.reference"), c.comparisons.reference());
    assertEquals(text("comparisons.pairs-file"), c.comparisons.pairsFile());
    assertEquals(DEFAULTS.getBoolean("comparisons.wasserstein"), c.comparisons.wasserstein());
    assertArrayEquals(
        DEFAULTS.getDoubleList("diagram-stats.betti-thresholds").stream()
            .mapToDouble(Double::doubleValue)
            .toArray(),
        c.diagramStats.bettiThresholds());
  }

  private static String errorOf(String override) {
    return assertThrows(
            IllegalArgumentException.class, () -> RunConfig.load(null, List.of(override)))
        .getMessage();
  }

  @Test
  void everyEnumSettingNamesItsKeyTheAllowedValuesAndTheNearestOne() {
    assertEquals(
        "setting corpus.format: \"jsonn\" is not one of the allowed values; allowed: auto, text,"
            + " jsonl, csv, parquet, arrow; did you mean jsonl? (from --set corpus.format=jsonn)",
        errorOf("corpus.format=jsonn"));
    assertEquals(
        "setting inference.long-texts: \"windows\" is not one of the allowed values; allowed:"
            + " truncate, window; did you mean window? (from --set inference.long-texts=windows)",
        errorOf("inference.long-texts=windows"));
    assertEquals(
        "setting inference.device: \"gpus\" is not one of the allowed values; allowed: cpu, gpu,"
            + " auto; did you mean gpu? (from --set inference.device=gpus)",
        errorOf("inference.device=gpus"));
    assertEquals(
        "setting divergence.kernels: \"fats\" is not one of the allowed values; allowed: fast,"
            + " reference; did you mean fast? (from --set divergence.kernels=fats)",
        errorOf("divergence.kernels=fats"));
    assertEquals(
        "setting divergence.head-precision: \"doubles\" is not one of the allowed values; allowed:"
            + " float, double; did you mean double? (from --set divergence.head-precision=doubles)",
        errorOf("divergence.head-precision=doubles"));
    assertEquals(
        "setting comparisons.pairs: \"groups\" is not one of the allowed values; allowed:"
            + " consecutive, group, reference, file, none; did you mean group? (from --set"
            + " comparisons.pairs=groups)",
        errorOf("comparisons.pairs=groups"));
  }

  @Test
  void anEnumSettingIsReadIntoItsConstant() {
    RunConfig c =
        RunConfig.load(
            null,
            List.of(
                "comparisons.pairs=none",
                "inference.long-texts=window",
                "divergence.kernels=reference",
                "divergence.head-precision=double"));
    assertEquals(ComparisonSettings.Pairs.NONE, c.comparisons.pairs());
    assertEquals(InferenceSettings.LongTexts.WINDOW, c.inference.longTexts());
    assertEquals(false, c.divergence.fastKernels());
    assertEquals(false, c.divergence.singlePrecisionHeads());
  }
}

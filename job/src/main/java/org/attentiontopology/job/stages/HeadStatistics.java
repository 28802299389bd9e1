package org.attentiontopology.job.stages;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.tokens.AttentionDistance;
import org.attentiontopology.tokens.AttentionPatterns;

/**
 * The per-head statistics of the head_stats tables, each declared once with its column name, its
 * meaning and how it is read from one head's attention. The analysed row's struct, both tables'
 * columns, the corpus means and docs/tables.md all iterate this list, so a new statistic is one
 * entry here.
 */
public final class HeadStatistics {
  private HeadStatistics() {}

  /**
   * One head of one example: its attention (rows = attending units) and Clark's and Kushnareva's
   * statistics of it, computed in one pass.
   */
  public record Head(float[][] attention, AttentionPatterns patterns) {}

  /**
   * @param label a few words for the report's menus
   * @param doc one line of markdown for docs/tables.md
   */
  public record Statistic(String name, String label, String doc, ToDoubleFunction<Head> value) {}

  private static final String TEMPLATE =
      "Kushnareva et al. 2021's distance `||A - P||_F / sqrt(||A||_F^2 + ||P||_F^2)` (in [0, 1], 0"
          + " when A = P) to the binary template P with ones ";

  public static final List<Statistic> ALL =
      List.of(
          new Statistic(
              "self",
              "attention to itself",
              "mean attention of a unit to itself, A[i][i] (Clark et al. 2019)",
              h -> h.patterns().self()),
          new Statistic(
              "previous",
              "attention to the previous token",
              "mean A[i][i-1] over rows 1..T-1 (0 when T = 1)",
              h -> h.patterns().previous()),
          new Statistic(
              "next",
              "attention to the next token",
              "mean A[i][i+1] over rows 0..T-2 (0 when T = 1)",
              h -> h.patterns().next()),
          new Statistic(
              "first",
              "attention to the first token ([CLS])",
              "mean attention to position 0 (`[CLS]`/`<s>`)",
              h -> h.patterns().first()),
          new Statistic(
              "separator",
              "attention to [SEP]",
              "mean attention mass on separators (`[SEP]`/`</s>`)",
              h -> h.patterns().separator()),
          new Statistic(
              "punctuation",
              "attention to punctuation",
              "mean attention mass on units made only of punctuation",
              h -> h.patterns().punctuation()),
          new Statistic(
              "entropy",
              "mean row entropy",
              "mean row entropy, in the run's log base",
              h -> h.patterns().entropy()),
          new Statistic(
              "distance_previous",
              "template distance previous",
              TEMPLATE + "at (i, i-1)",
              h -> h.patterns().distancePrevious()),
          new Statistic(
              "distance_current",
              "template distance current",
              TEMPLATE + "on the diagonal",
              h -> h.patterns().distanceCurrent()),
          new Statistic(
              "distance_next",
              "template distance next",
              TEMPLATE + "at (i, i+1)",
              h -> h.patterns().distanceNext()),
          new Statistic(
              "distance_first",
              "template distance first",
              TEMPLATE + "in column 0",
              h -> h.patterns().distanceFirst()),
          new Statistic(
              "distance_separator",
              "template distance separator",
              TEMPLATE + "in the separators' columns",
              h -> h.patterns().distanceSeparator()),
          new Statistic(
              "distance_punctuation",
              "template distance punctuation",
              TEMPLATE + "in the punctuation units' columns",
              h -> h.patterns().distancePunctuation()),
          new Statistic(
              "mean_attention_distance",
              "mean attention distance",
              "attention-weighted mean of |i - j| over the rows, in positions (Dosovitskiy et al."
                  + " 2021, figure 7)",
              h -> AttentionDistance.mean(h.attention())));

  /** The element type of the analysed row's head_stats array: layer, head, then each statistic. */
  public static final StructType STRUCT;

  static {
    StructType s =
        new StructType().add("layer", IntegerType, false).add("head", IntegerType, false);
    for (Statistic stat : ALL) {
      s = s.add(stat.name(), DoubleType, false);
    }
    STRUCT = s;
  }

  public static List<String> names() {
    return ALL.stream().map(Statistic::name).toList();
  }

  /** The statistic called {@code name}'s label, or the name itself for an unknown column. */
  public static String label(String name) {
    return ALL.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .map(Statistic::label)
        .orElse(name);
  }

  /** One head's element of {@link #STRUCT}, its values in the order {@link #ALL} declares them. */
  public static Row row(int layer, int head, Head h) {
    Object[] v = new Object[2 + ALL.size()];
    v[0] = layer;
    v[1] = head;
    for (int i = 0; i < ALL.size(); i++) {
      v[2 + i] = ALL.get(i).value().applyAsDouble(h);
    }
    return RowFactory.create(v);
  }
}

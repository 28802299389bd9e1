package org.attentiontopology.job.stages;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.tokens.AttentionEdges;
import org.attentiontopology.tokens.AttentionPatterns;
import org.attentiontopology.tokens.ReceivedAttention;
import org.attentiontopology.tokens.TokenClasses;
import org.attentiontopology.tokens.TopAttended;
import org.attentiontopology.tokens.WordPooling;

/**
 * Who attends to whom, per example: top-k attended tokens, attention received (per head, summed,
 * and weighted by head importance), Clark et al.'s head statistics with Kushnareva et al.'s
 * template distances, and optionally the sparse attention graph. Always on the attention as the
 * model gives it (special tokens included), or on words when word-level pooling is on.
 */
public final class TokenStatistics {
  /** Settings; {@code importance} is null when heads are not weighted. */
  public record Settings(
      int topK, boolean wordLevel, double[][] importance, float edgeThreshold, LogBase logBase)
      implements Serializable {}

  /**
   * One attending unit's top entries, best first ({@code to_pos[r]} has rank r + 1). Arrays per
   * attending unit rather than a struct per rank: five times fewer objects per example to build,
   * hold and encode (at k = 5, 9,720 instead of 48,600 for MiniLM at 135 tokens); the top_attended
   * table explodes them ({@code TokenTables}).
   */
  public static final StructType TOP =
      new StructType()
          .add("layer", IntegerType, false)
          .add("head", IntegerType, false)
          .add("from_pos", IntegerType, false)
          .add("to_pos", createArrayType(IntegerType, false), false)
          .add("weight", createArrayType(FloatType, false), false);

  /**
   * One head's (or sum's) attention received, by position: {@code received[p]} and {@code share[p]}
   * for unit p. layer = -1 / head = -1 mean summed over layers / heads. Arrays per head for the
   * same reason as {@link #TOP}.
   */
  public static final StructType RECEIVED =
      new StructType()
          .add("layer", IntegerType, false)
          .add("head", IntegerType, false)
          .add("weighted", BooleanType, false)
          .add("received", createArrayType(DoubleType, false), false)
          .add("share", createArrayType(DoubleType, false), false);

  public static final StructType EDGE =
      new StructType()
          .add("layer", IntegerType, false)
          .add("head", IntegerType, false)
          .add("from_pos", IntegerType, false)
          .add("to_pos", IntegerType, false)
          .add("weight", FloatType, false);

  /**
   * The analysed row's token-analysis values for one example (AnalyzedExample declares their
   * columns); {@code edges} is null when no edge threshold is set.
   */
  public record Values(
      String[] units, Row[] topAttended, Row[] received, Row[] headStats, Row[] edges) {}

  /** The values for one example. */
  public static Values of(String[] tokens, float[][][][] attention, Settings s) {
    return of(tokens, attention, s, null);
  }

  /**
   * The same, with the rows' entropies of {@code attention} given ([layer * heads + head][row], in
   * nats, as {@link ExampleAnalysis.Result#rowEntropiesOf} gives them; null to compute them): used
   * for the head statistics' entropy unless rows are pooled into words, the same bits either way.
   */
  public static Values of(
      String[] tokens, float[][][][] attention, Settings s, double[][] rowEntropiesNats) {
    int heads = 0;
    for (float[][][] layer : attention) {
      heads += layer.length;
    }
    if (rowEntropiesNats != null && rowEntropiesNats.length != heads) {
      throw new IllegalArgumentException(
          "row entropies for "
              + rowEntropiesNats.length
              + " heads, the attention has "
              + heads
              + "; pass ExampleAnalysis.Result.rowEntropiesOf(attention) for this very attention, or null");
    }
    String[] units = tokens;
    float[][][][] a = attention;
    if (s.wordLevel()) {
      WordPooling.Style style = WordPooling.Style.detect(tokens);
      int[] wordOf = WordPooling.wordIndexOfToken(tokens, style);
      int words = WordPooling.wordCount(wordOf);
      units = WordPooling.words(tokens, wordOf);
      a = new float[attention.length][][][];
      for (int l = 0; l < attention.length; l++) {
        a[l] = new float[attention[l].length][][];
        for (int h = 0; h < attention[l].length; h++) {
          a[l][h] = WordPooling.pool(attention[l][h], wordOf, words);
        }
      }
    }
    TokenClasses classes = TokenClasses.of(units);
    List<Row> top = new ArrayList<>();
    // The sum over heads (layer = head = -1) first, then the heads, then the weighted sum: the
    // order of the
    // token_attention table's key (weighted, layer, head, position).
    List<Row> received = new ArrayList<>();
    received.add(null);
    List<Row> stats = new ArrayList<>();
    List<Row> edges = s.edgeThreshold() > 0 ? new ArrayList<>() : null;
    // Every statistic of a head is taken while its matrix is in cache; the totals over heads come
    // from the heads'
    // column sums rather than from another pass over the attention.
    double[][][] receivedByHead = new double[a.length][][];
    for (int l = 0; l < a.length; l++) {
      receivedByHead[l] = new double[a[l].length][];
      for (int h = 0; h < a[l].length; h++) {
        float[][] m = a[l][h];
        if (s.topK() > 0) {
          TopAttended.Result r = TopAttended.of(m, s.topK());
          for (int from = 0; from < r.rows(); from++) {
            top.add(RowFactory.create(l, h, from, r.positions()[from], r.weights()[from]));
          }
        }
        receivedByHead[l][h] = ReceivedAttention.received(m);
        received.add(receivedRow(l, h, receivedByHead[l][h], m.length, 1.0, false));
        double[] known =
            rowEntropiesNats == null || s.wordLevel()
                ? null
                : rowEntropiesNats[l * a[l].length + h];
        AttentionPatterns patterns = AttentionPatterns.of(m, classes, s.logBase(), known);
        stats.add(HeadStatistics.row(l, h, new HeadStatistics.Head(m, patterns)));
        if (edges != null) {
          AttentionEdges e = AttentionEdges.of(m, s.edgeThreshold());
          for (int i = 0; i < e.size(); i++) {
            edges.add(RowFactory.create(l, h, e.from()[i], e.to()[i], e.weight()[i]));
          }
        }
      }
    }
    int t = units.length;
    received.set(
        0, receivedRow(-1, -1, ReceivedAttention.received(receivedByHead, null), t, heads, false));
    if (s.importance() != null) {
      double total = 0;
      for (double[] row : s.importance()) {
        for (double w : row) {
          total += w;
        }
      }
      received.add(
          receivedRow(
              -1, -1, ReceivedAttention.received(receivedByHead, s.importance()), t, total, true));
    }
    return new Values(
        units,
        top.toArray(new Row[0]),
        received.toArray(new Row[0]),
        stats.toArray(new Row[0]),
        edges == null ? null : edges.toArray(new Row[0]));
  }

  private static Row receivedRow(
      int layer, int head, double[] received, int rows, double weight, boolean weighted) {
    double[] share = new double[received.length];
    for (int p = 0; p < received.length; p++) {
      share[p] = received[p] / (rows * weight);
    }
    return RowFactory.create(layer, head, weighted, received, share);
  }
}

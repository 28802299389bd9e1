package org.attentiontopology.tokens;

import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.divergence.MixtureEntropy;

/**
 * Attention-pattern statistics of one head on one example.
 *
 * <p><b>Clark et al. 2019</b> ("What Does BERT Look At?"): mean over the rows (attending tokens) i
 * of
 *
 * <ul>
 *   <li>{@code self}: A[i][i];
 *   <li>{@code previous}: A[i][i-1], averaged over rows 1..T-1 (row 0 has no previous token; 0 when
 *       T = 1);
 *   <li>{@code next}: A[i][i+1], averaged over rows 0..T-2 (0 when T = 1);
 *   <li>{@code first}: A[i][0] (the {@code [CLS]} / {@code <s>} position);
 *   <li>{@code separator}: sum of A[i][j] over separator positions j ({@code [SEP]}, {@code </s>});
 *   <li>{@code punctuation}: sum of A[i][j] over punctuation positions j (see {@link
 *       TokenClasses});
 *   <li>{@code entropy}: the row's entropy -sum_j A[i][j] log A[i][j] in the given base (zeros
 *       skipped).
 * </ul>
 *
 * For a row-stochastic matrix the first six lie in [0, 1].
 *
 * <p><b>Kushnareva et al. 2021</b>: distances to binary template matrices P, each T x T:
 * previous-token (P[i][i-1] = 1, i &gt;= 1), current (identity), next (P[i][i+1] = 1, i &lt;= T-2),
 * first-token column (P[i][0] = 1 for all i), separator columns (P[i][j] = 1 for all i and every
 * separator j) and punctuation columns (likewise). d(A, P) = ||A - P||_F / sqrt(||A||_F^2 +
 * ||P||_F^2), and 0 when A and P are both zero. For non-negative A, ||A - P||^2 = ||A||^2 + ||P||^2
 * - 2 &lt;A, P&gt; &lt;= ||A||^2 + ||P||^2, so d is in [0, 1]: 0 exactly when A = P, 1 when A is
 * zero wherever P is one (e.g. a template with no ones, such as the separator template of a text
 * without separators, against any non-zero A).
 *
 * <p>Sums are accumulated in double.
 */
public record AttentionPatterns(
    double self,
    double previous,
    double next,
    double first,
    double separator,
    double punctuation,
    double entropy,
    double distancePrevious,
    double distanceCurrent,
    double distanceNext,
    double distanceFirst,
    double distanceSeparator,
    double distancePunctuation)
    implements java.io.Serializable {

  /**
   * Sum of x^2 over the row in four running sums, combined as (s0 + s1) + (s2 + s3): a fixed order,
   * so the same bits everywhere, and four independent chains of additions instead of one, which a
   * single running sum would make wait on each addition's latency (C2 may not reorder
   * floating-point sums). Over every row of every head that was most of this method's time.
   */
  static double sumOfSquares(float[] row) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < row.length; j += 4) {
      double x0 = row[j];
      double x1 = row[j + 1];
      double x2 = row[j + 2];
      double x3 = row[j + 3];
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
    }
    for (; j < row.length; j++) {
      double x = row[j];
      s0 += x * x;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Statistics of {@code a} (T x T, rows = attending tokens) with tokens classified by {@code
   * classes}.
   */
  public static AttentionPatterns of(float[][] a, TokenClasses classes, LogBase base) {
    return of(a, classes, base, null);
  }

  /**
   * The same, with the rows' entropies in nats given ({@code rowEntropiesNats[i]} for row i, as
   * {@link MixtureEntropy#entropyNats} computes them; null to compute them here): the H0 stage has
   * them for the same rows, and they are the costliest part of this method. The same bits either
   * way.
   */
  public static AttentionPatterns of(
      float[][] a, TokenClasses classes, LogBase base, double[] rowEntropiesNats) {
    int t = Matrices.requireSquare(a, "attention matrix");
    if (rowEntropiesNats != null && rowEntropiesNats.length != t) {
      throw new IllegalArgumentException(
          "row entropies for "
              + rowEntropiesNats.length
              + " rows, attention matrix is "
              + t
              + " x "
              + t);
    }
    if (classes.length() != t) {
      throw new IllegalArgumentException(
          "attention matrix is "
              + t
              + " x "
              + t
              + " but there are "
              + classes.length()
              + " tokens");
    }
    if (t == 0) {
      throw new IllegalArgumentException("attention matrix is empty");
    }
    int[] separators = classes.separatorPositions();
    int[] punctuation = classes.punctuationPositions();

    double self = 0,
        previous = 0,
        next = 0,
        first = 0,
        toSeparator = 0,
        toPunctuation = 0,
        entropyNats = 0;
    double normSquared = 0;
    // For each template: sum of a^2 and of (1 - a)^2 over the template's ones.
    double prevA2 = 0,
        prevD2 = 0,
        curA2 = 0,
        curD2 = 0,
        nextA2 = 0,
        nextD2 = 0,
        firstA2 = 0,
        firstD2 = 0;
    double sepA2 = 0, sepD2 = 0, punA2 = 0, punD2 = 0;
    // Row entropies by the Jensen-Shannon kernels' loop: vectorised, and the same bits everywhere.
    double[] wide = rowEntropiesNats == null ? new double[MixtureEntropy.paddedLength(t)] : null;
    for (int i = 0; i < t; i++) {
      float[] row = a[i];
      normSquared += sumOfSquares(row);
      if (rowEntropiesNats != null) {
        entropyNats += rowEntropiesNats[i];
      } else {
        MixtureEntropy.widen(row, wide);
        entropyNats += MixtureEntropy.entropyNats(wide, MixtureEntropy.supportEnd(row));
      }
      double d = row[i];
      self += d;
      curA2 += d * d;
      curD2 += (1 - d) * (1 - d);
      if (i > 0) {
        double p = row[i - 1];
        previous += p;
        prevA2 += p * p;
        prevD2 += (1 - p) * (1 - p);
      }
      if (i < t - 1) {
        double n = row[i + 1];
        next += n;
        nextA2 += n * n;
        nextD2 += (1 - n) * (1 - n);
      }
      double f = row[0];
      first += f;
      firstA2 += f * f;
      firstD2 += (1 - f) * (1 - f);
      for (int j : separators) {
        double s = row[j];
        toSeparator += s;
        sepA2 += s * s;
        sepD2 += (1 - s) * (1 - s);
      }
      for (int j : punctuation) {
        double s = row[j];
        toPunctuation += s;
        punA2 += s * s;
        punD2 += (1 - s) * (1 - s);
      }
    }
    double rows = t;
    return new AttentionPatterns(
        self / rows,
        t > 1 ? previous / (t - 1) : 0.0,
        t > 1 ? next / (t - 1) : 0.0,
        first / rows,
        toSeparator / rows,
        toPunctuation / rows,
        base.fromNats(entropyNats / rows),
        distance(normSquared, prevA2, prevD2, t - 1),
        distance(normSquared, curA2, curD2, t),
        distance(normSquared, nextA2, nextD2, t - 1),
        distance(normSquared, firstA2, firstD2, t),
        distance(normSquared, sepA2, sepD2, (long) t * separators.length),
        distance(normSquared, punA2, punD2, (long) t * punctuation.length));
  }

  /** Convenience: classifies {@code tokens} first. */
  public static AttentionPatterns of(float[][] a, String[] tokens, LogBase base) {
    return of(a, TokenClasses.of(tokens), base);
  }

  /**
   * d(A, P) from ||A||^2, the sum of a^2 over P's ones, the sum of (1 - a)^2 over P's ones, and
   * ||P||^2 (the number of ones): ||A - P||^2 = ||A||^2 - sum_P a^2 + sum_P (1 - a)^2.
   */
  static double distance(double normSquaredA, double templateA2, double templateD2, long ones) {
    double denominator = normSquaredA + ones;
    if (denominator == 0) {
      return 0.0;
    }
    double numerator = Math.max(0.0, normSquaredA - templateA2 + templateD2);
    return Math.min(1.0, Math.sqrt(numerator / denominator));
  }
}

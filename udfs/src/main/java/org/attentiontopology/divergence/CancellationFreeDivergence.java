package org.attentiontopology.divergence;

/**
 * The Jensen-Shannon divergence summed so that nothing cancels, for rows so close that H(m) - (H(p)
 * + H(q)) / 2 loses its digits: both entropies agree to about the digits the divergence needs, and
 * their rounding (a few ulps of H, about 1e-15 nats) is then a large part of a divergence of 1e-12.
 *
 * <p>Per element, with m = (p + q) / 2 and x = (p - q) / (p + q), the two Kullback-Leibler terms
 * are p log(p / m) + q log(q / m) = m g(x), g(x) = (1 + x) log(1 + x) + (1 - x) log(1 - x), and JS
 * = sum m g(x) / 2. g is even, at least 0 and, for |x| < 1, g(x) = sum over k >= 1 of x^(2k) / (k
 * (2k - 1)): a sum of positive terms with no cancellation, used for |x| <= 1/4 (where it converges
 * by a factor 16 a term). Beyond, the two logarithms cancel by at most a factor 5. Every term of
 * the outer sum is at least 0, so the result is accurate to a few ulps times the number of
 * elements, relative, however close the rows are. Two logarithms per element where |x| > 1/4
 * against one for the entropy form, and none elsewhere; {@link JensenShannonEdges} uses it only
 * where the entropy form's rounding could reach 1e-9 of the divergence.
 *
 * <p>The logarithm is {@link ReproducibleLog} and the loops run in one order, so the bits do not
 * depend on the JVM.
 */
public final class CancellationFreeDivergence {
  private CancellationFreeDivergence() {}

  /**
   * JS(p, q) in nats over elements k < end, of two rows widened to doubles ({@link
   * MixtureEntropy#widen}); never negative, exactly 0 for identical rows.
   */
  public static double divergenceNats(double[] p, double[] q, int end) {
    double sum = 0.0;
    for (int k = 0; k < end; k++) {
      double pk = p[k];
      double qk = q[k];
      double twiceM = pk + qk;
      if (twiceM > 0.0 && pk != qk) {
        sum += twiceM * g(pk, qk, twiceM);
      }
    }
    return 0.25 * sum;
  }

  /** g(x) at x = (p - q) / (p + q), p + q > 0 given; 0 log 0 = 0. */
  static double g(double p, double q, double sum) {
    double x = (p - q) / sum;
    double y = x * x;
    if (y <= 1.0 / 16) {
      // Terms fall by at least y (k (2k - 1) grows), so once a term is below 2^-54 of the sum the
      // rest is too.
      double g = y;
      double power = y;
      for (int k = 2; ; k++) {
        power *= y;
        double term = power / (k * (2.0 * k - 1));
        if (term <= 0x1p-54 * g) {
          return g + term;
        }
        g += term;
      }
    }
    // 1 + |x| and 1 - |x| from p and q directly, each with one rounding, rather than from the
    // rounded x.
    double plus = 2.0 * Math.max(p, q) / sum;
    double minus = 2.0 * Math.min(p, q) / sum;
    double g = plus * ReproducibleLog.log(plus);
    return minus == 0.0 ? g : g + minus * ReproducibleLog.log(minus);
  }
}

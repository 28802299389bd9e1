package org.attentiontopology.diagram;

/**
 * The cost of a matched pair in W_q^q: (distance / scale)^q, capped. Plain doubles overflow (large
 * coordinates or a large q) or underflow to 0 (small distances, large q) where W_q itself is an
 * ordinary number; W_q is homogeneous (W_q(A / s, B / s) = W_q(A, B) / s), so {@link
 * WassersteinDistance} can compute it in units of the bottleneck distance instead, where the
 * optimal sum lies between 1 and the number of points. A pair that costs more than that sum can
 * never be in an optimal matching, so capping every cost at a value above it changes neither the
 * optimum nor its value, and keeps every sum and potential of the solvers finite. The plain form
 * (scale 1, no cap) computes exactly what the solvers computed before it existed.
 */
final class CostPower {
  final double q;
  private final double scale;
  private final double cap;

  CostPower(double q, double scale, double cap) {
    this.q = q;
    this.scale = scale;
    this.cap = cap;
  }

  static CostPower plain(double q) {
    return new CostPower(q, 1, Double.POSITIVE_INFINITY);
  }

  double of(double distance) {
    return Math.min(WassersteinDistance.power(distance / scale, q), cap);
  }
}

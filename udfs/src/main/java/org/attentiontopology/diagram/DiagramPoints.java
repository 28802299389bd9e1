package org.attentiontopology.diagram;

import java.util.Arrays;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * A diagram split the way every matching distance needs it: finite points as parallel birth/death
 * arrays, and the births of the essential points sorted ascending. Essential points can only be
 * matched to essential points, and on a line the order-preserving matching is optimal for every L^p
 * cost, so sorted births are all we keep of them.
 */
final class DiagramPoints {
  final double[] births;
  final double[] deaths;
  final double[] essentialBirths;

  private DiagramPoints(double[] births, double[] deaths, double[] essentialBirths) {
    this.births = births;
    this.deaths = deaths;
    this.essentialBirths = essentialBirths;
  }

  static DiagramPoints of(PersistenceDiagram d) {
    int essential = d.essentialCount();
    int finite = d.size() - essential;
    double[] b = new double[finite];
    double[] e = new double[finite];
    double[] ess = new double[essential];
    int f = 0;
    int k = 0;
    for (int i = 0; i < d.size(); i++) {
      if (d.isEssential(i)) {
        ess[k++] = d.birth(i);
      } else {
        b[f] = d.birth(i);
        e[f] = d.death(i);
        f++;
      }
    }
    Arrays.sort(ess);
    return new DiagramPoints(b, e, ess);
  }

  int finiteCount() {
    return births.length;
  }

  /**
   * Half the persistence: the L-infinity distance from (birth, death) to its projection on the
   * diagonal.
   */
  static double diagonalDistance(double birth, double death) {
    return (death - birth) / 2;
  }

  static double linf(double b1, double d1, double b2, double d2) {
    return Math.max(Math.abs(b1 - b2), Math.abs(d1 - d2));
  }

  static void requireSameDimension(PersistenceDiagram a, PersistenceDiagram b) {
    if (a.dimension() != b.dimension()) {
      throw new IllegalArgumentException(
          "cannot compare a diagram of dimension "
              + a.dimension()
              + " with one of dimension "
              + b.dimension()
              + ": distances are defined per homology dimension; "
              + "pass two diagrams of the same dimension");
    }
  }
}

package org.attentiontopology.diagram;

import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * Persistence images (Adams et al. 2017): a fixed-length vector from a diagram, for tables and BI
 * tools.
 *
 * <p>Each finite bar becomes the point (birth, persistence) with weight equal to its persistence
 * (the linear weight, so bars near the diagonal fade out and the image is stable); the image is the
 * weighted sum of isotropic Gaussians of standard deviation sigma centred on those points,
 * evaluated at pixel centres (no integration over pixels). Pixel (row r, column c), stored at [r *
 * resolution + c], has centre birth = birthMin + (c + 1/2) * (birthMax - birthMin) / resolution and
 * persistence = persistenceMin + (r + 1/2) * (persistenceMax - persistenceMin) / resolution. The
 * Gaussian is normalised (1 / (2 pi sigma^2)). Essential bars are left out.
 *
 * @param birthMin left edge of the birth axis
 * @param birthMax right edge of the birth axis
 * @param persistenceMin bottom edge of the persistence axis
 * @param persistenceMax top edge of the persistence axis
 * @param resolution pixels per side (the vector has resolution^2 entries)
 * @param sigma Gaussian bandwidth, in the diagram's units
 */
public record PersistenceImage(
    double birthMin,
    double birthMax,
    double persistenceMin,
    double persistenceMax,
    int resolution,
    double sigma) {

  public PersistenceImage {
    if (resolution < 1
        || !(birthMax > birthMin)
        || !(persistenceMax > persistenceMin)
        || !(sigma > 0)
        || Double.isInfinite(birthMax - birthMin)
        || Double.isInfinite(persistenceMax - persistenceMin)) {
      throw new IllegalArgumentException(
          "persistence image needs resolution >= 1, finite ranges with min < max and "
              + "sigma > 0; got births ["
              + birthMin
              + ", "
              + birthMax
              + "], persistences ["
              + persistenceMin
              + ", "
              + persistenceMax
              + "], resolution "
              + resolution
              + ", sigma "
              + sigma);
    }
  }

  /**
   * Defaults for Jensen-Shannon distances (base 2, so in [0, 1]): births and persistences on [0,
   * 1], 20 x 20 pixels, sigma 0.05 (one pixel).
   */
  public static PersistenceImage forUnitInterval() {
    return new PersistenceImage(0, 1, 0, 1, 20, 0.05);
  }

  /**
   * The resolution^2 pixel values, row-major with rows along persistence (see the record comment).
   */
  public double[] compute(PersistenceDiagram d) {
    double[] out = new double[resolution * resolution];
    double bw = (birthMax - birthMin) / resolution;
    double pw = (persistenceMax - persistenceMin) / resolution;
    double norm = 1 / (2 * Math.PI * sigma * sigma);
    double inv = 1 / (2 * sigma * sigma);
    for (int i = 0; i < d.size(); i++) {
      if (d.isEssential(i)) {
        continue;
      }
      double b = d.birth(i);
      double p = d.persistence(i);
      double weight = p;
      if (weight == 0) {
        continue;
      }
      for (int r = 0; r < resolution; r++) {
        double dy = persistenceMin + (r + 0.5) * pw - p;
        double gy = Math.exp(-dy * dy * inv);
        for (int c = 0; c < resolution; c++) {
          double dx = birthMin + (c + 0.5) * bw - b;
          out[r * resolution + c] += weight * norm * gy * Math.exp(-dx * dx * inv);
        }
      }
    }
    return out;
  }
}

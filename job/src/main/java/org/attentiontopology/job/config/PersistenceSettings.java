package org.attentiontopology.job.config;

import java.io.Serializable;

/** The {@code persistence} section: which homology, up to which radius. */
public record PersistenceSettings(int maxDimension, double threshold, int headMaxDimension)
    implements Serializable {

  static PersistenceSettings read(SettingReader in) {
    return new PersistenceSettings(
        in.whole("persistence.max-dimension", 0, 2),
        in.numberOrInfinity("persistence.threshold", 0),
        in.whole("persistence.head-max-dimension", 0, 2));
  }
}

package org.attentiontopology.divergence;

/**
 * The base of the logarithm in entropies and divergences. Base 2 keeps the Jensen-Shannon
 * divergence in [0, 1]; base e (nats) is scipy's default and Clark et al.'s.
 */
public enum LogBase {
  TWO(2.0),
  E(Math.E);

  private final double base;

  /** Multiply a value in nats by this to express it in this base. */
  private final double fromNats;

  LogBase(double base) {
    this.base = base;
    this.fromNats = 1.0 / Math.log(base);
  }

  public double base() {
    return base;
  }

  public double fromNats(double nats) {
    return nats * fromNats;
  }

  /** Parses "2", "two", "e", "nats", "bits" (case-insensitive). */
  public static LogBase parse(String s) {
    switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "2":
      case "two":
      case "bits":
        return TWO;
      case "e":
      case "nats":
      case "natural":
        return E;
      default:
        throw new IllegalArgumentException(
            "unknown log base '" + s + "': use 2 (bits) or e (nats)");
    }
  }
}

package org.attentiontopology.job.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.attentiontopology.persistence.ReductionProgress;

/**
 * The reduction's progress as lines on standard error, at most one per interval: a long run says
 * where it is, and a short one says nothing (standard output holds the diagrams). Once a line has
 * been printed, the end of each dimension is printed too.
 */
final class ProgressLines implements ReductionProgress {
  /** The interval of {@code persistence}: long enough that a quick run prints nothing. */
  static final long INTERVAL_NANOS = 10_000_000_000L;

  private final PrintStream out;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final long started;
  private long lastPrinted;
  private boolean printed;

  ProgressLines(PrintStream out) {
    this(out, INTERVAL_NANOS, System::nanoTime);
  }

  /** With its interval and clock given, for tests. */
  ProgressLines(PrintStream out, long intervalNanos, LongSupplier clock) {
    this.out = out;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.started = clock.getAsLong();
    this.lastPrinted = started;
  }

  @Override
  public void reduced(int dimension, long reduced, long columns) {
    long now = clock.getAsLong();
    boolean done = reduced == columns;
    if (now - lastPrinted < intervalNanos && !(done && printed)) {
      return;
    }
    lastPrinted = now;
    printed = true;
    long seconds = (now - started) / 1_000_000_000L;
    out.printf(
        Locale.ROOT,
        "persistence: H%d, %,d of %,d columns reduced (%d%%) after %d min %02d s%n",
        dimension,
        reduced,
        columns,
        columns == 0 ? 100 : 100 * reduced / columns,
        seconds / 60,
        seconds % 60);
    out.flush();
  }
}

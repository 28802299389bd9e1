package org.attentiontopology.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** When the progress lines speak, on a clock the test moves. */
class ProgressLinesTest {
  private static final long SECOND = 1_000_000_000L;

  private long now;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ProgressLines lines =
      new ProgressLines(
          new PrintStream(bytes, true, StandardCharsets.UTF_8), 10 * SECOND, () -> now);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aQuickReductionPrintsNothing() {
    lines.reduced(1, 0, 5000);
    now = 9 * SECOND;
    lines.reduced(1, 4096, 5000);
    lines.reduced(1, 5000, 5000);
    assertEquals("", printed());
  }

  @Test
  void aLongOneSaysWhereItIsOncePerIntervalAndWhenEachDimensionEnds() {
    lines.reduced(1, 0, 31456);
    now = 11 * SECOND;
    lines.reduced(1, 1024, 31456);
    now = 15 * SECOND;
    lines.reduced(1, 2048, 31456); // within the interval of the last line
    now = 125 * SECOND;
    lines.reduced(1, 12288, 31456);
    now = 126 * SECOND;
    lines.reduced(1, 31456, 31456); // the end, printed since lines were
    lines.reduced(2, 0, 7); // a new dimension's start, within the interval
    lines.reduced(2, 7, 7);
    assertEquals(
        String.join(
            System.lineSeparator(),
            "persistence: H1, 1,024 of 31,456 columns reduced (3%) after 0 min 11 s",
            "persistence: H1, 12,288 of 31,456 columns reduced (39%) after 2 min 05 s",
            "persistence: H1, 31,456 of 31,456 columns reduced (100%) after 2 min 06 s",
            "persistence: H2, 7 of 7 columns reduced (100%) after 2 min 06 s",
            ""),
        printed());
  }
}

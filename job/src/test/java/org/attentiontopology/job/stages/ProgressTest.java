package org.attentiontopology.job.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The console's progress: named stages, counts with rate and time left, plain lines for logs. */
class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aCountGivesItsShareRateAndTimeLeft() {
    // 24 of 60 in 10 s: 2.4 a second, and the other 36 take 15 s at that rate.
    assertEquals(
        "24/60 examples (40%), 2.4/s, ~15.0 s left", Progress.line(24, 60, "examples", 10));
    assertEquals("60/60 examples (100%), 3.0/s", Progress.line(60, 60, "examples", 20));
    assertEquals("0/60 examples, 4.0 s", Progress.line(0, 60, "examples", 4));
    assertEquals("2 min 05 s", Progress.time(125));
  }

  @Test
  void plainLinesNameEachStageWithNoCarriageReturnOrEscape() {
    Progress p = new Progress(out, Progress.Style.PLAIN, 5);
    assertEquals(3L, p.table("examples", () -> 3L));
    p.stage("starting Spark", () -> "local[2]", master -> master);
    String[] lines = printed().split("\n", -1);
    assertEquals("writing examples ...", lines[0]);
    assertTrue(lines[1].matches("writing examples: 3 rows, \\d+\\.\\d s"), lines[1]);
    assertEquals("starting Spark ...", lines[2]);
    assertTrue(lines[3].matches("starting Spark: local\\[2\\], \\d+\\.\\d s"), lines[3]);
    assertEquals("", lines[4]);
    assertFalse(printed().contains("\r") || printed().contains("\u001b"), printed());
  }

  @Test
  void aTerminalRedrawsTheLineInPlaceAndEndsIt() {
    Progress p = new Progress(out, Progress.Style.TERMINAL, 5);
    p.stage("reading the corpus", () -> {});
    assertTrue(printed().startsWith("\rreading the corpus: "), printed());
    assertTrue(
        printed().matches("(?s).*\rreading the corpus: \\d+\\.\\d s\u001b\\[K\n"), printed());
  }

  @Test
  void aRunningCountedStagePrintsPlainLinesAsItMoves() throws Exception {
    Progress p = new Progress(out, Progress.Style.PLAIN, 0.2);
    AtomicLong done = new AtomicLong();
    p.counted(
        "analysing with m",
        "examples",
        10,
        done::get,
        () -> {
          done.set(4);
          // The work waits for the running line rather than for a time: no line, no end (the test
          // times out).
          long deadline = System.nanoTime() + 20_000_000_000L;
          while (!printed().contains("analysing with m: 4/10 examples (40%)")
              && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          done.set(10);
          return null;
        });
    String[] lines = printed().split("\n");
    assertEquals("analysing with m ...", lines[0]);
    assertTrue(
        lines[1].matches("analysing with m: 4/10 examples \\(40%\\), \\d+\\.\\d/s, ~.* left"),
        printed());
    assertTrue(
        lines[lines.length - 1].matches(
            "analysing with m: 10 examples, \\d+\\.\\d/s, \\d+\\.\\d s"),
        printed());
  }

  @Test
  void aFailedStageSaysSoAndTheErrorGoesOn() {
    Progress p = new Progress(out, Progress.Style.PLAIN, 5);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                p.stage(
                    "writing x",
                    () -> {
                      throw new IllegalStateException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertTrue(
        printed().matches("writing x \\.\\.\\.\nwriting x: failed after \\d+\\.\\d s\n"),
        printed());
  }

  @Test
  void theStyleIsPlainOffATerminalOrWhenAsked() {
    assertEquals(Progress.Style.PLAIN, Progress.style("auto", false));
    assertEquals(Progress.Style.TERMINAL, Progress.style("auto", true));
    assertEquals(Progress.Style.PLAIN, Progress.style("plain", true));
    assertEquals(Progress.Style.TERMINAL, Progress.style("terminal", false));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Progress.style("plian", true));
    assertTrue(e.getMessage().contains("did you mean plain?"), e.getMessage());
  }
}

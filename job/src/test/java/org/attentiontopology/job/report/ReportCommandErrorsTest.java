package org.attentiontopology.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentiontopology.job.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes of the user's making get one line that names the input and the fix, and exit code 2. */
class ReportCommandErrorsTest {
  @TempDir Path tmp;

  private static String run(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, Main.execute(args));
    } finally {
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aDirectoryWithoutTheRunTableIsNotAFinishedRun() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("half-run").resolve("examples"));
    String err = run("report", dir.getParent().toString());
    assertTrue(
        err.contains(
            "error: "
                + dir.getParent()
                + " is not a run directory of attention-topology: pass a "
                + "folder written by `attention-topology run`"),
        err);
  }

  @Test
  void aMissingDirectoryIsNamed() {
    String err = run("report", tmp.resolve("nowhere").toString());
    assertTrue(
        err.contains("error: run directory " + tmp.resolve("nowhere") + " does not exist"), err);
  }

  @Test
  void examplesMustBePositive() {
    String err = run("report", tmp.toString(), "--examples", "0");
    assertTrue(err.contains("error: --examples must be at least 1, got 0"), err);
  }
}

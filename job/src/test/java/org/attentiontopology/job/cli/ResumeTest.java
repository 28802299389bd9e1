package org.attentiontopology.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.attentiontopology.job.cli.CommandLineTest.Outcome;
import org.attentiontopology.job.tables.OutputFolder;
import org.attentiontopology.job.tables.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL at several stages and started again with the same command resumes: it
 * keeps what the killed attempt committed (analysed partitions, finished tables), says so, and
 * writes the tables an uninterrupted run writes; an append killed midway leaves the run as it was
 * before the append, which readers keep seeing, until the rerun publishes it.
 */
@org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
class ResumeTest {
  @TempDir static Path tmp;
  static Path corpus;
  static Path second;
  static Path reference;

  static List<String> args(Path corpusFile, Path out, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "run",
                "--corpus",
                corpusFile.toString(),
                "--out",
                out.toString(),
                "--model",
                "tiny-gpt2",
                "--partitions",
                "6",
                "--progress",
                "plain",
                "--set",
                "spark.master=local[1]",
                "--set",
                "inference.work-dir=" + tmp.resolve("work")));
    a.addAll(List.of(more));
    return a;
  }

  @BeforeAll
  static void uninterrupted() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      lines.add("line number " + i + " of a corpus that is killed " + "and resumed ".repeat(i % 4));
    }
    corpus = Files.write(tmp.resolve("c.txt"), lines);
    second =
        Files.write(tmp.resolve("d.txt"), List.of("a second batch", "with three", "lines in it"));
    reference = tmp.resolve("reference");
    Outcome r = CommandLineTest.run(args(corpus, reference).toArray(String[]::new));
    assertEquals(0, r.code(), r.out() + r.err());
  }

  /** Starts the command in a child JVM and kills it (SIGKILL) once {@code when} holds. */
  static void killWhen(List<String> command, BooleanSupplier when) throws Exception {
    killWhen(command, when, tmp);
  }

  /**
   * Runs the command in a child JVM to its end (as a scheduler would), with its output in {@code
   * logs}: code, output.
   */
  static Outcome inChild(List<String> command, Path logs) throws Exception {
    Path log = Files.createTempFile(logs, "child", ".log");
    Process child =
        new ProcessBuilder(ChildCli.command(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!child.waitFor(10, TimeUnit.MINUTES)) {
      child.destroyForcibly().waitFor();
    }
    return new Outcome(child.exitValue(), Files.readString(log), Files.readString(log));
  }

  /** The same, with the child's log in {@code logs}. */
  static void killWhen(List<String> command, BooleanSupplier when, Path logs) throws Exception {
    List<String> java = ChildCli.command(command);
    Path log = Files.createTempFile(logs, "child", ".log");
    Process child =
        new ProcessBuilder(java).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!when.getAsBoolean() && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(child.isAlive(), "the run ended before the kill:\n" + Files.readString(log));
    child.destroyForcibly().waitFor();
  }

  static boolean exists(Path root, String glob) {
    if (!Files.exists(root)) {
      return false;
    }
    var matcher = root.getFileSystem().getPathMatcher("glob:" + glob);
    try (Stream<Path> s = Files.walk(root)) {
      return s.anyMatch(p -> matcher.matches(root.relativize(p)));
    } catch (Exception e) {
      return false; // the folder changes while it is walked
    }
  }

  static Path staging(Path out) {
    return Path.of(RunDirectory.folder(out.toString(), new Configuration()).staging().toString());
  }

  static void assertSameTables(Path expected, Path actual) {
    Outcome same =
        CommandLineTest.run("compare", "--tolerance", "0", expected.toString(), actual.toString());
    assertEquals(0, same.code(), same.out() + same.err());
  }

  @Test
  void killedDuringTheAnalysisItKeepsTheFinishedPartitions() throws Exception {
    Path out = tmp.resolve("killed-analysing");
    killWhen(
        args(corpus, out),
        () -> exists(staging(out), "_analysis/*/*/_temporary/0/task_*/part-*.parquet"));
    assertFalse(Files.exists(out), "a killed run leaves no --out");
    Outcome again = CommandLineTest.run(args(corpus, out).toArray(String[]::new));
    assertEquals(0, again.code(), again.out() + again.err());
    assertTrue(again.out().contains("resuming: the analysis of"), again.out());
    assertFalse(again.out().contains("(6 of 6 partitions)"), again.out());
    assertSameTables(reference, out);
  }

  @Test
  void killedWhileWritingTablesItKeepsTheAnalysisAndTheFinishedTables() throws Exception {
    Path out = tmp.resolve("killed-writing");
    killWhen(args(corpus, out), () -> exists(staging(out), "token_diagrams/*/_SUCCESS"));
    assertEquals(
        OutputFolder.State.UNFINISHED,
        RunDirectory.folder(out.toString(), new Configuration())
            .state(new org.apache.hadoop.fs.Path(staging(out).toUri())));
    Outcome again = CommandLineTest.run(args(corpus, out).toArray(String[]::new));
    assertEquals(0, again.code(), again.out() + again.err());
    assertTrue(again.out().contains("(6 of 6 partitions)"), again.out());
    assertTrue(again.out().contains("token_diagrams/model=tiny-gpt2"), again.out());
    assertSameTables(reference, out);
    assertFalse(Files.exists(staging(out)));
    assertFalse(Files.exists(out.resolve("_analysis")), "the analysis is not published");
  }

  @Test
  void anAppendKilledMidwayLeavesTheRunAsItWasUntilItsRerun() throws Exception {
    Path expected = tmp.resolve("appended-uninterrupted");
    Path out = tmp.resolve("appended-killed");
    for (Path p : List.of(expected, out)) {
      Outcome first = CommandLineTest.run(args(corpus, p).toArray(String[]::new));
      assertEquals(0, first.code(), first.out() + first.err());
    }
    Outcome append = CommandLineTest.run(args(second, expected, "--append").toArray(String[]::new));
    assertEquals(0, append.code(), append.out() + append.err());

    killWhen(args(second, out, "--append"), () -> exists(staging(out), "diagram_stats/*/_SUCCESS"));
    // Readers see the run's committed batch only.
    assertSameTables(reference, out);
    Outcome sql =
        CommandLineTest.run("sql", out.toString(), "SELECT count(*) * 1000 + 7 AS n FROM run");
    assertEquals(0, sql.code(), sql.out() + sql.err());
    assertTrue(sql.out().contains("1007"), sql.out());

    Outcome again = CommandLineTest.run(args(second, out, "--append").toArray(String[]::new));
    assertEquals(0, again.code(), again.out() + again.err());
    assertTrue(again.out().contains("resuming"), again.out());
    assertSameTables(expected, out);
    assertFalse(new File(staging(out).toString()).exists());
  }
}

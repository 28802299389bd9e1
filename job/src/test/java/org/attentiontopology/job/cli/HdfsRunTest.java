package org.attentiontopology.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.attentiontopology.job.cli.CommandLineTest.Outcome;
import org.attentiontopology.job.tables.OutputFolder;
import org.attentiontopology.job.tables.RunDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool on a real HDFS (Hadoop's MiniDFSCluster, one name node and one data node in a child
 * JVM): the corpus is read from hdfs://, the run is written there, published by renames on HDFS,
 * read back by the sql command, and its tables equal those of the same run on the local disk.
 */
@org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
class HdfsRunTest {
  @TempDir static Path tmp;
  static HdfsServer hdfs;
  static FileSystem fs;

  @BeforeAll
  static void start() throws Exception {
    hdfs = HdfsServer.start(tmp);
    fs = new org.apache.hadoop.fs.Path(hdfs.uri()).getFileSystem(new Configuration());
  }

  @AfterAll
  static void stop() throws Exception {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  static String put(String name, String text) throws Exception {
    Path local = Files.writeString(tmp.resolve(name), text);
    org.apache.hadoop.fs.Path remote =
        new org.apache.hadoop.fs.Path(hdfs.uri() + "/corpus/" + name);
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), remote);
    return remote.toString();
  }

  static Outcome run(String corpus, String out, String... more) {
    String[] base = {
      "run",
      "--corpus",
      corpus,
      "--out",
      out,
      "--model",
      "tiny-gpt2",
      "--set",
      "inference.work-dir=" + tmp.resolve("work")
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    try {
      // Each run in a JVM of its own, as a scheduler starts it.
      return ResumeTest.inChild(List.of(args), tmp);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean exists(String glob) {
    try {
      org.apache.hadoop.fs.FileStatus[] found = fs.globStatus(new org.apache.hadoop.fs.Path(glob));
      return found != null && found.length > 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void aRunReadsItsCorpusFromHdfsPublishesItsTablesThereAndTakesAnAppendKilledAndResumed()
      throws Exception {
    String corpus = put("c.txt", "the cat sat.\nA tiny model.\nthe end\nof the corpus\n");
    String batch = put("d.txt", "a second batch\nof three\nlines\n");
    String out = hdfs.uri() + "/runs/first";
    Outcome first = run(corpus, out);
    assertEquals(0, first.code(), first.out() + first.err());
    OutputFolder folder = RunDirectory.folder(out, new Configuration());
    assertEquals(OutputFolder.State.FINISHED, folder.state());
    assertFalse(fs.exists(folder.staging()), "the staging folder is renamed into place");

    Outcome again = run(corpus, out);
    assertEquals(2, again.code(), again.out() + again.err());
    assertTrue(again.out().contains("already exists"), again.out());

    // An append killed while it writes its tables on HDFS, then the same command again.
    List<String> append =
        List.of(
            "run",
            "--corpus",
            batch,
            "--out",
            out,
            "--model",
            "tiny-gpt2",
            "--append",
            "--set",
            "inference.work-dir=" + tmp.resolve("work"));
    ResumeTest.killWhen(append, () -> exists(folder.staging() + "/token_diagrams/*/_SUCCESS"), tmp);
    Outcome resumed = ResumeTest.inChild(append, tmp);
    assertEquals(0, resumed.code(), resumed.out());
    assertTrue(resumed.out().contains("resuming"), resumed.out());
    Outcome twice = ResumeTest.inChild(append, tmp);
    assertEquals(0, twice.code(), twice.out() + twice.err());
    assertTrue(twice.out().contains("nothing to append"), twice.out());

    Outcome sql =
        CommandLineTest.run(
            "sql", "--engine", "spark", out, "SELECT count(*) * 1000 + 7 AS n FROM examples");
    assertEquals(0, sql.code(), sql.out() + sql.err());
    assertTrue(sql.out().contains("7007"), sql.out());
    Outcome duck = CommandLineTest.run("sql", out, "SELECT count(*) FROM examples");
    assertEquals(2, duck.code(), duck.out() + duck.err());
    assertTrue(duck.err().contains("--engine spark"), duck.err());

    Path local = tmp.resolve("local-run");
    Outcome localRun = run(tmp.resolve("c.txt").toString(), local.toString());
    assertEquals(0, localRun.code(), localRun.out() + localRun.err());
    Outcome localAppend = run(tmp.resolve("d.txt").toString(), local.toString(), "--append");
    assertEquals(0, localAppend.code(), localAppend.out() + localAppend.err());
    // Every table equal, the run id included; the examples differ only in their source, the
    // corpus file's URI.
    Outcome same = CommandLineTest.run("compare", local.toString(), out);
    String report = same.out() + same.err();
    assertTrue(report.contains("compared "), report);
    List<String> differences = report.lines().filter(l -> l.startsWith("table ")).toList();
    assertEquals(
        List.of(
            "table examples: 7 rows of A and 7 rows of B match nothing on the other side, even with"
                + " relative tolerance 1.0E-9"),
        differences,
        report);
    String everythingButSource =
        "SELECT sum(hash(example_id, ordinal, window, text, n_tokens, tokens, kept_positions))"
            + " AS h FROM examples";
    Outcome hdfsRows = CommandLineTest.run("sql", "--engine", "spark", out, everythingButSource);
    Outcome localRows =
        CommandLineTest.run("sql", "--engine", "spark", local.toString(), everythingButSource);
    assertEquals(0, hdfsRows.code(), hdfsRows.err());
    assertEquals(localRows.out(), hdfsRows.out());
  }
}

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
    return CommandLineTest.run(args);
  }

  @Test
  void aRunReadsItsCorpusFromHdfsAndPublishesItsTablesThere() throws Exception {
    String text = "the cat sat.\nA tiny model.\nthe end\nof the corpus\n";
    String corpus = put("c.txt", text);
    String out = hdfs.uri() + "/runs/first";
    Outcome first = run(corpus, out);
    assertEquals(0, first.code(), first.out() + first.err());

    OutputFolder folder = RunDirectory.folder(out, new Configuration());
    assertEquals(OutputFolder.State.FINISHED, folder.state());
    assertFalse(fs.exists(folder.staging()), "the staging folder is renamed into place");

    Outcome again = run(corpus, out);
    assertEquals(2, again.code(), again.out() + again.err());
    assertTrue(again.err().contains("already exists"), again.err());

    Outcome sql =
        CommandLineTest.run("sql", "--engine", "spark", out, "SELECT count(*) AS n FROM examples");
    assertEquals(0, sql.code(), sql.out() + sql.err());
    assertTrue(sql.out().contains("4"), sql.out());
    Outcome duck = CommandLineTest.run("sql", out, "SELECT count(*) FROM examples");
    assertEquals(2, duck.code(), duck.out() + duck.err());
    assertTrue(duck.err().contains("--engine spark"), duck.err());

    Path localCorpus = tmp.resolve("c.txt");
    Path local = tmp.resolve("local-run");
    Outcome localRun = run(localCorpus.toString(), local.toString());
    assertEquals(0, localRun.code(), localRun.out() + localRun.err());
    // Every table equal, the run id included; the examples differ only in their source, the
    // corpus file's URI.
    Outcome same = CommandLineTest.run("compare", local.toString(), out);
    String report = same.out() + same.err();
    assertTrue(report.contains("compared "), report);
    List<String> differences = report.lines().filter(l -> l.startsWith("table ")).toList();
    assertEquals(
        List.of(
            "table examples: 4 rows of A and 4 rows of B match nothing on the other side, even with relative tolerance 1.0E-9"),
        differences,
        report);
    List<String> rows =
        report
            .lines()
            .filter(line -> line.contains("examples, only in"))
            .map(HdfsRunTest::withoutSource)
            .toList();
    assertEquals(8, rows.size(), report);
    assertEquals(
        rows.stream().filter(row -> row.startsWith("A")).sorted().toList(),
        rows.stream()
            .filter(r -> r.startsWith("B"))
            .map(r -> "A" + r.substring(1))
            .sorted()
            .toList(),
        report);
  }

  /** "A: {row}" or "B: {row}" with the source column left out. */
  private static String withoutSource(String line) {
    String side = line.contains("only in A") ? "A" : "B";
    return side + line.substring(line.indexOf('{')).replaceAll("\"source\":\"[^\"]*\",", "");
  }
}

package org.attentiontopology.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's contract: help, clear errors for the user's mistakes, Ripser-compatible
 * output.
 */
class CommandLineTest {
  @TempDir Path tmp;

  record Outcome(int code, String out, String err) {}

  static Outcome run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void runHelpExplainsEveryOption() {
    Outcome o = run("run", "--help");
    assertEquals(0, o.code());
    for (String option :
        new String[] {
          "--corpus", "--out", "--model", "--partitions", "--conf", "--set", "--overwrite"
        }) {
      assertTrue(o.out().contains(option), option + " in:\n" + o.out());
    }
  }

  @Test
  void anUnknownModelStopsAtOnceNamingItAndTheChoices() throws Exception {
    Path corpus = Files.writeString(tmp.resolve("c.txt"), "A sentence.\n");
    Outcome o =
        run(
            "run",
            "--corpus",
            corpus.toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--model",
            "no-such-model");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("no-such-model") && o.err().contains("all-minilm-l6-v2"), o.err());
    assertTrue(!Files.exists(tmp.resolve("out")), "nothing is written");
  }

  @Test
  void aModelWhoseGraphDisagreesWithItsSpecStopsTheRunWithOneLineNamingTheSetting()
      throws Exception {
    String spec;
    try (var in = CommandLineTest.class.getResourceAsStream("/models/tiny-longformer.conf")) {
      spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // The bundled graph has a window of 4; a spec claiming 8 fails its probe inference on the
    // executor.
    Path wrong =
        Files.writeString(
            tmp.resolve("wrong-window.conf"),
            spec.replaceAll("(?m)^attention_window = .*$", "attention_window = 8"));
    Path corpus = Files.writeString(tmp.resolve("c.txt"), "A sentence.\nAnother one.\n");
    Outcome o =
        run(
            "run",
            "--corpus",
            corpus.toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--model",
            wrong.toString(),
            "--set",
            "inference.work-dir=" + tmp.resolve("work"));
    assertEquals(2, o.code(), o.err());
    String error = o.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
    assertTrue(
        error.contains("tiny-longformer") && error.contains("attention_window = 8"), o.err());
  }

  @Test
  void aRunAndItsReportNameEveryStageInPlainLines() throws Exception {
    Path corpus =
        Files.writeString(tmp.resolve("c.txt"), "A sentence.\nAnother one.\nA third sentence.\n");
    Outcome o =
        run(
            "run",
            "--corpus",
            corpus.toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--model",
            "tiny-gpt2",
            "--progress",
            "plain",
            "--set",
            "inference.work-dir=" + tmp.resolve("work"));
    assertEquals(0, o.code(), o.err());
    assertTrue(
        o.out().startsWith("starting Spark ...\n"), "nothing before the first stage:\n" + o.out());
    String[] ends = {
      "starting Spark: local",
      "opening the corpus: ",
      "reading the corpus: 3 examples, ",
      "loading tiny-gpt2: ",
      "analysing with tiny-gpt2: 3 examples, ",
      "sorting the examples by id: ",
      "writing examples: 3 rows, ",
      "writing errors: 0 rows, ",
      "writing token_diagrams: ",
      "writing diagram_stats: ",
      "writing barcode_features: ",
      "writing token_distances: ",
      "writing top_attended: ",
      "writing token_attention: ",
      "writing head_stats: ",
      "writing head_stats_corpus: ",
      "adding up the head distances: ",
      "writing head_distances: ",
      "writing head_diagrams: ",
      "writing diagram_distances (consecutive pairs): ",
      "writing the run table: "
    };
    int at = 0;
    for (String end : ends) {
      int found = o.out().indexOf("\n" + end, at);
      assertTrue(found >= 0, "'" + end + "' after the stages before it:\n" + o.out());
      at = found + 1;
    }
    assertTrue(
        !o.out().contains("\r") && !o.out().contains("\u001b"), "plain lines only:\n" + o.out());

    Outcome report = run("report", tmp.resolve("out").toString(), "--progress", "plain");
    assertEquals(0, report.code(), report.err());
    String page = tmp.resolve("out/report/index.html").toString();
    assertTrue(
        report
            .out()
            .matches(
                "(?s)starting Spark \\.\\.\\.\nstarting Spark: [0-9.]+ s\n"
                    + "writing the report \\.\\.\\.\n.*writing the report: "
                    + java.util.regex.Pattern.quote(page)
                    + ", [0-9.]+ s\n.*"),
        report.out());
  }

  @Test
  void aMissingCorpusStopsAtOnceNamingThePath() {
    Path missing = tmp.resolve("nowhere.txt");
    Outcome o = run("run", "--corpus", missing.toString(), "--out", tmp.resolve("out").toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains(missing.toString()) && o.err().contains("does not exist"), o.err());
  }

  @Test
  void anUnknownSettingIsNamed() throws Exception {
    Path corpus = Files.writeString(tmp.resolve("c.txt"), "A sentence.\n");
    Outcome o =
        run(
            "run",
            "--corpus",
            corpus.toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--set",
            "persistence.max-dimensions=3");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("persistence.max-dimensions"), o.err());
  }

  @Test
  void persistencePrintsRipsersTextFormOfAHandWorkedSquare() throws Exception {
    // A square with sides 1 and diagonals 2: H0 merges at 1 (three times), one H1 bar [1, 2).
    Path m = Files.writeString(tmp.resolve("square.ldm"), "1\n2,1\n1,2,1\n");
    Outcome o =
        run("persistence", "--matrix", m.toString(), "--format", "lower-distance", "--maxdim", "1");
    assertEquals(0, o.code(), o.err());
    assertEquals(
        "persistence intervals in dim 0:\n [0.0,1.0)\n [0.0,1.0)\n [0.0,1.0)\n [0.0, )\n"
            + "persistence intervals in dim 1:\n [1.0,2.0)\n",
        o.out());
  }

  @Test
  void persistenceNamesAMissingMatrix() {
    Outcome o = run("persistence", "--matrix", tmp.resolve("none.ldm").toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("none.ldm"), o.err());
  }

  @Test
  void bottleneckOfHandWorkedDiagrams() throws Exception {
    // A = {[0, 4), [0, inf)}, B = {[0, 3), [1, 2), [0, inf)}: match [0,4) with [0,3) at 1, [1,2) to
    // the diagonal
    // at 0.5, the essential bars at 0: the bottleneck distance is 1. W_1 = 1 + 0.5 = 1.5.
    Path a = Files.writeString(tmp.resolve("a.txt"), "# H0\n0 4\n0 inf\n");
    Path b = Files.writeString(tmp.resolve("b.txt"), "0 3\n1 2\n\n0 inf\n");
    Outcome o = run("bottleneck", a.toString(), b.toString(), "--dim", "0", "--wasserstein", "1");
    assertEquals(0, o.code(), o.err());
    assertEquals("1.0\nwasserstein_1.0 1.5\n", o.out());
  }

  @Test
  void bottleneckIsInfiniteWhenEssentialCountsDiffer() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.txt"), "0 inf\n0 inf\n");
    Path b = Files.writeString(tmp.resolve("b.txt"), "0 inf\n");
    Outcome o = run("bottleneck", a.toString(), b.toString());
    assertEquals(0, o.code(), o.err());
    assertEquals("inf\n", o.out());
  }

  @Test
  void bottleneckNamesAMalformedLine() throws Exception {
    Path a = Files.writeString(tmp.resolve("bad.txt"), "0 1\n0 one\n");
    Path b = Files.writeString(tmp.resolve("b.txt"), "0 1\n");
    Outcome o = run("bottleneck", a.toString(), b.toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("bad.txt") && o.err().contains("2"), o.err());
  }

  @Test
  void modelsLoadsEachSpecAndReportsTheBrokenOne() throws Exception {
    Path broken =
        Files.writeString(
            tmp.resolve("broken.conf"),
            "name = broken\nkind = decoder\n"
                + "onnx = missing.onnx\ntokenizer = missing.json\nmax_length = 8\n");
    Outcome o =
        run(
            "models",
            "tiny-gpt2",
            "tiny-vit",
            "tiny-longformer",
            broken.toString(),
            "--work-dir",
            tmp.resolve("work").toString());
    assertEquals(1, o.code(), o.out() + o.err());
    String[] lines = o.out().split("\n");
    assertTrue(lines[1].matches("tiny-gpt2\\s+decoder\\s+2 x 2\\s+64\\s+OK"), lines[1]);
    assertTrue(lines[2].matches("tiny-vit\\s+vision\\s+2 x 2\\s+17\\s+OK"), lines[2]);
    assertTrue(lines[3].matches("tiny-longformer\\s+longformer\\s+2 x 2\\s+64\\s+OK"), lines[3]);
    assertTrue(
        lines[4].startsWith("broken")
            && lines[4].contains("ERROR: tokenizer of model 'broken' is missing"),
        lines[4]);
  }

  @Test
  void sqlSeesTablesWrittenPerModelPartitionAndTheDiagramFunctions() throws Exception {
    Path run = tmp.resolve("run");
    org.apache.spark.sql.SparkSession spark =
        org.apache.spark.sql.SparkSession.builder()
            .master("local[1]")
            .appName("CommandLineTest")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      org.attentiontopology.job.tables.RunDirectory dir =
          org.attentiontopology.job.tables.RunDirectory.create(spark, run.toString(), "r1", false);
      for (String model : new String[] {"m1", "m2"}) {
        dir.write(
            model,
            org.attentiontopology.job.tables.ExampleTables.TOKEN_DIAGRAMS,
            java.util.List.of(
                org.apache.spark.sql.RowFactory.create(
                    "x",
                    0,
                    0,
                    0,
                    2,
                    1,
                    new org.apache.spark.sql.Row[] {
                      org.apache.spark.sql.RowFactory.create(0.0, 0.5),
                      org.apache.spark.sql.RowFactory.create(0.0, null)
                    })));
      }
      dir.publish();
    } finally {
      spark.stop();
    }
    Outcome o =
        run(
            "sql",
            run.toString(),
            "SELECT model, bar_count(bars) AS n, total_persistence(bars) AS t "
                + "FROM token_diagrams ORDER BY model");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("|m1   |2  |0.5|") && o.out().contains("|m2   |2  |0.5|"), o.out());
  }
}

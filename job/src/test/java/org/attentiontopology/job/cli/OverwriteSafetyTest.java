package org.attentiontopology.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.attentiontopology.job.cli.CommandLineTest.Outcome;
import org.attentiontopology.job.tables.OutputFolder;
import org.attentiontopology.job.tables.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `run --overwrite` through the command line: it never deletes what the tool did not write, and a
 * run that fails (here on a setting that is checked against the corpus) leaves the previous
 * complete run as it was.
 */
class OverwriteSafetyTest {
  @TempDir Path tmp;

  @Test
  void aCorpusAndNotesInsideOutSurviveOverwrite() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("study"));
    Path corpus = Files.writeString(out.resolve("corpus.txt"), "A sentence.\nAnother one.\n");
    Path notes = Files.writeString(out.resolve("notes.md"), "# my notes\n");
    Outcome o =
        CommandLineTest.run(
            "run", "--corpus", corpus.toString(), "--out", out.toString(), "--overwrite");
    assertEquals(2, o.code(), o.out() + o.err());
    assertTrue(o.err().contains("lies inside --out"), o.err());
    Path elsewhere = Files.writeString(tmp.resolve("c.txt"), "A sentence.\n");
    o =
        CommandLineTest.run(
            "run", "--corpus", elsewhere.toString(), "--out", out.toString(), "--overwrite");
    assertEquals(2, o.code(), o.out() + o.err());
    assertTrue(
        o.err().contains("is not an attention-topology run folder: nothing was deleted"), o.err());
    assertEquals("# my notes\n", Files.readString(notes));
    assertEquals("A sentence.\nAnother one.\n", Files.readString(corpus));
  }

  @Test
  void aFailingOverwriteKeepsThePreviousRunAndLeavesNothingBehind() throws Exception {
    Path out = tmp.resolve("run");
    OutputFolder folder = RunDirectory.folder(out.toString(), new Configuration());
    Path staging = Path.of(folder.begin("previous").toString());
    Path part =
        Files.createDirectories(staging.resolve("run").resolve("model=m"))
            .resolve("part-00000.parquet");
    Files.writeString(part, "the previous run");
    folder.publish("previous");

    Path corpus = Files.writeString(tmp.resolve("c.txt"), "A sentence.\nAnother one.\n");
    Outcome o =
        CommandLineTest.run(
            "run",
            "--corpus",
            corpus.toString(),
            "--out",
            out.toString(),
            "--overwrite",
            "--set",
            "comparisons.pairs=reference",
            "--set",
            "comparisons.reference=no-such-example");
    assertEquals(2, o.code(), o.out() + o.err());
    assertTrue(
        o.err()
            .contains(
                "comparisons.reference names example 'no-such-example', which is not in the "
                    + "corpus"),
        o.err());
    assertEquals(
        "the previous run",
        Files.readString(out.resolve("run").resolve("model=m").resolve("part-00000.parquet")));
    assertEquals(OutputFolder.State.FINISHED, folder.state());
    assertFalse(Files.exists(staging), "the failed attempt's staging folder is removed");
  }

  @Test
  void anAttentionDumpReplacesAnEarlierDumpWholeAndRefusesOtherFolders() throws Exception {
    Path corpus = Files.writeString(tmp.resolve("c.txt"), "the cat sat.\nA tiny model.\nthe end\n");
    Path dump = Files.createDirectories(tmp.resolve("dump"));
    // An earlier dump from a run with more partitions: six files, of which the new run writes only
    // two.
    for (int p = 0; p < 6; p++) {
      Files.writeString(dump.resolve(String.format("attention-%05d.arrow", p)), "stale");
    }
    String[] run = {
      "run",
      "--corpus",
      corpus.toString(),
      "--model",
      "tiny-gpt2",
      "--partitions",
      "2",
      "--set",
      "inference.work-dir=" + tmp.resolve("work"),
      "--dump-attention",
      dump.toString()
    };
    Outcome o = CommandLineTest.run(concat(run, "--out", tmp.resolve("r1").toString()));
    assertEquals(2, o.code(), o.out() + o.err());
    assertTrue(o.err().contains(dump + " already exists"), o.err());

    o = CommandLineTest.run(concat(run, "--out", tmp.resolve("r1").toString(), "--overwrite"));
    assertEquals(0, o.code(), o.out() + o.err());
    java.util.List<String> files;
    try (var list = Files.list(dump)) {
      files =
          list.map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".arrow"))
              .sorted()
              .toList();
    }
    assertEquals(java.util.List.of("attention-00000.arrow", "attention-00001.arrow"), files);
    for (String f : files) {
      assertFalse(
          Files.readString(dump.resolve(f), java.nio.charset.StandardCharsets.ISO_8859_1)
              .equals("stale"));
    }
    String marker = Files.readString(dump.resolve(OutputFolder.MARKER));
    String runId =
        Files.readAllLines(tmp.resolve("r1").resolve(OutputFolder.MARKER)).stream()
            .filter(l -> l.startsWith("run_id="))
            .findFirst()
            .orElseThrow();
    assertTrue(marker.contains("kind=attention-dump") && marker.contains(runId), marker);

    Path notes = Files.createDirectories(tmp.resolve("notes"));
    Files.writeString(notes.resolve("todo.txt"), "keep me");
    o =
        CommandLineTest.run(
            "run",
            "--corpus",
            corpus.toString(),
            "--out",
            tmp.resolve("r2").toString(),
            "--model",
            "tiny-gpt2",
            "--set",
            "inference.work-dir=" + tmp.resolve("work"),
            "--dump-attention",
            notes.toString(),
            "--overwrite");
    assertEquals(2, o.code(), o.out() + o.err());
    assertTrue(o.err().contains("is not an attention-topology attention-dump folder"), o.err());
    assertEquals("keep me", Files.readString(notes.resolve("todo.txt")));
    assertFalse(Files.exists(tmp.resolve("r2")));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void anInvalidThresholdStopsBeforeAnyWork() throws Exception {
    Path corpus = Files.writeString(tmp.resolve("c.txt"), "A sentence.\n");
    for (String bad : new String[] {"-0.5", "NaN"}) {
      Outcome o =
          CommandLineTest.run(
              "run",
              "--corpus",
              corpus.toString(),
              "--out",
              tmp.resolve("o").toString(),
              "--set",
              "persistence.threshold=" + bad);
      assertEquals(2, o.code(), o.out() + o.err());
      assertTrue(o.err().contains("persistence.threshold"), o.err());
      assertFalse(Files.exists(tmp.resolve("o")));
    }
  }
}

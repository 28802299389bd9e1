package org.attentiontopology.job.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run folder's life cycle on a real (local Hadoop) file system: nothing the tool did not write
 * is ever deleted, a failed attempt leaves the previous run as it was, and the target only ever
 * holds a finished run.
 */
class OutputFolderTest {
  @TempDir Path tmp;

  private OutputFolder folder(Path target) {
    return RunDirectory.folder(target.toString(), new Configuration());
  }

  /**
   * A finished run as the tool leaves it: one table with a part file and a marker saying finished.
   */
  private Path finishedRun(Path target, String runId) throws Exception {
    OutputFolder f = folder(target);
    org.apache.hadoop.fs.Path staging = f.begin(runId);
    Path table =
        Files.createDirectories(Path.of(staging.toString()).resolve("examples").resolve("model=m"));
    Files.writeString(table.resolve("part-00000-" + runId + ".parquet"), runId);
    Files.writeString(table.resolve("_SUCCESS"), "");
    f.publish(runId);
    return target;
  }

  private static String partOf(Path run) throws Exception {
    try (var files = Files.list(run.resolve("examples").resolve("model=m"))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("part-"))
          .findFirst()
          .map(p -> p.getFileName().toString())
          .orElseThrow();
    }
  }

  @Test
  void overwriteRefusesAFolderTheToolDidNotWriteAndDeletesNothing() throws Exception {
    Path notes = Files.createDirectories(tmp.resolve("notes"));
    Files.writeString(notes.resolve("corpus.txt"), "a precious corpus\n");
    for (boolean overwrite : new boolean[] {false, true}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> folder(notes).checkWritable(overwrite, "--overwrite"));
      assertTrue(
          e.getMessage().contains("is not an attention-topology run folder: nothing was deleted"),
          e.getMessage());
    }
    assertEquals("a precious corpus\n", Files.readString(notes.resolve("corpus.txt")));
  }

  @Test
  void overwriteRefusesARunThatHoldsSomeoneElsesFiles() throws Exception {
    Path run = finishedRun(tmp.resolve("run"), "r1");
    Files.writeString(run.resolve("corpus.jsonl"), "{}\n");
    Files.writeString(run.resolve("examples").resolve("my-notes.md"), "#\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> folder(run).checkWritable(true, "--overwrite"));
    assertTrue(
        e.getMessage()
            .contains("holds files the tool did not write (corpus.jsonl, examples/my-notes.md)"),
        e.getMessage());
    assertTrue(Files.exists(run.resolve("corpus.jsonl")));
  }

  @Test
  void anExistingRunNeedsOverwriteAndIsReplacedOnlyWhenTheNewOneIsPublished() throws Exception {
    Path target = tmp.resolve("run");
    finishedRun(target, "old");
    OutputFolder f = folder(target);
    assertThrows(IllegalArgumentException.class, () -> f.checkWritable(false, "--overwrite"));
    f.checkWritable(true, "--overwrite");
    f.begin("new");
    // While the new run is written, the target still holds the old, finished run.
    assertEquals(OutputFolder.State.FINISHED, f.state());
    assertTrue(partOf(target).contains("old"));
    assertEquals(OutputFolder.State.UNFINISHED, f.state(f.staging()));
    Path table =
        Files.createDirectories(
            Path.of(f.staging().toString()).resolve("examples").resolve("model=m"));
    Files.writeString(table.resolve("part-00000-new.parquet"), "new");
    f.publish("new");
    assertTrue(partOf(target).contains("new"));
    assertFalse(Files.exists(Path.of(f.staging().toString())));
    try (var siblings = Files.list(tmp)) {
      assertEquals(1, siblings.count(), "only the run folder remains beside it");
    }
  }

  @Test
  void aFailedAttemptLeavesThePreviousRunAsItWas() throws Exception {
    Path target = tmp.resolve("run");
    finishedRun(target, "old");
    OutputFolder f = folder(target);
    f.checkWritable(true, "--overwrite");
    f.begin("failing");
    f.abandon();
    assertEquals(OutputFolder.State.FINISHED, f.state());
    assertTrue(partOf(target).contains("old"));
    assertFalse(Files.exists(Path.of(f.staging().toString())));
  }

  @Test
  void aKilledAttemptNeverLooksFinishedAndTheNextAttemptStartsAfresh() throws Exception {
    Path target = tmp.resolve("run");
    OutputFolder f = folder(target);
    f.begin("killed");
    // kill -9 here: nothing at the target; the staging folder says it is unfinished.
    assertEquals(OutputFolder.State.ABSENT, f.state());
    assertEquals(OutputFolder.State.UNFINISHED, f.state(f.staging()));
    assertThrows(
        IllegalArgumentException.class,
        () -> RunDirectory.requireFinished(f.staging().toString(), new Configuration()));
    f.checkWritable(false, "--overwrite");
    f.begin("again");
    f.publish("again");
    assertEquals(OutputFolder.State.FINISHED, f.state());
    RunDirectory.requireFinished(target.toString(), new Configuration());
  }

  @Test
  void aSwapCutBetweenItsRenamesIsCompletedByTheNextAttempt() throws Exception {
    Path target = tmp.resolve("run");
    finishedRun(target, "old");
    OutputFolder f = folder(target);
    f.begin("new");
    Path staging = Path.of(f.staging().toString());
    Files.createDirectories(staging.resolve("examples").resolve("model=m"));
    Files.writeString(
        staging.resolve("examples").resolve("model=m").resolve("part-00000-new.parquet"), "new");
    // The publish's first rename happened (old run moved aside), the second did not; the new run
    // was marked.
    Files.writeString(
        staging.resolve(OutputFolder.MARKER),
        "tool=attention-topology\nkind=run\nstate=finished\n",
        StandardCharsets.ISO_8859_1);
    Files.deleteIfExists(staging.resolve("." + OutputFolder.MARKER + ".crc"));
    Files.move(target, tmp.resolve(".run.replaced"));
    f.checkWritable(true, "--overwrite");
    assertTrue(partOf(target).contains("new"));
    assertFalse(Files.exists(tmp.resolve(".run.replaced")));
  }

  @Test
  void aSwapCutBeforeTheNewRunFinishedPutsTheOldRunBack() throws Exception {
    Path target = tmp.resolve("run");
    finishedRun(target, "old");
    Files.move(target, tmp.resolve(".run.replaced"));
    folder(target).checkWritable(true, "--overwrite");
    assertTrue(partOf(target).contains("old"));
  }

  @Test
  void aRunWrittenBeforeMarkersExistedIsFinishedIfItHasItsRunTable() throws Exception {
    Path legacy = Files.createDirectories(tmp.resolve("legacy").resolve("run").resolve("model=m"));
    Files.writeString(legacy.resolve("_SUCCESS"), "");
    Files.writeString(legacy.resolve("part-00000.parquet"), "x");
    assertEquals(OutputFolder.State.FINISHED, folder(tmp.resolve("legacy")).state());
    Path killed =
        Files.createDirectories(tmp.resolve("killed").resolve("examples").resolve("model=m"));
    Files.writeString(killed.resolve("part-00000.parquet"), "x");
    assertEquals(OutputFolder.State.FOREIGN, folder(tmp.resolve("killed")).state());
  }
}

package org.attentiontopology.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.attentiontopology.job.cli.CommandLineTest.Outcome;
import org.attentiontopology.job.tables.OutputFolder;
import org.attentiontopology.job.tables.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL while it writes its tables (the run table is being written, or about to
 * be) leaves nothing that looks finished: --out is absent, the staging folder says it is unfinished
 * and the commands that read runs (report, sql on either engine) refuse it, and the next attempt
 * starts afresh.
 */
class KilledRunTest {
  @TempDir Path tmp;

  @Test
  void aRunKilledWhileWritingItsTablesLeavesNothingThatLooksFinished() throws Exception {
    Path corpus = Files.writeString(tmp.resolve("c.txt"), "the cat sat.\nA tiny model.\nthe end\n");
    Path out = tmp.resolve("run");
    List<String> command =
        ChildCli.command(
            List.of(
                "run",
                "--corpus",
                corpus.toString(),
                "--out",
                out.toString(),
                "--model",
                "tiny-gpt2",
                "--set",
                "inference.work-dir=" + tmp.resolve("work")));
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    OutputFolder folder = RunDirectory.folder(out.toString(), new Configuration());
    File staging = new File(folder.staging().toString());
    // Kill as soon as the run table's folder appears in the staging folder: the last table, being
    // written.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!new File(staging, RunDirectory.RUN_TABLE).exists()
        && child.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    // Writing a Parquet table takes far longer than the 5 ms poll, so the child is still writing
    // when killed.
    assertTrue(
        child.isAlive(),
        "the run ended before it wrote its run table:\n"
            + Files.readString(tmp.resolve("child.log")));
    child.destroyForcibly().waitFor();
    assertFalse(Files.exists(out), "a killed run leaves no --out");
    assertEquals(OutputFolder.State.UNFINISHED, folder.state(folder.staging()));
    Outcome report = CommandLineTest.run("report", staging.toString());
    assertEquals(2, report.code(), report.err());
    assertTrue(report.err().contains("did not finish"), report.err());
    for (String engine : new String[] {"duckdb", "spark"}) {
      Outcome sql =
          CommandLineTest.run(
              "sql", "--engine", engine, staging.toString(), "SELECT count(*) FROM examples");
      assertEquals(2, sql.code(), sql.out() + sql.err());
      assertTrue(sql.err().contains("did not finish"), sql.err());
    }

    Outcome again =
        CommandLineTest.run(
            "run",
            "--corpus",
            corpus.toString(),
            "--out",
            out.toString(),
            "--model",
            "tiny-gpt2",
            "--set",
            "inference.work-dir=" + tmp.resolve("work"));
    assertEquals(0, again.code(), again.out() + again.err());
    assertEquals(OutputFolder.State.FINISHED, folder.state());
    assertFalse(staging.exists());
  }
}

package org.attentiontopology.job.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Spark tells the console while tasks run: the count of running tasks through executor
 * heartbeats, before the tasks end, and the finished tasks of a stage's jobs.
 */
class LiveCountTest {
  /**
   * The tasks run in this JVM (local mode) and wait here until the test has seen what it looks for.
   */
  private static final CountDownLatch RELEASE_COUNT = new CountDownLatch(1);

  private static final CountDownLatch RELEASE_LAST_TASK = new CountDownLatch(1);
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    // Heartbeats every second (Spark's default is 10 s; at 200 ms local mode's first one can come
    // before the
    // executor is registered, and Spark logs errors).
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("LiveCountTest")
            .config("spark.ui.enabled", "false")
            .config("spark.executor.heartbeatInterval", "1s")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void runningTasksCountBeforeTheyEnd() throws Exception {
    try (LiveCount live = new LiveCount(spark.sparkContext(), "items")) {
      org.apache.spark.util.LongAccumulator acc = live.accumulator();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Thread job =
          new Thread(
              () ->
                  jsc.parallelize(List.of(1, 2, 3, 4, 5, 6), 2)
                      .foreachPartition(
                          items -> {
                            items.forEachRemaining(i -> acc.add(1));
                            RELEASE_COUNT.await(60, TimeUnit.SECONDS);
                          }));
      job.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (live.getAsLong() < 6 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long seen = live.getAsLong();
      long merged = acc.value();
      RELEASE_COUNT.countDown();
      job.join();
      assertEquals(6, seen, "both running tasks' counts, from their heartbeats");
      assertEquals(0, merged, "the accumulator alone knew nothing while the tasks ran");
      assertEquals(6, acc.value());
      // The listener hears of the tasks' ends a moment after the job returns.
      deadline = System.nanoTime() + 10_000_000_000L;
      while (live.getAsLong() != 6 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(6, live.getAsLong(), "an ended task counts once");
    }
  }

  @Test
  void aRunningStageShowsItsFinishedSparkTasks() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress progress = new Progress(out, Progress.Style.PLAIN, 0.2).watching(spark.sparkContext());
    // The last of four tasks waits until the console has shown the other three done.
    Thread watcher =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + 30_000_000_000L;
              while (!bytes
                      .toString(StandardCharsets.UTF_8)
                      .contains("writing x: 3 Spark tasks done, 1 running")
                  && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
              RELEASE_LAST_TASK.countDown();
            });
    watcher.start();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    progress.stage(
        "writing x",
        () ->
            jsc.parallelize(List.of(1, 2, 3, 4), 4)
                .foreach(
                    i -> {
                      if (i == 4) {
                        RELEASE_LAST_TASK.await(60, TimeUnit.SECONDS);
                      }
                    }));
    watcher.join();
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        printed.matches(
            "(?s)writing x \\.\\.\\.\n.*writing x: 3 Spark tasks done, 1 running, [0-9.]+ s\n"
                + ".*writing x: [0-9.]+ s\n"),
        printed);
  }
}

package org.attentiontopology.job.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The count of running tasks reaches the console through executor heartbeats, before the tasks end. */
class LiveCountTest {
  /** The tasks run in this JVM (local mode) and wait here until the test has seen their counts. */
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  @Test
  void runningTasksCountBeforeTheyEnd() throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("LiveCountTest")
        .config("spark.ui.enabled", "false").config("spark.executor.heartbeatInterval", "1s").getOrCreate();
    try (LiveCount live = new LiveCount(spark.sparkContext(), "items")) {
      org.apache.spark.util.LongAccumulator acc = live.accumulator();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Thread job = new Thread(() -> jsc.parallelize(List.of(1, 2, 3, 4, 5, 6), 2).foreachPartition(items -> {
        items.forEachRemaining(i -> acc.add(1));
        RELEASE.await(60, TimeUnit.SECONDS);
      }));
      job.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (live.getAsLong() < 6 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long seen = live.getAsLong();
      long merged = acc.value();
      RELEASE.countDown();
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
      assertTrue(spark.sparkContext().isLocal());
    } finally {
      spark.stop();
    }
  }
}

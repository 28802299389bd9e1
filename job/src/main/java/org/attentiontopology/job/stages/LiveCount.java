package org.attentiontopology.job.stages;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A count for the console that moves while tasks run. A Spark accumulator reaches the driver only
 * when a task ends, so a partition of 64 examples moved the count once, and a small corpus showed
 * 0% and then 100%. Executors also send the running tasks' accumulator values with every heartbeat
 * (spark.executor.heartbeatInterval); this listener keeps the latest value of each running task and
 * adds them to the finished tasks' total. For display only: a task's count may be seen twice for a
 * moment as it ends, and results never read it.
 */
public final class LiveCount extends SparkListener implements LongSupplier, AutoCloseable {
  private final SparkContext sc;
  private final LongAccumulator finished;
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private final Set<Long> ended = ConcurrentHashMap.newKeySet();

  public LiveCount(SparkContext sc, String name) {
    this.sc = sc;
    this.finished = sc.longAccumulator(name);
    sc.addSparkListener(this);
  }

  /** The accumulator the tasks add to. */
  public LongAccumulator accumulator() {
    return finished;
  }

  @Override
  public long getAsLong() {
    long sum = finished.value();
    for (long partial : running.values()) {
      sum += partial;
    }
    return sum;
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, Seq<AccumulableInfo>> task :
        CollectionConverters.asJava(update.accumUpdates())) {
      long taskId = (Long) task._1();
      for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
        if (info.id() == finished.id() && info.update().isDefined() && !ended.contains(taskId)) {
          running.put(taskId, ((Number) info.update().get()).longValue());
        }
      }
    }
  }

  /**
   * A finished task's count is in the accumulator now (a failed one's is dropped, as Spark drops
   * it).
   */
  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    ended.add(end.taskInfo().taskId());
    running.remove(end.taskInfo().taskId());
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}

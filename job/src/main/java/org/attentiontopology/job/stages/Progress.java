package org.attentiontopology.job.stages;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.attentiontopology.job.config.Suggestions;

/**
 * The console's account of a command, stage by stage: each stage by name when it starts, and when
 * it ends what it made and how long it took. While a stage runs, its line shows a count with rate
 * and time left where the total is known (examples analysed), or else the Spark tasks its jobs have
 * finished, so that no stretch of a run is silent and unnamed.
 *
 * <p>On a terminal the running line is redrawn in place. Anywhere else (a log file, a pipe, CI), or
 * when asked, every line is a whole line with no carriage return or escape code, and a running
 * stage prints at most one line a period, only when its count moved: a log reads as a list of
 * stages.
 */
public final class Progress {
  /** How lines are drawn: redrawn in place on a terminal, or whole lines. */
  public enum Style {
    TERMINAL,
    PLAIN
  }

  /**
   * The environment variable that chooses the style when the command line does not: auto, plain or
   * terminal.
   */
  public static final String ENVIRONMENT = "ATTENTION_TOPOLOGY_PROGRESS";

  public static final List<String> SETTINGS = List.of("auto", "plain", "terminal");
  private static final String CLEAR_TO_END = "\u001b[K";

  private final PrintStream out;
  private final Style style;
  private final long periodNanos;
  private SparkContext spark;
  private JavaSparkStatusTracker tasks;
  private Running current;
  private long lastPlainLine;
  private String lastPlainCount = "";

  /**
   * @param plainPeriodSeconds at most one running line this often in the plain style
   */
  public Progress(PrintStream out, Style style, double plainPeriodSeconds) {
    this.out = out;
    this.style = style;
    this.periodNanos = (long) (plainPeriodSeconds * 1e9);
  }

  /**
   * The console's progress: {@code setting} (auto, plain or terminal; null for the environment
   * variable {@value #ENVIRONMENT}, else auto), where auto is plain unless standard input and
   * output are a terminal.
   */
  public static Progress toConsole(String setting) {
    String chosen = setting != null ? setting : System.getenv().getOrDefault(ENVIRONMENT, "auto");
    return new Progress(System.out, style(chosen, System.console() != null), 5);
  }

  static Style style(String setting, boolean terminal) {
    return switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> terminal ? Style.TERMINAL : Style.PLAIN;
      case "plain" -> Style.PLAIN;
      case "terminal" -> Style.TERMINAL;
      default ->
          throw new IllegalArgumentException(
              "progress style '"
                  + setting
                  + "' (--progress or "
                  + ENVIRONMENT
                  + ") is not one of "
                  + String.join(", ", SETTINGS)
                  + Suggestions.didYouMean(setting, SETTINGS));
    };
  }

  /**
   * From now on a running stage also shows how many tasks of the Spark jobs it started have
   * finished.
   */
  public Progress watching(SparkContext sc) {
    spark = sc;
    tasks = JavaSparkContext.fromSparkContext(sc).statusTracker();
    return this;
  }

  /** Runs one stage: its name when it starts, then "name: summary, time" (summary may be empty). */
  public <T> T stage(String name, Supplier<T> work, Function<? super T, String> summary) {
    return run(new Running(name, null, 0, null), work, summary);
  }

  public void stage(String name, Runnable work) {
    stage(
        name,
        () -> {
          work.run();
          return null;
        },
        x -> "");
  }

  /** A whole line between stages: what a run reused, or why it had nothing to do. */
  public void note(String line) {
    out.println(line);
    out.flush();
  }

  /** Writing one table: "writing NAME", then "writing NAME: 1,234 rows, 1.2 s". */
  public long table(String name, LongSupplier write) {
    return stage(
        "writing " + name, write::getAsLong, rows -> String.format(Locale.ROOT, "%,d rows", rows));
  }

  /**
   * A stage whose units are counted by {@code done} out of {@code total}: the line gives rate and
   * time left.
   */
  public <T> T counted(String name, String unit, long total, LongSupplier done, Supplier<T> work) {
    Running stage = new Running(name, unit, total, done);
    return run(
        stage,
        work,
        x ->
            String.format(
                Locale.ROOT,
                "%,d %s, %s",
                stage.done(),
                unit,
                rate(stage.done(), seconds(System.nanoTime() - stage.started))));
  }

  private <T> T run(Running stage, Supplier<T> work, Function<? super T, String> summary) {
    synchronized (this) {
      current = stage;
      lastPlainLine = System.nanoTime();
      lastPlainCount = "";
      if (style == Style.PLAIN) {
        out.println(stage.name + " ...");
      } else {
        draw(stage.status(tasksOf(stage)));
      }
    }
    // A thread of its own redraws the line while the stage runs, and goes with it.
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "attention-topology-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::tick, 500, 500, TimeUnit.MILLISECONDS);
    T result;
    // The stage's Spark jobs form a group, so that the line can count their tasks (and Spark's UI
    // names them).
    if (spark != null) {
      spark.setJobGroup(stage.group, stage.name, false);
    }
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      finish(
          stage, stage.name + ": failed after " + time(seconds(System.nanoTime() - stage.started)));
      throw e;
    } finally {
      ticker.shutdownNow();
      if (spark != null) {
        spark.clearJobGroup();
      }
    }
    String s = summary.apply(result);
    finish(
        stage,
        stage.name
            + ": "
            + (s.isEmpty() ? "" : s + ", ")
            + time(seconds(System.nanoTime() - stage.started)));
    return result;
  }

  private synchronized void finish(Running stage, String line) {
    current = null;
    if (style == Style.PLAIN) {
      out.println(line);
    } else {
      out.print("\r" + line + CLEAR_TO_END + "\n");
      out.flush();
    }
  }

  /**
   * Redraws the terminal's line, or prints a plain line when the count moved and a period has
   * passed.
   */
  private synchronized void tick() {
    Running stage = current;
    if (stage == null) {
      return;
    }
    String tasksDone = tasksOf(stage);
    if (style == Style.TERMINAL) {
      draw(stage.status(tasksDone));
      return;
    }
    long now = System.nanoTime();
    String count = stage.count() + tasksDone;
    if (now - lastPlainLine >= periodNanos && !count.equals(lastPlainCount)) {
      lastPlainLine = now;
      lastPlainCount = count;
      out.println(stage.status(tasksDone));
    }
  }

  private void draw(String line) {
    out.print("\r" + line + CLEAR_TO_END);
    out.flush();
  }

  /**
   * "12 Spark tasks done, 2 running" for the jobs this stage started, or "" before any or without
   * Spark.
   */
  private String tasksOf(Running stage) {
    if (tasks == null || stage.total > 0) {
      return "";
    }
    int done = 0;
    int running = 0;
    for (int job : tasks.getJobIdsForGroup(stage.group)) {
      SparkJobInfo info = tasks.getJobInfo(job);
      for (int id : info == null ? new int[0] : info.stageIds()) {
        SparkStageInfo s = tasks.getStageInfo(id);
        if (s != null) {
          done += s.numCompletedTasks();
          running += s.numActiveTasks();
        }
      }
    }
    return done + running == 0
        ? ""
        : String.format(
            Locale.ROOT, "%,d Spark task%s done, %d running", done, done == 1 ? "" : "s", running);
  }

  /** A stage being run: a count (done of total units) when known. */
  private static final class Running {
    private static final AtomicLong NEXT = new AtomicLong();
    final String name;
    final String unit;
    final long total;
    final LongSupplier counter;
    final long started = System.nanoTime();
    final String group;
    private long shown;

    Running(String name, String unit, long total, LongSupplier counter) {
      this.name = name;
      this.unit = unit;
      this.total = total;
      this.counter = counter;
      this.group = "attention-topology-stage-" + NEXT.getAndIncrement();
    }

    /**
     * The count, never above the total and never going back (a live count may briefly count a task
     * twice).
     */
    synchronized long done() {
      if (counter != null) {
        shown = Math.max(shown, Math.min(counter.getAsLong(), total));
      }
      return shown;
    }

    String count() {
      return counter == null ? "" : String.valueOf(done());
    }

    String status(String tasksDone) {
      double seconds = seconds(System.nanoTime() - started);
      return counter == null
          ? name + ": " + (tasksDone.isEmpty() ? "" : tasksDone + ", ") + time(seconds)
          : name + ": " + line(done(), total, unit, seconds);
    }
  }

  /** "24/60 examples (40%), 2.4/s, ~15.0 s left" for a count after a given time. */
  static String line(long done, long total, String unit, double seconds) {
    if (done == 0) {
      return String.format(Locale.ROOT, "0/%,d %s, %s", total, unit, time(seconds));
    }
    double rate = done / seconds;
    String left = done < total ? ", ~" + time((total - done) / rate) + " left" : "";
    return String.format(
        Locale.ROOT,
        "%,d/%,d %s (%.0f%%), %s%s",
        done,
        total,
        unit,
        100.0 * done / total,
        rate(done, seconds),
        left);
  }

  private static String rate(long done, double seconds) {
    return seconds > 0 ? String.format(Locale.ROOT, "%.1f/s", done / seconds) : "";
  }

  /** "4.2 s" under a minute, then "3 min 05 s". */
  static String time(double seconds) {
    if (seconds < 59.95) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}

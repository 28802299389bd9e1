package org.attentiontopology.job.stages;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;
import org.attentiontopology.job.config.InferenceSettings;
import org.attentiontopology.job.corpus.CorpusSchema;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.engine.DeviceSelection;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * Runs inference and analysis over one partition of the corpus, a batch at a time, lazily: memory
 * is bounded by the batch, not the partition. The model is loaded once per executor JVM and shared
 * by its tasks. When a batch fails, its examples are retried one by one so that one bad example
 * costs only itself. Each task runs the model on the device {@link DeviceSelection} picks from the
 * GPU Spark assigned to it, so the cache holds one model per device.
 */
public final class AnalyzePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final ModelSpec spec;
  private final String workDir;
  private final InferenceSettings.Device device;
  private final int batchSize;
  private final ExampleAnalysis.Settings settings;
  private final long keepDistancesBelowOrdinal;
  private final org.apache.spark.util.LongAccumulator progress;
  private final TokenStatistics.Settings tokenSettings;

  /** Where the diagrams' Betti numbers are read (diagram-stats.betti-thresholds). */
  private final double[] bettiThresholds;

  private String dumpDir = "";

  /**
   * @param workDir a folder for the unpacked model and DJL's cache; blank means the executor's own
   *     {@code <java.io.tmpdir>/attention-topology} (the driver's temporary folder may not exist on
   *     executors)
   * @param device where the model runs ({@link DeviceSelection})
   * @param bettiThresholds where each diagram's Betti numbers are read (diagram_stats)
   * @param keepDistancesBelowOrdinal examples whose ordinal is below this keep their token distance
   *     matrices
   */
  public AnalyzePartition(
      ModelSpec spec,
      String workDir,
      InferenceSettings.Device device,
      int batchSize,
      ExampleAnalysis.Settings settings,
      TokenStatistics.Settings tokenSettings,
      double[] bettiThresholds,
      long keepDistancesBelowOrdinal,
      org.apache.spark.util.LongAccumulator progress) {
    this.tokenSettings = tokenSettings;
    this.bettiThresholds = bettiThresholds.clone();
    this.spec = spec;
    this.workDir = workDir;
    this.device = device;
    this.batchSize = batchSize;
    this.settings = settings;
    this.keepDistancesBelowOrdinal = keepDistancesBelowOrdinal;
    this.progress = progress;
  }

  /**
   * Also writes every example's attention as Arrow IPC files into {@code dir} (see {@link
   * AttentionDumpWriter}); blank for none.
   */
  public AnalyzePartition dumpAttentionTo(String dir) {
    this.dumpDir = dir == null ? "" : dir;
    return this;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    ExampleAnalysis analysis = new ExampleAnalysis(settings);
    AttentionDump dump = new AttentionDump(dumpDir);
    // On the task's thread: the task context says which GPU, if any, Spark gave this task.
    Device taskDevice = DeviceSelection.forCurrentTask(device);
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && input.hasNext()) {
          fill();
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row row = ready.poll();
        // Progress counts corpus texts: a text split into windows is done with its last window.
        if (progress != null
            && row.getInt(AnalyzedExample.WINDOW_AT)
                == row.getInt(AnalyzedExample.N_WINDOWS_AT) - 1) {
          progress.add(1);
        }
        return row;
      }

      private void fill() {
        List<AnalyzedExample.Identity> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && input.hasNext()) {
          Row r = input.next();
          AnalyzedExample.Identity id = identity(r);
          String corpusError = r.getString(r.fieldIndex(CorpusSchema.CORPUS_ERROR));
          if (corpusError != null) {
            ready.add(AnalyzedExample.failure(id, "corpus", "InvalidExample", corpusError));
          } else {
            batch.add(id);
          }
        }
        if (!batch.isEmpty()) {
          ready.addAll(process(batch, analysis, dump, taskDevice));
        }
      }
    };
  }

  private List<Row> process(
      List<AnalyzedExample.Identity> batch,
      ExampleAnalysis analysis,
      AttentionDump dump,
      Device taskDevice) {
    AttentionModel model;
    try {
      model = ModelCache.get(spec, resolvedWorkDir(), taskDevice);
    } catch (RuntimeException e) {
      // A model that cannot load on an executor is the configuration's fault, not the examples':
      // fail the task.
      throw new IllegalStateException(
          "model "
              + spec.name()
              + " failed to load on this executor on "
              + taskDevice
              + ": "
              + e.getMessage()
              + (taskDevice.isGpu()
                  ? " (a GPU needs the ONNX Runtime GPU build, mvn -Pgpu, and"
                      + " CUDA 12 with cuDNN 9 on the node; inference.device = cpu runs without them)"
                  : ""),
          e);
    }
    List<String> texts = new ArrayList<>(batch.size());
    for (AnalyzedExample.Identity id : batch) {
      texts.add(id.text());
    }
    List<TextAttention> attention;
    try {
      attention = model.attend(texts);
    } catch (RuntimeException batchFailure) {
      if (batch.size() == 1) {
        return List.of(
            AnalyzedExample.failure(
                batch.get(0), "inference", errorClass(batchFailure), message(batchFailure)));
      }
      List<Row> out = new ArrayList<>(batch.size());
      for (AnalyzedExample.Identity id : batch) {
        out.addAll(process(List.of(id), analysis, dump, taskDevice));
      }
      return out;
    }
    List<Row> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      dump.write(batch.get(i).exampleId(), attention.get(i));
      out.add(analyse(batch.get(i), attention.get(i), analysis));
    }
    return out;
  }

  private Row analyse(AnalyzedExample.Identity id, TextAttention a, ExampleAnalysis analysis) {
    try {
      return AnalyzedExample.success(
          id,
          results(
              a,
              analysis,
              id.ordinal() < keepDistancesBelowOrdinal,
              tokenSettings,
              bettiThresholds));
    } catch (RuntimeException e) {
      return AnalyzedExample.failure(id, "analysis", errorClass(e), message(e));
    }
  }

  /**
   * One example's analysis after inference, as every task does it: the diagrams and head sums
   * ({@link ExampleAnalysis}), the token statistics from the same rows' entropies, the diagrams'
   * statistics and barcode features. Public so that PipelineBench times this very call.
   */
  public static AnalyzedExample.Results results(
      TextAttention a,
      ExampleAnalysis analysis,
      boolean keepDistances,
      TokenStatistics.Settings tokenSettings,
      double[] bettiThresholds) {
    ExampleAnalysis.Result result = analysis.analyse(a.tokens(), a.attention(), keepDistances);
    TokenStatistics.Values tokenStatistics =
        TokenStatistics.of(
            a.tokens(), a.attention(), tokenSettings, result.rowEntropiesOf(a.attention()));
    return new AnalyzedExample.Results(
        a.tokens(),
        a.untruncatedLength(),
        a.truncated(),
        result,
        tokenStatistics,
        DiagramStats.of(result.diagrams(), bettiThresholds),
        DiagramStats.barcodeFeatures(result.diagrams()));
  }

  /**
   * Loads the model into this JVM's cache, for the work folder and device a task here would use, so
   * that the tasks find it loaded: in local mode the driver is the executor.
   */
  public static void loadModel(ModelSpec spec, String workDir, InferenceSettings.Device device) {
    ModelCache.get(spec, resolveWorkDir(workDir), DeviceSelection.forCurrentTask(device));
  }

  private Path resolvedWorkDir() {
    return resolveWorkDir(workDir);
  }

  /**
   * The configured work folder, or the executor's own {@code <java.io.tmpdir>/attention-topology}
   * when blank (the driver's temporary folder may not exist on executors).
   */
  static Path resolveWorkDir(String workDir) {
    return workDir.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "attention-topology")
        : Path.of(workDir);
  }

  /**
   * This task's attention dump, opened on the first example and closed by the task's completion
   * listener.
   */
  private static final class AttentionDump {
    private final String dir;
    private AttentionDumpWriter writer;

    AttentionDump(String dir) {
      this.dir = dir;
    }

    void write(String exampleId, TextAttention attention) {
      if (dir.isBlank()) {
        return;
      }
      if (writer == null) {
        TaskContext task = TaskContext.get();
        AttentionDumpWriter opened =
            new AttentionDumpWriter(dir, task.partitionId(), task.taskAttemptId());
        // The lambda alone is ambiguous between Scala's and Spark's listener types.
        task.addTaskCompletionListener(
            (TaskCompletionListener) t -> opened.close(!t.isFailed() && !t.isInterrupted()));
        writer = opened;
      }
      writer.write(exampleId, attention);
    }
  }

  static AnalyzedExample.Identity identity(Row r) {
    return new AnalyzedExample.Identity(
        r.getString(r.fieldIndex(CorpusSchema.EXAMPLE_ID)),
        r.getLong(r.fieldIndex(CorpusSchema.ORDINAL)),
        r.getInt(r.fieldIndex(CorpusSchema.WINDOW)),
        r.getInt(r.fieldIndex(CorpusSchema.N_WINDOWS)),
        r.getString(r.fieldIndex(CorpusSchema.SOURCE)),
        r.getString(r.fieldIndex(CorpusSchema.TEXT)),
        r.getString(r.fieldIndex(CorpusSchema.LABEL)),
        r.getString(r.fieldIndex(CorpusSchema.GROUP)));
  }

  private static String errorClass(Throwable e) {
    return e.getClass().getSimpleName();
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getName() : m;
  }
}

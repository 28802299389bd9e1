package org.attentiontopology.job.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.attentiontopology.divergence.FastJensenShannon;
import org.attentiontopology.divergence.FloatMixtureEntropy;
import org.attentiontopology.divergence.JensenShannon;
import org.attentiontopology.divergence.JensenShannonEdges;
import org.attentiontopology.divergence.MixtureEntropy;
import org.attentiontopology.heads.HeadDistanceContribution;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.stages.AnalyzePartition;
import org.attentiontopology.job.stages.ExampleAnalysis;
import org.attentiontopology.job.stages.TokenSelection;
import org.attentiontopology.job.stages.TokenStatistics;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.persistence.RipsPersistence;
import org.attentiontopology.persistence.ZeroDimensionalPersistence;

/**
 * The per-stage cost of the pipeline in one JVM, without Spark: MiniLM inference (batches of 8),
 * the Jensen-Shannon token distance matrices of the 72 heads, their H0 diagrams, the head-distance
 * contributions and the token statistics, each timed on its own over the whole corpus after a
 * warm-up. Then, on a few examples, H1 per head against the ripser binary on the same matrices, and
 * the fast kernels against the straightforward reference loops; last, the analysis with H0 and H1
 * against inference in rounds on the job's own path ({@link #interleavedRatio}), the line the issue
 * checks. Run by scripts/bench-pipeline; not a unit test. The settings are the defaults of
 * conf/default.conf.
 *
 * <p>Everything here runs on one thread (inference uses the model's own intra-op threads), so the
 * stage times add up to the single-thread cost of an example; the Spark run of
 * scripts/bench-pipeline shows the parallel pipeline.
 */
public final class PipelineBench {
  private PipelineBench() {}

  private static final int BATCH = 8;
  static volatile long sink;

  public static void main(String[] args) throws Exception {
    int count = 1000;
    int h1Examples = 2;
    int referenceExamples = 8;
    int ripserMatrices = 8;
    String ripser = "/usr/bin/ripser";
    Path sentences = Path.of("conf/corpus/sample-sentences.txt");
    Path corpusOut = null;
    Path h1MatricesOut = null;
    Path h1HeadsOut = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sentences" -> count = Integer.parseInt(args[++i]);
        case "--h1-examples" -> h1Examples = Integer.parseInt(args[++i]);
        case "--reference-examples" -> referenceExamples = Integer.parseInt(args[++i]);
        case "--ripser-matrices" -> ripserMatrices = Integer.parseInt(args[++i]);
        case "--ripser" -> ripser = args[++i];
        case "--source" -> sentences = Path.of(args[++i]);
        case "--write-corpus" -> corpusOut = Path.of(args[++i]);
        case "--write-h1-matrices" -> h1MatricesOut = Path.of(args[++i]);
        case "--write-h1-heads" -> h1HeadsOut = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --sentences N, "
                    + "--h1-examples K, --reference-examples K, --ripser-matrices K, --ripser PATH, --source FILE, "
                    + "--write-corpus FILE, --write-h1-matrices DIR, --write-h1-heads DIR");
      }
    }
    List<String> corpus = BenchCorpus.documents(sentences, count, 100, 20261123L);
    if (corpusOut != null) {
      BenchCorpus.write(corpus, corpusOut);
      System.out.println(
          "corpus: " + count + " documents of about 100 words written to " + corpusOut);
      return;
    }
    // In the order the job gives an executor's examples (RunJob sorts each partition by the text's
    // length, then its ordinal), so that batches pad as little as the job's: in the generated
    // order a batch of 8 carried 22% padding tokens, which made inference look slower than the
    // job's and every ratio to it smaller.
    corpus = corpus.stream().sorted(Comparator.comparingInt(String::length)).toList();
    RunConfig config = RunConfig.defaults();
    ModelSpec spec = config.runModels.specs().get(0);
    spec = spec.withInference(spec.intraOpThreads(), BATCH, spec.predictors());
    TokenStatistics.Settings tokenSettings =
        new TokenStatistics.Settings(
            config.tokenAnalysis.topK(),
            config.tokenAnalysis.wordLevel(),
            null,
            (float) config.tokenAnalysis.edgesThreshold(),
            config.divergence.logBase());
    long loadStart = System.nanoTime();
    AttentionModel model = ModelCache.get(spec);
    System.out.printf(Locale.ROOT, "model %s loaded in %.1f s%n", spec.name(), seconds(loadStart));

    // Warm-up: one batch through every stage, the reference loops once, so that the timed loop runs
    // compiled code.
    List<TextAttention> warm = model.attend(corpus.subList(0, Math.min(BATCH, corpus.size())));
    Stages warmStages = new Stages();
    for (int round = 0; round < 3; round++) {
      for (TextAttention a : warm) {
        analyse(a, config, tokenSettings, warmStages, true);
      }
    }
    reference(warm.get(0), config);
    for (TextAttention a :
        warm) { // the double head kernel too, so that both head kernels are timed compiled
      sink +=
          HeadDistanceContribution.of(
                  TokenSelection.select(a.tokens(), a.attention(), config.tokens.keepSpecial())
                      .attention(),
                  config.divergence.logBase())
              .tokens();
    }

    Stages stages = new Stages();
    long tokens = 0;
    double referenceDistances = 0;
    double referenceHeads = 0;
    double doubleHeads = 0;
    long guardedTerms = 0;
    long recomputedTerms = 0;
    double fastDistancesOfThose = 0;
    double fastHeadsOfThose = 0;
    List<TextAttention> h1Attention = new ArrayList<>();
    List<float[][]> h1Heads = new ArrayList<>();
    int analysed = 0;
    for (int from = 0; from < corpus.size(); from += BATCH) {
      List<String> batch = corpus.subList(from, Math.min(corpus.size(), from + BATCH));
      long start = System.nanoTime();
      List<TextAttention> attention = model.attend(batch);
      stages.inference += seconds(start);
      for (TextAttention a : attention) {
        tokens += a.length();
        double[] fast = analyse(a, config, tokenSettings, stages, analysed < referenceExamples);
        if (analysed < referenceExamples) {
          double[] ref = reference(a, config);
          referenceDistances += ref[0];
          referenceHeads += ref[1];
          doubleHeads += ref[2];
          long[] guard =
              guardShare(
                  TokenSelection.select(a.tokens(), a.attention(), config.tokens.keepSpecial())
                      .attention());
          guardedTerms += guard[0];
          recomputedTerms += guard[1];
          fastDistancesOfThose += fast[0];
          fastHeadsOfThose += fast[1];
        }
        if (analysed < h1Examples) {
          h1Attention.add(a);
          if (h1HeadsOut != null) {
            for (float[][][] layer :
                TokenSelection.select(a.tokens(), a.attention(), config.tokens.keepSpecial())
                    .attention()) {
              h1Heads.addAll(Arrays.asList(layer));
            }
          }
          stages.h1Examples++;
        }
        analysed++;
      }
    }
    int n = corpus.size();
    double analysis = stages.h0 + stages.heads + stages.tokens;
    double total = stages.inference + analysis;
    System.out.printf(
        Locale.ROOT,
        "examples: %d, mean tokens %.1f, one thread for the analysis%n",
        n,
        (double) tokens / n);
    System.out.printf(
        Locale.ROOT,
        "inference (MiniLM, batch %d): %.2f s = %.1f ms/example (%.1f examples/s)%n",
        BATCH,
        stages.inference,
        1e3 * stages.inference / n,
        n / stages.inference);
    line("H0 from bounded js distances (72 heads)", stages.h0, total, n);
    System.out.printf(
        Locale.ROOT,
        "  js distances computed in double for H0: %.1f%% of the %d token pairs (the rest "
            + "ruled out by their Hellinger or single-precision bound)%n",
        100.0 * stages.lengthsComputed / stages.pairs,
        stages.pairs);
    System.out.printf(
        Locale.ROOT,
        "  single-precision refinements of bounds for H0: %.1f%% of the token pairs%n",
        100.0 * stages.refinementsComputed / stages.pairs);
    line("head distances (2556 pairs)", stages.heads, total, n);
    line("token statistics", stages.tokens, total, n);
    System.out.printf(
        Locale.ROOT,
        "analysis with H0 only: %.1f ms/example against inference %.1f ms/example "
            + "(analysis/inference %.2f: %s)%n",
        1e3 * analysis / n,
        1e3 * stages.inference / n,
        analysis / stages.inference,
        analysis < stages.inference
            ? "the model sets the pace"
            : "the analysis costs more than the model");
    System.out.printf(
        Locale.ROOT,
        "pipeline with H0, one thread: %.2f examples/s; shares: inference %.0f%%, "
            + "H0 with its distances %.0f%%, head distances %.0f%%, token statistics %.0f%%%n",
        n / total,
        pct(stages.inference, total),
        pct(stages.h0, total),
        pct(stages.heads, total),
        pct(stages.tokens, total));
    int refN = Math.min(referenceExamples, n);
    System.out.printf(
        Locale.ROOT,
        "speed-up of the fast kernels over the reference loops (same %d examples, "
            + "this run): js distance matrices %.1f ms -> %.1f ms per example (%.1fx); head distances %.1f ms -> "
            + "%.1f ms (%.1fx)%n",
        refN,
        1e3 * referenceDistances / refN,
        1e3 * fastDistancesOfThose / refN,
        referenceDistances / fastDistancesOfThose,
        1e3 * referenceHeads / refN,
        1e3 * fastHeadsOfThose / refN,
        referenceHeads / fastHeadsOfThose);
    System.out.printf(
        Locale.ROOT,
        "head distances, same %d examples: double kernel %.1f ms, %s %.1f ms (%.2fx)%n",
        refN,
        1e3 * doubleHeads / refN,
        config.divergence.singlePrecisionHeads()
            ? "guarded single precision (the default)"
            : "double (divergence.head-precision = double)",
        1e3 * fastHeadsOfThose / refN,
        doubleHeads / fastHeadsOfThose);
    System.out.printf(
        Locale.ROOT,
        "single-precision head terms recomputed in double by the guard (same %d examples): "
            + "%.2f%% of %d (token, head pair) terms%n",
        refN,
        100.0 * recomputedTerms / guardedTerms,
        guardedTerms);
    // The H1 examples' JS matrices, timed as the engine is (h1) rather than once on the run's first
    // examples: they are the other half of the analysis with H1, over only a few examples.
    List<DistanceMatrix> h1Matrices = new ArrayList<>();
    stages.h1Matrices =
        steadyPass(
            () -> {
              h1Matrices.clear();
              for (TextAttention a : h1Attention) {
                h1Matrices.addAll(matrices(a, config));
              }
            });
    if (h1MatricesOut != null) {
      // For SmallHeadsBench (udfs): the engine's steps on these very heads.
      Files.createDirectories(h1MatricesOut);
      for (int i = 0; i < h1Matrices.size(); i++) {
        writeLower(
            h1Matrices.get(i),
            h1MatricesOut.resolve(String.format(Locale.ROOT, "head-%04d.lower-distance", i)));
      }
    }
    if (h1HeadsOut != null) {
      // For the Jensen-Shannon kernels' benchmark (udfs JensenShannonHeadsBench): those heads'
      // rows.
      Files.createDirectories(h1HeadsOut);
      for (int i = 0; i < h1Heads.size(); i++) {
        writeRows(
            h1Heads.get(i), h1HeadsOut.resolve(String.format(Locale.ROOT, "head-%04d.rows", i)));
      }
    }
    h1(h1Matrices, ripser, ripserMatrices, stages, n, total);
    interleavedRatio(model, corpus, tokenSettings);
  }

  /** Timed rounds of {@link #interleavedRatio}, after as many untimed ones to warm up. */
  private static final int ROUNDS = 7;

  /**
   * The ratio of the analysis with H0 and H1 to inference, measured on the job's own path: each
   * round infers a batch of 8 documents (another batch each round) and then analyses those same
   * examples with the task's own call, {@link AnalyzePartition#results}, with
   * persistence.max-dimension=1 (pinned here, whatever the default): their 72 JS matrices, H0 and
   * H1, head distances, token statistics, diagram statistics and barcode features. The line is the
   * median of the rounds' ratios. Why rounds rather than the sum of the stages above: those are
   * timed at different moments, so a slow spell of the shared machine (seconds at a time, now and
   * then a whole run; docs/performance.md) inflates one stage alone, and their sum leaves out what
   * the job's path adds to the kernels (each example's fresh arrays, the allocation of every head's
   * matrix and filtration). Within a round both sides run on the same examples moments apart, and
   * the median sets aside a round that straddles a spell.
   */
  private static void interleavedRatio(
      AttentionModel model, List<String> corpus, TokenStatistics.Settings tokenSettings) {
    if (corpus.size() < 2 * ROUNDS * BATCH) {
      System.out.println(
          "analysis with H0 and H1 against inference in rounds: skipped, it needs "
              + 2 * ROUNDS * BATCH
              + " documents");
      return;
    }
    RunConfig withH1 = RunConfig.load(null, List.of("persistence.max-dimension=1"));
    ExampleAnalysis analysis = new ExampleAnalysis(ExampleAnalysis.Settings.of(withH1));
    double[] bettiThresholds = withH1.diagramStats.bettiThresholds();
    double[] ratios = new double[ROUNDS];
    double inferenceSum = 0;
    double analysisSum = 0;
    // The corpus is in the job's order, by length: the 2 * ROUNDS batches are spread evenly over it
    // and alternate, untimed then timed, so that the timed rounds cover short and long documents
    // alike.
    int batches = corpus.size() / BATCH;
    for (int slot = 0; slot < 2 * ROUNDS; slot++) {
      int from = slot * batches / (2 * ROUNDS) * BATCH;
      int round = slot % 2 == 1 ? slot / 2 : -1;
      List<String> texts = corpus.subList(from, from + BATCH);
      long start = System.nanoTime();
      List<TextAttention> attention = model.attend(texts);
      long inferred = System.nanoTime();
      for (TextAttention a : attention) {
        sink +=
            AnalyzePartition.results(a, analysis, false, tokenSettings, bettiThresholds)
                .analysis()
                .diagrams()
                .size();
      }
      long analysed = System.nanoTime();
      if (round >= 0) {
        ratios[round] = (double) (analysed - inferred) / (inferred - start);
        inferenceSum += (inferred - start) / 1e9;
        analysisSum += (analysed - inferred) / 1e9;
      }
    }
    StringBuilder each = new StringBuilder();
    for (double r : ratios) {
      each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", r));
    }
    System.out.printf(
        Locale.ROOT,
        "analysis with H0 and H1 as the job runs it, %d rounds of inference then analysis of the same %d documents: "
            + "inference %.1f ms/example, analysis %.1f ms/example; ratio by round: %s%n",
        ROUNDS,
        BATCH,
        1e3 * inferenceSum / (ROUNDS * BATCH),
        1e3 * analysisSum / (ROUNDS * BATCH),
        each);
    System.out.printf(Locale.ROOT, "analysis with H0 and H1 / inference: %.2f%n", median(ratios));
  }

  /** Seconds per stage, summed over the examples. */
  static final class Stages {
    double inference;
    double h0;
    long lengthsComputed;
    long refinementsComputed;
    long pairs;
    double heads;
    double tokens;

    /**
     * The full Jensen-Shannon matrices H1 needs, over the first examples, and how many examples
     * those were.
     */
    double h1Matrices;

    int h1Examples;
  }

  /**
   * The analysis of the job with H0 only (ExampleAnalysis and TokenStatistics) stage by stage: H0
   * of each head from Jensen-Shannon edges measured where their bounds leave them in doubt (as
   * ExampleAnalysis does when max-dimension is 0), head distances, token statistics. With {@code
   * fullMatrices} it also times the full distance matrices (for the kernel speed-up, which compares
   * whole matrices). Returns {full matrix seconds, head distance seconds}.
   */
  private static double[] analyse(
      TextAttention a,
      RunConfig c,
      TokenStatistics.Settings tokenSettings,
      Stages s,
      boolean fullMatrices) {
    long t0 = System.nanoTime();
    TokenSelection.Selected selected =
        TokenSelection.select(a.tokens(), a.attention(), c.tokens.keepSpecial());
    float[][][][] att = selected.attention();
    double[][] rowEntropies = new double[att.length * att[0].length][];
    JensenShannonEdges.Workspace workspace =
        new JensenShannonEdges.Workspace(); // as ExampleAnalysis does
    int h = 0;
    for (float[][][] layer : att) {
      for (float[][] head : layer) {
        JensenShannonEdges edges =
            new JensenShannonEdges(
                head, c.divergence.logBase(), c.divergence.squareRoot(), workspace);
        rowEntropies[h++] =
            edges.rowEntropiesNats(); // as ExampleAnalysis passes them to the head distances
        sink += ZeroDimensionalPersistence.compute(edges, c.persistence.threshold()).merges();
        s.lengthsComputed += edges.lengthsComputed();
        s.refinementsComputed += edges.refinementsComputed();
        s.pairs += DistanceMatrix.triangleLength(head.length);
      }
    }
    long t1 = System.nanoTime();
    HeadDistanceContribution.Sums sums =
        c.divergence.singlePrecisionHeads()
            ? HeadDistanceContribution.ofFloat(att, c.divergence.logBase(), rowEntropies)
            : HeadDistanceContribution.of(att, c.divergence.logBase(), rowEntropies);
    sink += sums.tokens();
    long t2 = System.nanoTime();
    // As AnalyzePartition: the token statistics take the rows' entropies from H0 when the rows are
    // the same.
    sink +=
        TokenStatistics.of(
                a.tokens(),
                a.attention(),
                tokenSettings,
                selected.attention() == a.attention() ? rowEntropies : null)
            .headStats()
            .length;
    long t3 = System.nanoTime();
    double full = 0;
    if (fullMatrices) {
      for (float[][][] layer : att) {
        for (float[][] head : layer) {
          sink +=
              JensenShannon.distanceMatrix(head, c.divergence.logBase(), c.divergence.squareRoot())
                  .size();
        }
      }
      full = (System.nanoTime() - t3) / 1e9;
    }
    s.h0 += (t1 - t0) / 1e9;
    s.heads += (t2 - t1) / 1e9;
    s.tokens += (t3 - t2) / 1e9;
    return new double[] {full, (t2 - t1) / 1e9};
  }

  /** The straightforward loops on the same example: {distances, heads} seconds. */
  private static double[] reference(TextAttention a, RunConfig c) {
    long t0 = System.nanoTime();
    float[][][][] att =
        TokenSelection.select(a.tokens(), a.attention(), c.tokens.keepSpecial()).attention();
    for (float[][][] layer : att) {
      for (float[][] head : layer) {
        sink +=
            JensenShannon.distanceMatrixReference(
                    head, c.divergence.logBase(), c.divergence.squareRoot())
                .size();
      }
    }
    long t1 = System.nanoTime();
    sink += HeadDistanceContribution.ofReference(att, c.divergence.logBase()).tokens();
    // The double head kernel with the same known row entropies the timed analysis passes (computed
    // outside the
    // timing, as they are in the analysis: by the H0 stage).
    double[][] rowEntropies = new double[att.length * att[0].length][];
    for (int h = 0; h < rowEntropies.length; h++) {
      rowEntropies[h] =
          new JensenShannonEdges(
                  att[h / att[0].length][h % att[0].length],
                  c.divergence.logBase(),
                  c.divergence.squareRoot())
              .rowEntropiesNats();
    }
    long t2 = System.nanoTime();
    sink += HeadDistanceContribution.of(att, c.divergence.logBase(), rowEntropies).tokens();
    long t3 = System.nanoTime();
    return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9};
  }

  private static List<DistanceMatrix> matrices(TextAttention a, RunConfig c) {
    float[][][][] att =
        TokenSelection.select(a.tokens(), a.attention(), c.tokens.keepSpecial()).attention();
    List<DistanceMatrix> out = new ArrayList<>();
    // As ExampleAnalysis with max-dimension 1: the heads' edges on one workspace, each full matrix
    // from them.
    JensenShannonEdges.Workspace workspace = new JensenShannonEdges.Workspace();
    for (float[][][] layer : att) {
      for (float[][] head : layer) {
        out.add(
            FastJensenShannon.distanceMatrix(
                new JensenShannonEdges(
                    head, c.divergence.logBase(), c.divergence.squareRoot(), workspace)));
      }
    }
    return out;
  }

  /**
   * H1 per head: the Java engine (one thread, as in a Spark task) on every matrix of the first
   * examples, and on a few of them both Java and ripser (median of 3, ripser's start-up subtracted
   * as in scripts/bench-persistence).
   */
  private static void h1(
      List<DistanceMatrix> matrices,
      String ripser,
      int ripserMatrices,
      Stages s,
      int n,
      double totalH0)
      throws Exception {
    if (matrices.isEmpty()) {
      return;
    }
    RipsPersistence engine = new RipsPersistence(1, Double.POSITIVE_INFINITY, 1);
    double perHead =
        steadyPass(
                () -> {
                  for (DistanceMatrix d : matrices) {
                    sink += size(engine.compute(d));
                  }
                })
            / matrices.size();
    double perExample = 72 * perHead;
    double totalH1 = totalH0 + n * perExample;
    System.out.printf(
        Locale.ROOT,
        "H1 (java, 1 thread): %.1f ms per head over %d heads = %.0f ms/example; "
            + "pipeline with H1, one thread: %.2f examples/s, H1 share %.0f%%%n",
        1e3 * perHead,
        matrices.size(),
        1e3 * perExample,
        n / totalH1,
        pct(n * perExample, totalH1));
    // As ExampleAnalysis with max-dimension 1: the full JS matrix of each head, its H0 and H1 in
    // one engine call,
    // then the head distances and token statistics as in the H0 analysis.
    double matricesPerExample = s.h1Matrices / s.h1Examples;
    double analysisH1 = matricesPerExample + perExample + (s.heads + s.tokens) / n;
    double inference = s.inference / n;
    System.out.printf(
        Locale.ROOT,
        "analysis with H0 and H1: %.1f ms/example (JS matrices %.1f ms, H0 and H1 %.1f ms, "
            + "head distances and token statistics %.1f ms) against inference %.1f ms/example%n",
        1e3 * analysisH1,
        1e3 * matricesPerExample,
        1e3 * perExample,
        1e3 * (s.heads + s.tokens) / n,
        1e3 * inference);
    System.out.printf(
        Locale.ROOT,
        "  (stages timed apart, at different moments: their sum / inference %.2f)%n",
        analysisH1 / inference);
    if (!Files.isExecutable(Path.of(ripser)) || ripserMatrices <= 0) {
      System.out.println("ripser: not found at " + ripser + "; H1 comparison skipped");
      return;
    }
    Path dir = Files.createTempDirectory("bench-pipeline");
    Path tiny = dir.resolve("tiny.lower-distance");
    Files.writeString(tiny, "1\n");
    double startup = ripserSeconds(ripser, tiny, 9);
    double javaSum = 0;
    double ripserSum = 0;
    int k = Math.min(ripserMatrices, matrices.size());
    // Spread over the layers: matrix i * step of the first example's 72 heads.
    int step = Math.max(1, Math.min(72, matrices.size()) / k);
    for (int i = 0; i < k; i++) {
      DistanceMatrix d = matrices.get(i * step);
      Path file = dir.resolve("head-" + i + ".lower-distance");
      writeLower(d, file);
      double[] java = new double[3];
      for (int r = 0; r < 3; r++) {
        long t = System.nanoTime();
        sink += size(engine.compute(d));
        java[r] = seconds(t);
      }
      javaSum += median(java);
      ripserSum += Math.max(0, ripserSeconds(ripser, file, 3) - startup);
    }
    System.out.printf(
        Locale.ROOT,
        "H1 per head on the same %d matrices (%d points): java %.1f ms, ripser %.1f ms "
            + "(start-up %.1f ms subtracted), ratio java/ripser %.2f%n",
        k,
        matrices.get(0).size(),
        1e3 * javaSum / k,
        1e3 * ripserSum / k,
        1e3 * startup,
        javaSum / ripserSum);
  }

  private static double ripserSeconds(String ripser, Path file, int runs) throws Exception {
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      ProcessBuilder pb =
          new ProcessBuilder(ripser, "--format", "lower-distance", "--dim", "1", file.toString());
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      long start = System.nanoTime();
      int rc = pb.start().waitFor();
      t[i] = seconds(start);
      if (rc != 0) {
        throw new IllegalStateException(ripser + " failed with exit status " + rc + " on " + file);
      }
    }
    return median(t);
  }

  /** Full precision, so that ripser sees the same matrix as the Java engine. */
  private static void writeLower(DistanceMatrix d, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 1; i < d.size(); i++) {
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < i; j++) {
          line.append(j == 0 ? "" : ",").append(d.get(i, j));
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  /** One attention row a line, its floats comma-separated, each as Float.toString (exact). */
  private static void writeRows(float[][] rows, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (float[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < row.length; k++) {
          line.append(k == 0 ? "" : ",").append(row[k]);
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  private static void line(String stage, double s, double total, int n) {
    System.out.printf(
        Locale.ROOT,
        "%s: %.2f s = %.1f ms/example (%.0f%% of the pipeline with H0)%n",
        stage,
        s,
        1e3 * s / n,
        pct(s, total));
  }

  private static int size(List<PersistenceDiagram> diagrams) {
    int s = 0;
    for (PersistenceDiagram p : diagrams) {
      s += p.size();
    }
    return s;
  }

  private static double pct(double part, double whole) {
    return 100 * part / whole;
  }

  /**
   * Seconds of one pass: the median of five, after warm-up passes until one is no longer clearly
   * faster than the one before (at most six). A Spark task repeats this work on thousands of heads,
   * and over only a few a single pass would include its compilation (the engine's first pass over
   * 144 heads took 1.7 times the cpu of the fourth) or whatever else the shared machine did in that
   * tenth of a second.
   */
  private static double steadyPass(Runnable pass) {
    double previous = Double.POSITIVE_INFINITY;
    for (int round = 0; round < 6; round++) {
      long t = System.nanoTime();
      pass.run();
      double seconds = seconds(t);
      if (seconds > 0.9 * previous) {
        break;
      }
      previous = seconds;
    }
    double[] timed = new double[5];
    for (int i = 0; i < timed.length; i++) {
      long start = System.nanoTime();
      pass.run();
      timed[i] = seconds(start);
    }
    Arrays.sort(timed);
    return timed[timed.length / 2];
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /**
   * How many (token, head pair) terms of one example the single-precision head kernel keeps and how
   * many its guard ({@link HeadDistanceContribution#singlePrecisionSuffices}) sends to the double
   * kernel. Returns {terms, recomputed}.
   */
  private static long[] guardShare(float[][][][] att) {
    List<float[][]> heads = new ArrayList<>();
    for (float[][][] layer : att) {
      heads.addAll(Arrays.asList(layer));
    }
    int tokens = heads.get(0).length;
    int padded = MixtureEntropy.paddedLength(tokens);
    long terms = 0;
    long recomputed = 0;
    float[][] rows = new float[heads.size()][padded];
    double[] entropy = new double[heads.size()];
    int[] end = new int[heads.size()];
    double[] mixtures = new double[heads.size()];
    for (int t = 0; t < tokens; t++) {
      for (int i = 0; i < heads.size(); i++) {
        FloatMixtureEntropy.pad(heads.get(i)[t], rows[i]);
        end[i] = MixtureEntropy.supportEnd(heads.get(i)[t]);
        entropy[i] = MixtureEntropy.entropyNats(MixtureEntropy.widen(heads.get(i)[t]), end[i]);
      }
      for (int i = 0; i < rows.length; i++) {
        FloatMixtureEntropy.mixtureEntropiesNats(rows[i], end[i], rows, end, i, mixtures);
        for (int j = 0; j < i; j++) {
          double nats = mixtures[j] - 0.5 * (entropy[i] + entropy[j]);
          terms++;
          if (!HeadDistanceContribution.singlePrecisionSuffices(
              mixtures[j], nats, Math.max(end[i], end[j]))) {
            recomputed++;
          }
        }
      }
    }
    return new long[] {terms, recomputed};
  }
}

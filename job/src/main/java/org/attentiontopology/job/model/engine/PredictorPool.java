package org.attentiontopology.job.model.engine;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * At most {@code size} DJL predictors of one loaded model, lent to one calling thread at a time.
 * Predictors are not thread-safe while the engine session they share is, so Spark's task threads
 * each borrow one; the bound keeps a JVM from running more inference calls at once than the spec's
 * {@code inference.predictors} allows, and further callers wait their turn (fairly). Predictors are
 * made on first need and kept until {@link #close}.
 *
 * @param <I> the translator's input (a batch)
 * @param <O> the translator's output
 */
public final class PredictorPool<I, O> implements AutoCloseable {

  private final ZooModel<I, O> model;
  private final Semaphore permits;
  private final ConcurrentLinkedDeque<Predictor<I, O>> idle = new ConcurrentLinkedDeque<>();
  private final List<Predictor<I, O>> created = new ArrayList<>();

  public PredictorPool(ZooModel<I, O> model, int size) {
    this.model = model;
    this.permits = new Semaphore(size, true);
  }

  /**
   * Runs one input on a borrowed predictor.
   *
   * @throws InterruptedException while waiting for a predictor (the interrupt flag is left to the
   *     caller)
   */
  public O predict(I input) throws TranslateException, InterruptedException {
    permits.acquire();
    Predictor<I, O> predictor = null;
    try {
      predictor = idle.pollFirst();
      if (predictor == null) {
        predictor = newPredictor();
      }
      return predictor.predict(input);
    } finally {
      if (predictor != null) {
        idle.addFirst(predictor);
      }
      permits.release();
    }
  }

  private synchronized Predictor<I, O> newPredictor() {
    Predictor<I, O> predictor = model.newPredictor();
    created.add(predictor);
    return predictor;
  }

  /** Closes every predictor made so far (not the model). Idempotent. */
  @Override
  public synchronized void close() {
    for (Predictor<I, O> predictor : created) {
      predictor.close();
    }
    created.clear();
    idle.clear();
  }
}

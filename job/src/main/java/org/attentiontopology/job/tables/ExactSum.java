package org.attentiontopology.job.tables;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.attentiontopology.heads.ExactSums;

/**
 * SQL's sum for corpus-level tables: the exact sum rounded once ({@link ExactSums}), so a mean over
 * the corpus has the same bits whatever the partitioning or task retries, where Spark's own sum
 * adds in partition order. NULL terms are skipped, as sum skips them.
 */
public final class ExactSum extends Aggregator<Double, ExactSums, Double> {
  private static final long serialVersionUID = 1L;

  /** The aggregate as a column function: {@code ExactSum.FUNCTION.apply(col("x"))}. */
  public static final UserDefinedFunction FUNCTION =
      org.apache.spark.sql.functions.udaf(new ExactSum(), Encoders.DOUBLE()).withName("exact_sum");

  @Override
  public ExactSums zero() {
    return new ExactSums(1);
  }

  @Override
  public ExactSums reduce(ExactSums sum, Double x) {
    if (x != null) {
      sum.add(0, x);
    }
    return sum;
  }

  @Override
  public ExactSums merge(ExactSums a, ExactSums b) {
    return a.merge(b);
  }

  @Override
  public Double finish(ExactSums sum) {
    return sum.total(0);
  }

  @Override
  public Encoder<ExactSums> bufferEncoder() {
    return Encoders.javaSerialization(ExactSums.class);
  }

  @Override
  public Encoder<Double> outputEncoder() {
    return Encoders.DOUBLE();
  }
}

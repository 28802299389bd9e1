package org.attentiontopology.sql;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.attentiontopology.diagram.BottleneckDistance;
import org.attentiontopology.diagram.DiagramStatistics;
import org.attentiontopology.diagram.WassersteinDistance;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The persistence-diagram SQL functions (see package-info for their contracts): each once, on
 * checked diagrams and numbers, whatever the engine; {@link #register} binds them to a Spark
 * session, and the {@code sql} command binds the same methods to DuckDB.
 *
 * <p>The Spark UDFs take Object arguments and check them here, so that a column of the wrong type,
 * a NaN or a malformed bar gives an error that names the argument instead of a ClassCastException;
 * Spark hands a literal 1.0 over as a DECIMAL, 1 as an INT and a column as a DOUBLE, all Numbers.
 *
 * <pre>
 *   AttentionTopologyFunctions.register(spark);
 *   spark.sql("SELECT bottleneck_distance(a.bars, b.bars) FROM ...");
 * </pre>
 */
public final class AttentionTopologyFunctions {
  /** The names registered, in registration order. */
  public static final String[] NAMES = {
    "bottleneck_distance",
    "wasserstein_distance",
    "persistence_entropy",
    "betti_number",
    "total_persistence",
    "max_persistence",
    "bar_count"
  };

  private AttentionTopologyFunctions() {}

  /** bottleneck_distance(bars_a, bars_b): NULL for a NULL argument or an infinite distance. */
  public static Double bottleneckDistance(PersistenceDiagram a, PersistenceDiagram b) {
    return a == null || b == null ? null : finiteOrNull(BottleneckDistance.distance(a, b));
  }

  /**
   * wasserstein_distance(bars_a, bars_b, q): q a number >= 1; q = +Infinity is the bottleneck
   * distance.
   */
  public static Double wassersteinDistance(PersistenceDiagram a, PersistenceDiagram b, Object q) {
    if (a == null || b == null || q == null) {
      return null;
    }
    double order = SqlDiagrams.number("q", q);
    if (!(order >= 1)) {
      throw new IllegalArgumentException(
          "q = "
              + order
              + " is not a Wasserstein order: pass q >= 1 "
              + "(1 and 2 are the usual ones)");
    }
    return order == Double.POSITIVE_INFINITY
        ? bottleneckDistance(a, b)
        : finiteOrNull(WassersteinDistance.distance(a, b, order));
  }

  /** persistence_entropy(bars). */
  public static Double persistenceEntropy(PersistenceDiagram bars) {
    return bars == null ? null : DiagramStatistics.entropy(bars);
  }

  /** betti_number(bars, threshold): threshold any number but NaN (+-Infinity allowed). */
  public static Integer bettiNumber(PersistenceDiagram bars, Object threshold) {
    if (bars == null || threshold == null) {
      return null;
    }
    return DiagramStatistics.bettiNumber(bars, SqlDiagrams.number("threshold", threshold));
  }

  /** total_persistence(bars). */
  public static Double totalPersistence(PersistenceDiagram bars) {
    return bars == null ? null : DiagramStatistics.of(bars).totalPersistence();
  }

  /** max_persistence(bars). */
  public static Double maxPersistence(PersistenceDiagram bars) {
    return bars == null ? null : DiagramStatistics.of(bars).maxPersistence();
  }

  /** bar_count(bars). */
  public static Integer barCount(PersistenceDiagram bars) {
    return bars == null ? null : bars.size();
  }

  /** Infinite distances (different numbers of essential bars) become NULL; see package-info. */
  static Double finiteOrNull(double v) {
    return Double.isInfinite(v) ? null : v;
  }

  private static PersistenceDiagram bars(String argument, Object value) {
    return SqlDiagrams.fromSpark(argument, value);
  }

  static final UDF2<Object, Object, Double> BOTTLENECK_DISTANCE =
      (a, b) -> bottleneckDistance(bars("bars_a", a), bars("bars_b", b));
  static final UDF3<Object, Object, Object, Double> WASSERSTEIN_DISTANCE =
      (a, b, q) -> wassersteinDistance(bars("bars_a", a), bars("bars_b", b), q);
  static final UDF1<Object, Double> PERSISTENCE_ENTROPY = b -> persistenceEntropy(bars("bars", b));
  static final UDF2<Object, Object, Integer> BETTI_NUMBER =
      (b, t) -> bettiNumber(bars("bars", b), t);
  static final UDF1<Object, Double> TOTAL_PERSISTENCE = b -> totalPersistence(bars("bars", b));
  static final UDF1<Object, Double> MAX_PERSISTENCE = b -> maxPersistence(bars("bars", b));
  static final UDF1<Object, Integer> BAR_COUNT = b -> barCount(bars("bars", b));

  /** Registers every function of this package as a temporary function of the session. */
  public static void register(SparkSession spark) {
    spark.udf().register("bottleneck_distance", BOTTLENECK_DISTANCE, DataTypes.DoubleType);
    spark.udf().register("wasserstein_distance", WASSERSTEIN_DISTANCE, DataTypes.DoubleType);
    spark.udf().register("persistence_entropy", PERSISTENCE_ENTROPY, DataTypes.DoubleType);
    spark.udf().register("betti_number", BETTI_NUMBER, DataTypes.IntegerType);
    spark.udf().register("total_persistence", TOTAL_PERSISTENCE, DataTypes.DoubleType);
    spark.udf().register("max_persistence", MAX_PERSISTENCE, DataTypes.DoubleType);
    spark.udf().register("bar_count", BAR_COUNT, DataTypes.IntegerType);
  }
}

package org.attentiontopology.job.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.Row;
import org.attentiontopology.divergence.LogBase;
import org.junit.jupiter.api.Test;

class HeadStatisticsTest {
  @Test
  void theMeanAttentionDistanceOfAHeadWorkedByHandLandsInItsColumn() {
    // One layer, one head, three tokens. Row 0: 0.5 at distance 0 and 0.5 at distance 1; row 1:
    // 0.25 at each neighbour (distance 1); row 2: everything two positions back. Mean over the
    // rows of (0.5, 0.5, 2) = 1.
    float[][][][] attention = {{{{0.5f, 0.5f, 0f}, {0.25f, 0.5f, 0.25f}, {1f, 0f, 0f}}}};
    String[] tokens = {"[CLS]", "cat", "[SEP]"};
    Row[] stats =
        TokenStatistics.of(
                tokens, attention, new TokenStatistics.Settings(0, false, null, 0f, LogBase.TWO))
            .headStats();
    assertEquals(1, stats.length);
    int column = HeadStatistics.STRUCT.fieldIndex("mean_attention_distance");
    assertEquals(1.0, stats[0].getDouble(column), 0.0);
    // Its neighbours keep their own values: self is the diagonal's mean, (0.5 + 0.5 + 0) / 3.
    assertEquals(1.0 / 3, stats[0].getDouble(HeadStatistics.STRUCT.fieldIndex("self")), 1e-15);
  }
}

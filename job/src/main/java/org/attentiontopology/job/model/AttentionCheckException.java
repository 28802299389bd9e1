package org.attentiontopology.job.model;

/**
 * An attention row does not sum to 1 within the spec's tolerance, or has a negative weight.
 * Attention is used as the model gives it (never renormalised), so such a row means a broken graph,
 * a wrong output picked as attention, or numerical trouble.
 */
public class AttentionCheckException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int layer;
  private final int head;
  private final int row;
  private final double sum;

  public AttentionCheckException(int layer, int head, int row, double sum, double tolerance) {
    this(
        "attention row does not sum to 1: layer "
            + layer
            + ", head "
            + head
            + ", row "
            + row
            + " sums to "
            + sum
            + " (|sum - 1| = "
            + Math.abs(sum - 1)
            + " > tolerance "
            + tolerance
            + ")",
        layer,
        head,
        row,
        sum);
  }

  /** A row with a negative weight: no Softmax gives one, so the graph's output is not attention. */
  public static AttentionCheckException negativeWeight(
      int layer, int head, int row, int column, float weight, double sum) {
    return new AttentionCheckException(
        "attention row has a negative weight: layer "
            + layer
            + ", head "
            + head
            + ", row "
            + row
            + ", column "
            + column
            + " is "
            + weight
            + "; attention must be Softmax "
            + "probabilities (is the exposed output the Softmax's, not its input?)",
        layer,
        head,
        row,
        sum);
  }

  private AttentionCheckException(String message, int layer, int head, int row, double sum) {
    super(message);
    this.layer = layer;
    this.head = head;
    this.row = row;
    this.sum = sum;
  }

  /** 0-based layer of the offending row. */
  public int layer() {
    return layer;
  }

  /** 0-based head of the offending row. */
  public int head() {
    return head;
  }

  /** 0-based query (from) position of the offending row. */
  public int row() {
    return row;
  }

  /** The row's sum, in double precision. */
  public double sum() {
    return sum;
  }
}

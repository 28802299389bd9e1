package org.attentiontopology.job.model;

/** ONNX Runtime failed on a batch of texts (after a successful load). */
public class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}

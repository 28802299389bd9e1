package org.attentiontopology.job.model;

/**
 * A model could not be loaded: a missing or corrupt file, an unusable graph (no attention Softmax,
 * fused attention, attention outputs of the wrong shape), or a graph that disagrees with its spec.
 * The message names the file or spec at fault and what to do about it.
 */
public class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}

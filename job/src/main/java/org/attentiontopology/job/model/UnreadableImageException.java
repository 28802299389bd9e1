package org.attentiontopology.job.model;

/**
 * An image file that is empty, missing, or not a PNG or JPEG that javax.imageio can decode: the
 * example's fault.
 */
public class UnreadableImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnreadableImageException(String message) {
    super(message);
  }

  public UnreadableImageException(String message, Throwable cause) {
    super(message, cause);
  }
}

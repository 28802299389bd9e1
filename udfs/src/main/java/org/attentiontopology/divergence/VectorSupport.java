package org.attentiontopology.divergence;

/**
 * Whether the Java Vector API (the incubator module jdk.incubator.vector) is in this JVM. The fast
 * kernels need it (`--add-modules=jdk.incubator.vector`, in conf/jvm.options); a JVM started
 * without it, say a SQL user's Spark session, gets the scalar reference loops instead of a
 * NoClassDefFoundError. The answer is read once: modules cannot be added to a running JVM's boot
 * layer.
 */
public final class VectorSupport {
  private VectorSupport() {}

  private static final boolean AVAILABLE =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  public static boolean available() {
    return AVAILABLE;
  }
}

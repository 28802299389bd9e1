package org.attentiontopology.job.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-node HDFS for a test: the hdfs-test-cluster module's server in a child JVM with that
 * module's class path (the unshaded Hadoop it needs cannot join the job's), reached over {@code
 * hdfs://} through Spark's own Hadoop client. Closing it closes the child's input, which stops it.
 */
final class HdfsServer implements AutoCloseable {
  private static final Path MODULE = Path.of("hdfs-test-cluster", "target");

  private final Process process;
  private final String uri;

  private HdfsServer(Process process, String uri) {
    this.process = process;
    this.uri = uri;
  }

  /**
   * Starts the server with its storage under {@code dir}; waits until it serves (a minute at most).
   */
  static HdfsServer start(Path dir) throws Exception {
    Path classPath = MODULE.resolve("classpath.txt");
    if (!Files.isRegularFile(classPath)) {
      throw new IllegalStateException(
          classPath.toAbsolutePath()
              + " is missing: build the whole reactor (mvn install from the root), which writes it");
    }
    String cp =
        MODULE.resolve("classes").toAbsolutePath()
            + java.io.File.pathSeparator
            + Files.readString(classPath).trim();
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-cp",
                    cp,
                    "org.attentiontopology.hdfs.MiniHdfs",
                    dir.resolve("hdfs").toString()))
            .redirectError(dir.resolve("hdfs.log").toFile())
            .start();
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
              } catch (IOException e) {
                return null;
              }
            });
    String line;
    try {
      line = first.get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "the HDFS server did not start: " + Files.readString(dir.resolve("hdfs.log")), e);
    }
    if (line == null || !line.startsWith("hdfs://")) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "the HDFS server did not start: " + Files.readString(dir.resolve("hdfs.log")));
    }
    return new HdfsServer(p, line.trim());
  }

  /** hdfs://127.0.0.1:PORT */
  String uri() {
    return uri;
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}

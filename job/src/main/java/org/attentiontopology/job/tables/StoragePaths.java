package org.attentiontopology.job.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The user's paths (corpus, --out, dumps, run directories, pairs files) as Hadoop sees them.
 *
 * <p>Why: a scheduled study reads its corpus from and writes its tables to cluster storage ({@code
 * hdfs://}, {@code s3a://}) as often as to a local disk, so every such path goes through Hadoop's
 * FileSystem API, which serves all of them, and never through java.nio, which knows only the local
 * disk. A path without a scheme is the default file system's (local unless {@code fs.defaultFS}
 * says otherwise), relative to the working directory. The {@code spark.hadoop.*} settings of the
 * run (credentials, endpoints) reach the driver's checks as they reach Spark.
 */
public final class StoragePaths {
  private StoragePaths() {}

  /** Hadoop's configuration with the run's {@code spark.hadoop.*} settings, as Spark builds it. */
  public static Configuration hadoop(Map<String, String> sparkConf) {
    Configuration conf = new Configuration();
    for (Map.Entry<String, String> e : sparkConf.entrySet()) {
      if (e.getKey().startsWith("spark.hadoop.")) {
        conf.set(e.getKey().substring("spark.hadoop.".length()), e.getValue());
      }
    }
    return conf;
  }

  /** The path with its file system's scheme and authority, and absolute. */
  public static Path qualify(String path, Configuration conf) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(conf).makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path + ": " + e.getMessage(), e);
    }
  }

  /** Whether the path names a file or folder that exists. */
  public static boolean exists(String path, Configuration conf) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(conf).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path + ": " + e.getMessage(), e);
    }
  }

  /** Whether the path is on the local disk (java.nio and DuckDB can open it). */
  public static boolean isLocal(String path, Configuration conf) {
    return "file".equals(qualify(path, conf).toUri().getScheme());
  }

  /**
   * The path as the tool records it: a local path as a plain absolute path (as runs always recorded
   * it), any other with its scheme and authority.
   */
  public static String display(String path, Configuration conf) {
    Path q = qualify(path, conf);
    return "file".equals(q.toUri().getScheme()) ? q.toUri().getPath() : q.toString();
  }

  /** Whether {@code inner} is {@code outer} or lies inside it, on the same file system. */
  public static boolean isWithin(String inner, String outer, Configuration conf) {
    java.net.URI a = qualify(inner, conf).toUri();
    java.net.URI b = qualify(outer, conf).toUri();
    if (!java.util.Objects.equals(a.getScheme(), b.getScheme())
        || !java.util.Objects.equals(a.getAuthority(), b.getAuthority())) {
      return false;
    }
    String base = b.getPath().endsWith("/") ? b.getPath() : b.getPath() + "/";
    return a.getPath().equals(b.getPath()) || a.getPath().startsWith(base);
  }

  /** The file system that serves the path. */
  public static FileSystem fileSystem(Path path, Configuration conf) {
    try {
      return path.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path + ": " + e.getMessage(), e);
    }
  }
}

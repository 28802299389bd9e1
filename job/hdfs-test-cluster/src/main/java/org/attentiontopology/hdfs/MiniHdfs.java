package org.attentiontopology.hdfs;

import java.io.File;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A one-node HDFS (Hadoop's MiniDFSCluster) in a JVM of its own, for tests and the standalone
 * cluster check.
 *
 * <p>Why a process of its own: the job runs on Spark's shaded Hadoop client, and the minicluster's
 * servers need the unshaded Hadoop jars, which cannot share a class path with it. So the server
 * runs here, with its own class path, and the job talks to it as any client would, over {@code
 * hdfs://}. It prints {@code hdfs://127.0.0.1:PORT} on one line when it is ready and stops when its
 * standard input closes, so it never outlives the process that started it.
 */
public final class MiniHdfs {
  private MiniHdfs() {}

  /** Args: the folder that holds the name node's and data node's storage. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: MiniHdfs STORAGE_DIR");
      System.exit(2);
    }
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(args[0]).getAbsolutePath());
    conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
    conf.setBoolean("dfs.permissions.enabled", false);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    cluster.waitActive();
    System.out.println("hdfs://127.0.0.1:" + cluster.getNameNodePort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // runs until the parent closes our input (or dies)
    }
    cluster.shutdown();
    System.exit(0);
  }
}

package org.attentiontopology.job.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs the CLI in a child JVM of its own, as the launcher would (the
 * project's JVM options, the test class path), for tests that kill a run midway or need a fresh
 * process.
 */
final class ChildCli {
  private ChildCli() {}

  /** {@code java @conf/jvm.options -Xmx1g -cp CLASSPATH Main ARGS...} */
  static List<String> command(List<String> args) {
    List<String> java =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("..", "conf", "jvm.options").toAbsolutePath().normalize(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    java.addAll(args);
    return java;
  }
}

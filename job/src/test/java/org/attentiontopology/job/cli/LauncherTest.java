package org.attentiontopology.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/attention-topology, run in a copy of the project with a stand-in for java that prints the
 * JVM's incubator notice, its arguments and an error of its own: the Vector API module goes to run
 * only, and the notice (and nothing else) is dropped from run's standard error.
 */
class LauncherTest {
  static final Path ROOT =
      Path.of(
          System.getProperty(
              "maven.multiModuleProjectDirectory",
              Path.of("").toAbsolutePath().getParent().toString()));
  static final String NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";

  @TempDir Path copy;
  Path fakeJava;

  record Outcome(int code, String out, String err) {}

  @BeforeEach
  void copyTheLauncher() throws IOException {
    Files.createDirectories(copy.resolve("scripts/lib"));
    Files.createDirectories(copy.resolve("conf"));
    Files.createDirectories(copy.resolve("job/target/lib"));
    Files.copy(
        ROOT.resolve("scripts/attention-topology"), copy.resolve("scripts/attention-topology"));
    Files.copy(ROOT.resolve("scripts/lib/build.sh"), copy.resolve("scripts/lib/build.sh"));
    Files.copy(ROOT.resolve("conf/jvm.options"), copy.resolve("conf/jvm.options"));
    // The jar is newer than every source (there are none here) and lib/ holds Spark, so the
    // launcher builds nothing.
    Files.writeString(copy.resolve("job/target/lib/spark-core_2.13-4.0.4.jar"), "");
    Files.writeString(copy.resolve("job/target/attention-topology-job.jar"), "");
    fakeJava =
        Files.writeString(
            copy.resolve("java"),
            "#!/usr/bin/env bash\n"
                + "echo '"
                + NOTICE
                + "' >&2\n"
                + "printf '%s\\n' \"$@\"\n"
                + "echo 'error: something the user must see' >&2\n"
                + "echo '"
                + NOTICE
                + " and more' >&2\n"
                + "exit 3\n");
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  Outcome launch(String... args) throws Exception {
    return launchWithPath(System.getenv("PATH"), args);
  }

  Outcome launchWithPath(String path, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("bash", copy.resolve("scripts/attention-topology").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("JAVA", fakeJava.toString());
    pb.environment().remove("JAVA_OPTS");
    pb.environment().put("PATH", path);
    Path out = copy.resolve("out.txt");
    Path err = copy.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    int code = pb.start().waitFor();
    // Run's standard error passes through a filter that writes java's last lines a moment after
    // java ends (a
    // reader of a pipe sees them before its end of file); here the file is read once the last line
    // is in.
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!Files.readString(err).endsWith(" and more\n") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return new Outcome(
        code,
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void runGetsTheVectorApiWithoutTheNotice() throws Exception {
    Outcome o = launch("run", "--corpus", "c.txt", "--out", "o");
    assertEquals(3, o.code(), "java's exit code");
    assertTrue(o.out().contains("--add-modules=jdk.incubator.vector\n"), o.out());
    assertTrue(o.out().contains("--add-opens=java.base/java.nio=ALL-UNNAMED\n"), o.out());
    assertTrue(
        o.out().endsWith("org.attentiontopology.job.cli.Main\nrun\n--corpus\nc.txt\n--out\no\n"),
        o.out());
    assertEquals(
        "error: something the user must see\n" + NOTICE + " and more\n",
        o.err(),
        "only the notice itself is dropped");
  }

  @Test
  void otherCommandsAndHelpGoWithoutTheModule() throws Exception {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"run", "--help"},
          {"sql", "runs/r", "SELECT 1"},
          {"report", "runs/r"},
          {"help", "run"}
        }) {
      Outcome o = launch(args);
      assertFalse(o.out().contains("--add-modules"), String.join(" ", args) + ": " + o.out());
      assertTrue(o.out().contains("-Dai.djl.offline=true\n"), o.out());
      assertEquals(
          NOTICE + "\nerror: something the user must see\n" + NOTICE + " and more\n",
          o.err(),
          "unfiltered: this java printed the notice itself");
    }
  }

  @Test
  void theBuildLeavesNoEscapeCodesInALog() throws Exception {
    // A stand-in for Maven 3.8, which prints colour resets even in batch mode, and builds the jar.
    Path bin = Files.createDirectories(copy.resolve("bin"));
    Path mvn =
        Files.writeString(
            bin.resolve("mvn"),
            "#!/usr/bin/env bash\n"
                + "printf '\\033[0m\\033[1;31mcompiling\\033[0m\\n'\n"
                + "touch job/target/attention-topology-job.jar\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.delete(copy.resolve("job/target/attention-topology-job.jar"));
    Outcome o =
        launchWithPath(bin + ":" + System.getenv("PATH"), "run", "--corpus", "c.txt", "--out", "o");
    assertTrue(
        o.err()
            .startsWith(
                "building the project (job/target/attention-topology-job.jar is missing) (mvn"
                    + " install)...\ncompiling\n"),
        o.err());
    assertFalse(o.err().contains("\u001b"), o.err());
  }

  @Test
  void aLibWithoutSparkIsRebuilt() throws Exception {
    // A -Pcluster build leaves job/target/lib without Spark: the local launcher cannot run on it.
    Path bin = Files.createDirectories(copy.resolve("bin"));
    Path mvn =
        Files.writeString(
            bin.resolve("mvn"),
            "#!/usr/bin/env bash\n"
                + "echo \"mvn $*\"\n"
                + "touch job/target/lib/spark-core_2.13-4.0.4.jar job/target/attention-topology-job.jar\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.delete(copy.resolve("job/target/lib/spark-core_2.13-4.0.4.jar"));
    Outcome o = launchWithPath(bin + ":" + System.getenv("PATH"), "--help");
    assertTrue(
        o.err()
            .startsWith(
                "building the project (job/target/lib lacks Spark (a -Pcluster build)) (mvn"
                    + " install)...\n"),
        o.err());
    assertTrue(o.err().contains("-DskipTests -Dspotless.check.skip=true install"), o.err());
    assertTrue(Files.exists(copy.resolve("job/target/lib/spark-core_2.13-4.0.4.jar")));
  }
}

package org.attentiontopology.job.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `attention-topology` command line. */
@Command(
    name = "attention-topology",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Topology of transformer attention heads at corpus scale.",
    subcommands = {
      RunCommand.class,
      ModelsCommand.class,
      ReportCommand.class,
      SqlCommand.class,
      HeatmapCommand.class,
      PersistenceCommand.class,
      BottleneckCommand.class,
      CompareCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command line and returns its exit code; errors of the user's making print one clear
   * line.
   */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          Throwable cause = e;
          while (cause.getCause() != null && !isUsersMistake(cause)) {
            cause = cause.getCause();
          }
          if (isUsersMistake(cause)) {
            commandLine.getErr().println("error: " + cause.getMessage());
            return 2;
          }
          throw e;
        });
    return cli.execute(args);
  }

  /**
   * Bad input or configuration: one clear line for the user, not a stack trace. A model that cannot
   * load (a corrupt file, a graph that disagrees with its spec) is the configuration's fault too,
   * also when an executor finds it and the run fails through Spark.
   */
  private static boolean isUsersMistake(Throwable e) {
    return e instanceof IllegalArgumentException
        || e instanceof java.io.UncheckedIOException
        || e instanceof java.nio.file.NoSuchFileException
        || e instanceof com.typesafe.config.ConfigException
        || e instanceof org.attentiontopology.job.model.ModelLoadException;
  }
}

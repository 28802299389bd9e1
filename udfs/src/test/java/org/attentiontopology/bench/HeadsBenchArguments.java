package org.attentiontopology.bench;

import java.nio.file.Path;

/**
 * The arguments of the benchmarks over heads PipelineBench wrote to a folder, {@code DIR [--rounds
 * K]}: read in one place so that the benchmarks take them alike. Not a test.
 *
 * @param dir the folder of heads
 * @param rounds timed rounds after warm-up (5 unless given)
 */
public record HeadsBenchArguments(Path dir, int rounds) {
  /**
   * Parses {@code DIR [--rounds K]}; {@code usage} (the benchmark's own line, with what DIR holds)
   * is the error when DIR is missing.
   */
  public static HeadsBenchArguments parse(String[] args, String usage) {
    if (args.length < 1) {
      throw new IllegalArgumentException(usage);
    }
    int rounds = 5;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--rounds")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException("--rounds needs a value K");
        }
        rounds = Integer.parseInt(args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i] + "; use --rounds K");
      }
    }
    return new HeadsBenchArguments(Path.of(args[0]), rounds);
  }
}

package org.attentiontopology.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentiontopology.job.config.RunConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help texts and the README's command-line section say the same: every command of Main has a
 * row in the README's table whose description is the command's one-line summary, shown whole in the
 * command list; every option is in the section; every corpus format is named by both run --help and
 * the README. They cannot drift apart unnoticed. The README stays an overview (under 200 lines)
 * whose links to the docs and files resolve.
 */
class HelpAndReadmeTest {
  static final Path ROOT = LauncherTest.ROOT;

  /** The README from "## The command line" to the next section. */
  static String cliSection() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("## The command line");
    assertTrue(start >= 0, "README has a command-line section");
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The table's rows: command name to [usage, description], as written. */
  static Map<String, String[]> rows(String section) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : section.split("\n")) {
      if (line.startsWith("| `")) {
        String[] cells = line.substring(1).split("(?<!\\\\)\\|");
        String usage = cells[0].trim();
        rows.put(usage.substring(1).split("[ `]")[0], new String[] {usage, cells[1].trim()});
      }
    }
    return rows;
  }

  /**
   * Markdown to what a terminal shows: links in parentheses dropped, code marks and escapes
   * removed.
   */
  static String plain(String markdown) {
    return markdown
        .replaceAll("\\s*\\(\\[[^]]*]\\([^)]*\\)\\)", "")
        .replace("`", "")
        .replace("\\|", "|");
  }

  static String summary(CommandSpec spec) {
    String[] header = spec.usageMessage().header();
    return header.length > 0 ? String.join(" ", header) : spec.usageMessage().description()[0];
  }

  static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  static Map<String, CommandLine> commands() {
    Map<String, CommandLine> commands =
        new LinkedHashMap<>(new CommandLine(new Main()).getSubcommands());
    commands.remove("help"); // picocli's own
    return commands;
  }

  @Test
  void everyCommandHasItsRowWithItsSummaryAndEveryRowACommand() throws IOException {
    Map<String, String[]> rows = rows(cliSection());
    for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
      String[] row = rows.get(c.getKey());
      assertTrue(row != null, "README's command table has no row for " + c.getKey());
      assertEquals(
          summary(c.getValue().getCommandSpec()), plain(row[1]), c.getKey() + ": README and help");
    }
    assertEquals(commands().keySet(), rows.keySet(), "README rows are the commands");
  }

  @Test
  void theCommandListShowsEachSummaryWhole() {
    StringWriter usage = new StringWriter();
    new CommandLine(new Main()).usage(new PrintWriter(usage), CommandLine.Help.Ansi.OFF);
    String list = oneLine(usage.toString());
    for (CommandLine c : commands().values()) {
      String summary = summary(c.getCommandSpec());
      assertTrue(
          list.contains(oneLine(summary)),
          "attention-topology --help cuts '" + summary + "':\n" + usage);
    }
  }

  @Test
  void everyOptionIsInTheReadmeSection() throws IOException {
    String section = cliSection();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
      for (OptionSpec option : c.getValue().getCommandSpec().options()) {
        if (option.usageHelp() || option.versionHelp()) {
          continue;
        }
        if (!section.matches(
            "(?s).*" + java.util.regex.Pattern.quote(option.longestName()) + "(?![\\w-]).*")) {
          missing.add(c.getKey() + " " + option.longestName());
        }
      }
    }
    assertEquals(List.of(), missing, "options the README's command-line section does not mention");
  }

  @Test
  void runHelpAndTheReadmeNameEveryCorpusFormat() throws IOException {
    OptionSpec corpus = commands().get("run").getCommandSpec().findOption("--corpus");
    String help = String.join(" ", corpus.description()).toLowerCase(Locale.ROOT);
    String section = cliSection();
    int bullet = section.indexOf("- `--corpus`:");
    assertTrue(bullet >= 0, "README describes --corpus");
    String readme =
        section.substring(bullet, section.indexOf("\n- ", bullet + 1)).toLowerCase(Locale.ROOT);
    for (String format : RunConfig.CORPUS_FORMATS) {
      if (format.equals("auto")) {
        continue;
      }
      assertTrue(help.contains(format), "run --help's --corpus names " + format + ": " + help);
      assertTrue(readme.contains(format), "README's --corpus names " + format + ": " + readme);
    }
    for (String kind :
        new String[] {"folder of images", "save_to_disk", "gzip", "bzip2", "zstd", "subfolders"}) {
      assertTrue(
          help.contains(kind) && readme.contains(kind), kind + " in both: " + help + "\n" + readme);
    }
  }

  @Test
  void theReadmeIsAnOverviewWhoseLinksResolve() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    assertTrue(
        lines.size() < 200, "README.md has " + lines.size() + " lines: move details to docs/");
    java.util.regex.Matcher link =
        java.util.regex.Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)")
            .matcher(String.join("\n", lines));
    List<String> broken = new ArrayList<>();
    int links = 0;
    while (link.find()) {
      links++;
      if (!Files.exists(ROOT.resolve(link.group(1)))) {
        broken.add(link.group(1));
      }
    }
    assertTrue(links >= 5, "README links to its docs");
    assertEquals(List.of(), broken, "README links to missing files");
  }
}

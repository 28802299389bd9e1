package org.attentiontopology.job.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark corpus: documents of about {@code words} words made by concatenating sentences of
 * conf/corpus/sample-sentences.txt drawn with a fixed seed, so that every run of
 * scripts/bench-pipeline analyses the same texts. About 100 words give about 128 MiniLM word
 * pieces, the length the issue asks for.
 */
public final class BenchCorpus {
  private BenchCorpus() {}

  public static List<String> documents(Path sentencesFile, int count, int words, long seed)
      throws IOException {
    List<String> sentences = new ArrayList<>();
    for (String line : Files.readAllLines(sentencesFile, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        sentences.add(line.strip());
      }
    }
    if (sentences.isEmpty()) {
      throw new IllegalArgumentException(sentencesFile + " holds no sentences");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> documents = new ArrayList<>(count);
    for (int d = 0; d < count; d++) {
      StringBuilder text = new StringBuilder();
      int n = 0;
      while (n < words) {
        String s = sentences.get(rnd.nextInt(sentences.size()));
        text.append(text.length() == 0 ? "" : " ").append(s);
        n += s.split("\\s+").length;
      }
      documents.add(text.toString());
    }
    return documents;
  }

  /** Writes the documents one per line (the text corpus format of `attention-topology run`). */
  public static void write(List<String> documents, Path file) throws IOException {
    Files.write(file, documents, StandardCharsets.UTF_8);
  }
}

package org.attentiontopology.job.stages;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.attentiontopology.job.corpus.CorpusSchema;
import org.attentiontopology.job.model.family.text.SpecTokenizers;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code inference.long-texts = window}: replaces each corpus text longer than the model's maximum
 * length by overlapping windows of it, each analysed as an example of its own, and leaves every
 * other row alone. Runs between the corpus and {@link AnalyzePartition}, for text models only (an
 * image always fits a vision model).
 *
 * <p>Windows are cut by the model's own tokens, never by characters: the text is tokenized with the
 * spec's tokenizer (once per executor JVM, {@link SpecTokenizers}), {@link WindowRanges} chooses
 * the pieces of each window, and the window's text is the substring covering those pieces (from the
 * tokenizer's character spans). The model tokenizes that substring again, so every window is
 * checked to give back exactly its pieces; a tokenizer that normalises text in a way that breaks
 * this (or a window that had to begin inside a word) makes the whole text fall back to truncation,
 * where the examples table flags it {@code truncated}.
 *
 * <p>A window's row keeps the text's ordinal, source, label and group; its id is {@code <id>#w<k>},
 * k = 0, 1, ..., and {@code window}/{@code n_windows} say which of how many it is.
 */
public final class TextWindows implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TextWindows.class);

  /** Separates a text's id from its window number in a window's example id. */
  public static final String ID_SUFFIX = "#w";

  private final ModelSpec spec;
  private final int overlap;
  private final String workDir;

  /**
   * @param spec a text model's spec; its max length bounds every window, special tokens included
   * @param overlap word pieces shared by consecutive windows ({@code inference.window-overlap})
   * @param workDir as for {@link AnalyzePartition}: where DJL unpacks the tokenizers native library
   */
  public TextWindows(ModelSpec spec, int overlap, String workDir) {
    if (!spec.family().readsText()) {
      throw new IllegalArgumentException(
          "model '"
              + spec.name()
              + "' is of kind "
              + spec.kind().configName()
              + ": only text models (encoders, decoders, longformers) split long texts into windows");
    }
    requireOverlapFits(spec, overlap);
    this.spec = spec;
    this.overlap = overlap;
    this.workDir = workDir;
  }

  /**
   * Fails on the driver, before any work, when the overlap leaves a window no room to advance. Two
   * special tokens are assumed ([CLS] and [SEP]), the most a single-text input carries in the
   * supported families.
   */
  public static void requireOverlapFits(ModelSpec spec, int overlap) {
    if (overlap < 0 || overlap >= spec.maxLength() - 2) {
      throw new IllegalArgumentException(
          "inference.window-overlap = "
              + overlap
              + " does not fit model '"
              + spec.name()
              + "', whose maximum length is "
              + spec.maxLength()
              + " tokens: the overlap must be at least"
              + " 0 and less than "
              + (spec.maxLength() - 2)
              + " (the maximum length less 2 special tokens); lower "
              + "inference.window-overlap or raise inference.max-length");
    }
  }

  @Override
  public Iterator<Row> call(Row row) {
    if (row.getString(row.fieldIndex(CorpusSchema.CORPUS_ERROR)) != null) {
      return List.of(row).iterator();
    }
    String text = row.getString(row.fieldIndex(CorpusSchema.TEXT));
    HuggingFaceTokenizer tokenizer =
        SpecTokenizers.get(spec, AnalyzePartition.resolveWorkDir(workDir));
    List<String> windows = split(tokenizer, text);
    if (windows.size() <= 1) {
      return List.of(row).iterator();
    }
    String id = row.getString(row.fieldIndex(CorpusSchema.EXAMPLE_ID));
    List<Row> out = new ArrayList<>(windows.size());
    for (int k = 0; k < windows.size(); k++) {
      Object[] v = new Object[row.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = row.get(i);
      }
      v[row.fieldIndex(CorpusSchema.EXAMPLE_ID)] = id + ID_SUFFIX + k;
      v[row.fieldIndex(CorpusSchema.TEXT)] = windows.get(k);
      v[row.fieldIndex(CorpusSchema.WINDOW)] = k;
      v[row.fieldIndex(CorpusSchema.N_WINDOWS)] = windows.size();
      out.add(new GenericRowWithSchema(v, row.schema()));
    }
    return out.iterator();
  }

  /**
   * The texts of the windows of {@code text}: the text itself when it fits the model, or when
   * windows cannot be cut faithfully (then the model truncates it and says so).
   */
  List<String> split(HuggingFaceTokenizer tokenizer, String text) {
    Encoding encoding = tokenizer.encode(text, true, false);
    long[] ids = encoding.getIds();
    if (ids.length <= spec.maxLength()) {
      return List.of(text);
    }
    long[] special = encoding.getSpecialTokenMask();
    int first = 0;
    while (first < ids.length && special[first] == 1) {
      first++;
    }
    int last = ids.length;
    while (last > first && special[last - 1] == 1) {
      last--;
    }
    for (int i = first; i < last; i++) {
      if (special[i] == 1) {
        return fallBack(text, "a special token inside the text");
      }
    }
    int pieces = last - first;
    int specials = ids.length - pieces;
    long[] words = encoding.getWordIds();
    CharSpan[] spans = encoding.getCharTokenSpans();
    int from = first;
    List<WindowRanges.Range> ranges =
        WindowRanges.of(
            pieces,
            spec.maxLength(),
            specials,
            overlap,
            i -> words[from + i] != words[from + i - 1]);
    List<String> windows = new ArrayList<>(ranges.size());
    for (WindowRanges.Range r : ranges) {
      // A window starts where the previous piece ends: what lies between is only what the tokenizer
      // skips
      // (spaces), which byte-level tokenizers fold into the next piece (Ġthe) and the others drop.
      int start = r.start() == 0 ? 0 : spans[first + r.start() - 1].getEnd();
      int end = r.end() == pieces ? text.length() : spans[first + r.end() - 1].getEnd();
      if (start < 0 || end > text.length() || start > end) {
        return fallBack(text, "character spans [" + start + ", " + end + ") outside the text");
      }
      String window = text.substring(start, end);
      long[] expected = Arrays.copyOfRange(ids, first + r.start(), first + r.end());
      if (!Arrays.equals(pieceIds(tokenizer.encode(window, true, false)), expected)) {
        return fallBack(
            text,
            "window "
                + windows.size()
                + " (\""
                + abbreviate(window)
                + "\") does not tokenize "
                + "back to its "
                + r.length()
                + " pieces");
      }
      windows.add(window);
    }
    return windows;
  }

  /** The ids of an encoding's non-special tokens. */
  private static long[] pieceIds(Encoding e) {
    long[] ids = e.getIds();
    long[] special = e.getSpecialTokenMask();
    return java.util.stream.IntStream.range(0, ids.length)
        .filter(i -> special[i] == 0)
        .mapToLong(i -> ids[i])
        .toArray();
  }

  private List<String> fallBack(String text, String why) {
    LOG.warn(
        "model {}: a text of {} characters (\"{}\") is truncated, not split into windows: {}",
        spec.name(),
        text.length(),
        abbreviate(text),
        why);
    return List.of(text);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}

package org.attentiontopology.job.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.attentiontopology.job.corpus.CorpusSchema;
import org.attentiontopology.job.model.family.text.SpecTokenizers;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows cut with MiniLM's own tokenizer: each tokenizes back to exactly its pieces. */
class TextWindowsTest {
  @TempDir static Path work;
  static ModelSpec miniLm;
  static HuggingFaceTokenizer tokenizer;

  /** Line 18 of the test corpus: about 490 words, over MiniLM's 256 tokens. */
  static String longText;

  @BeforeAll
  static void load() throws Exception {
    miniLm = ModelSpecs.load("all-minilm-l6-v2");
    tokenizer = SpecTokenizers.get(miniLm, work);
    longText =
        Files.readAllLines(Path.of(TextWindowsTest.class.getResource("/corpus/tiny.txt").toURI()))
            .get(17);
  }

  private static String[] pieces(String text) {
    return pieces(tokenizer, text);
  }

  /** The text's pieces without the two special tokens the model adds around them. */
  private static String[] pieces(HuggingFaceTokenizer tokenizer, String text) {
    Encoding e = tokenizer.encode(text, true, false);
    String[] tokens = e.getTokens();
    // [CLS] ... [SEP]
    return Arrays.copyOfRange(tokens, 1, tokens.length - 1);
  }

  private static Row corpusRow(String id, String text, String error) {
    return new GenericRowWithSchema(
        new Object[] {id, 17L, "tiny.txt", text, "a label", null, false, error, 0, 1},
        CorpusSchema.SCHEMA);
  }

  /**
   * Checks the windows' pieces: each within maxLength, overlapping by exactly overlap, together the
   * text's.
   */
  private static void assertFaithfulWindows(
      String text, List<String> windows, int maxLength, int overlap) {
    assertFaithfulWindows(tokenizer, text, windows, maxLength, overlap);
  }

  private static void assertFaithfulWindows(
      HuggingFaceTokenizer tokenizer,
      String text,
      List<String> windows,
      int maxLength,
      int overlap) {
    String[] all = pieces(tokenizer, text);
    List<String> stitched = new ArrayList<>();
    String[] previous = null;
    for (String window : windows) {
      String[] p = pieces(tokenizer, window);
      assertTrue(
          p.length + 2 <= maxLength, p.length + 2 + " tokens in a window of at most " + maxLength);
      if (previous == null) {
        stitched.addAll(List.of(p));
      } else {
        assertArrayEquals(
            Arrays.copyOfRange(previous, previous.length - overlap, previous.length),
            Arrays.copyOfRange(p, 0, overlap),
            "consecutive windows share exactly " + overlap + " pieces");
        stitched.addAll(List.of(p).subList(overlap, p.length));
      }
      previous = p;
    }
    assertEquals(
        List.of(all), stitched, "the windows, overlaps removed, are the text's pieces in order");
  }

  @Test
  void theLongLineSplitsIntoWindowsThatTokenizeBackToTheirPieces() {
    List<String> windows = new TextWindows(miniLm, 32, work.toString()).split(tokenizer, longText);
    assertTrue(windows.size() >= 2, windows.size() + " windows");
    assertFaithfulWindows(longText, windows, miniLm.maxLength(), 32);
  }

  @Test
  void aLongformersByteLevelPiecesSplitTheSameWay() {
    ModelSpec longformer = ModelSpecs.load("tiny-longformer");
    HuggingFaceTokenizer bpe = SpecTokenizers.get(longformer, work);
    List<String> windows = new TextWindows(longformer, 8, work.toString()).split(bpe, longText);
    assertTrue(windows.size() >= 2, windows.size() + " windows");
    assertEquals("<s>", bpe.encode(windows.get(0), true, false).getTokens()[0]);
    assertFaithfulWindows(bpe, longText, windows, longformer.maxLength(), 8);
  }

  @Test
  void shortWindowsOverManyWordsKeepEveryPieceAndTheExactOverlap() {
    // 16 tokens a window forces many windows and many word-start adjustments, over words of several
    // pieces.
    ModelSpec short16 = miniLm.withMaxLength(16);
    String text =
        "Unbelievably, the cartographers' meticulously hand-drawn reproductions weren't "
            + "distinguishable from the originals, notwithstanding twenty-three centuries of deterioration.";
    for (int overlap : new int[] {0, 1, 5, 8}) {
      List<String> windows =
          new TextWindows(short16, overlap, work.toString()).split(tokenizer, text);
      assertTrue(windows.size() >= 3, windows.size() + " windows at overlap " + overlap);
      assertFaithfulWindows(text, windows, 16, overlap);
    }
  }

  @Test
  void aWindowThatCannotBeginAtAWordFallsBackToTheWholeText() {
    // One word of many pieces: a window must begin at a ## piece, which tokenizes alone without its
    // ##.
    String word =
        "pneumonoultramicroscopicsilicovolcanoconiosispneumonoultramicroscopicsilicovolcanoconiosis";
    assertTrue(pieces(word).length > 14, "the word is longer than a window");
    List<String> windows =
        new TextWindows(miniLm.withMaxLength(16), 2, work.toString()).split(tokenizer, word);
    assertEquals(List.of(word), windows, "left whole, for the model to truncate and flag");
  }

  @Test
  void rowsOfWindowsCarryTheTextsIdentityAndNumberTheWindows() {
    TextWindows split = new TextWindows(miniLm, 32, work.toString());
    List<Row> rows = new ArrayList<>();
    split.call(corpusRow("long", longText, null)).forEachRemaining(rows::add);
    int n = rows.size();
    assertTrue(n >= 2);
    for (int k = 0; k < n; k++) {
      Row r = rows.get(k);
      assertEquals("long#w" + k, r.getAs(CorpusSchema.EXAMPLE_ID));
      assertEquals(k, r.<Integer>getAs(CorpusSchema.WINDOW));
      assertEquals(n, r.<Integer>getAs(CorpusSchema.N_WINDOWS));
      assertEquals(17L, r.<Long>getAs(CorpusSchema.ORDINAL));
      assertEquals("a label", r.getAs(CorpusSchema.LABEL));
      assertTrue(longText.contains(r.<String>getAs(CorpusSchema.TEXT)));
    }
    Row shortRow = corpusRow("short", "The cat slept on the warm windowsill.", null);
    Iterator<Row> unchanged = split.call(shortRow);
    assertSame(shortRow, unchanged.next(), "a text that fits is left alone");
    Row failed = corpusRow("line-5", longText, "text is empty or blank");
    assertSame(failed, split.call(failed).next(), "a corpus error is passed on, never split");
  }

  @Test
  void anOverlapTooLargeForTheModelIsRefusedNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new TextWindows(miniLm, 254, work.toString()));
    assertTrue(
        e.getMessage().contains("inference.window-overlap")
            && e.getMessage().contains("all-minilm-l6-v2"),
        e.getMessage());
  }
}

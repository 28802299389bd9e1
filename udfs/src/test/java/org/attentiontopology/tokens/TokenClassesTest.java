package org.attentiontopology.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenClassesTest {

  @Test
  void bertSentence() {
    String[] tokens = {
      "[CLS]", "the", "run", "##ning", ",", "dog", "!", "?", "[SEP]", "it", "[SEP]"
    };
    TokenClasses c = TokenClasses.of(tokens);
    assertEquals(11, c.length());
    assertTrue(c.isFirst(0));
    assertFalse(c.isFirst(1));
    assertTrue(c.isSpecial(0));
    assertFalse(c.isSeparator(0));
    assertArrayEquals(new int[] {8, 10}, c.separatorPositions());
    assertArrayEquals(new int[] {4, 6, 7}, c.punctuationPositions());
    assertFalse(c.isPunctuation(3));
    assertThrows(IndexOutOfBoundsException.class, () -> c.isFirst(11));
  }

  @Test
  void byteLevelBpeSentence() {
    String[] tokens = {"<s>", "Hello", "Ġworld", "Ġ.", ".", "Ġ", "'s", "</s>", "<pad>"};
    TokenClasses c = TokenClasses.of(tokens);
    assertArrayEquals(new int[] {7}, c.separatorPositions());
    assertArrayEquals(new int[] {3, 4}, c.punctuationPositions());
    assertTrue(c.isSpecial(0));
    assertTrue(c.isSpecial(8));
    assertFalse(c.isSpecial(1));
  }

  @Test
  void tokenRules() {
    for (String p :
        new String[] {
          ".", ",", "!", "?", ";", ":", "...", "Ġ.", "Ġ,", "\"", "(", ")", "-", "—", "«", "##.",
          "$", "~"
        }) {
      assertTrue(TokenClasses.isPunctuationToken(p), p);
    }
    for (String p : new String[] {"", "Ġ", "##", "a", "a.", "'s", "[SEP]", "<s>", "1", "Ġthe"}) {
      assertFalse(TokenClasses.isPunctuationToken(p), p);
    }
    for (String s :
        new String[] {
          "[CLS]",
          "[SEP]",
          "[PAD]",
          "[MASK]",
          "[UNK]",
          "<s>",
          "</s>",
          "<pad>",
          "<mask>",
          "<|endoftext|>"
        }) {
      assertTrue(TokenClasses.isSpecialToken(s), s);
    }
    for (String s :
        new String[] {"[", "[]", "[cls]", "<", "<>", "</>", "<S>", "<script>x", "the", "<<>>"}) {
      assertFalse(TokenClasses.isSpecialToken(s), s);
    }
    assertTrue(TokenClasses.isSeparatorToken("[SEP]"));
    assertTrue(TokenClasses.isSeparatorToken("</s>"));
    assertFalse(TokenClasses.isSeparatorToken("[CLS]"));
    assertThrows(IllegalArgumentException.class, () -> TokenClasses.of(new String[] {"a", null}));
  }
}

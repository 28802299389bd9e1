package org.attentiontopology.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.attentiontopology.tokens.WordPooling.Style;
import org.junit.jupiter.api.Test;

class TextHeatmapTest {

  @Test
  void htmlFragmentJoinsBertPieces() {
    String html =
        TextHeatmap.html(
            new String[] {"[CLS]", "play", "##ing"}, new double[] {0.0, 0.5, 1.0}, 1.0);
    assertEquals(
        "<span style=\"background-color: rgba(255, 0, 0, 0.000)\" title=\"0.0000\">[CLS]</span>"
            + " <span style=\"background-color: rgba(255, 0, 0, 0.500)\" title=\"0.5000\">play</span>"
            + "<span style=\"background-color: rgba(255, 0, 0, 1.000)\" title=\"1.0000\">ing</span>",
        html);
  }

  @Test
  void latexJoinsByteLevelPieces() {
    String[] tokens = {"<s>", "Hello", "Ġwor", "ld", "Ġ.", "</s>"};
    double[] w = {0.2, 0.4, 0.1, 0.05, 0.0, 0.25};
    assertEquals(
        "\\colorbox{red!50}{\\strut <s>}"
            + " \\colorbox{red!100}{\\strut Hello}"
            + " \\colorbox{red!25}{\\strut wor}"
            + "\\colorbox{red!13}{\\strut ld}" // 0.05 / 0.4 = 12.5, rounded half up
            + " \\colorbox{red!0}{\\strut .}"
            + " \\colorbox{red!63}{\\strut </s>}",
        TextHeatmap.latex(tokens, w, 0.4));
  }

  @Test
  void weightsAreClampedToTheRange() {
    String latex = TextHeatmap.latex(new String[] {"a", "b"}, new float[] {-0.5f, 3f}, 2.0);
    assertEquals("\\colorbox{red!0}{\\strut a} \\colorbox{red!100}{\\strut b}", latex);
    assertTrue(
        TextHeatmap.html(new String[] {"a"}, new float[] {3f}, 2.0)
            .contains("rgba(255, 0, 0, 1.000)"));
  }

  @Test
  void htmlEscapesEveryToken() {
    String html =
        TextHeatmap.html(
            new String[] {"<script>alert(1)</script>", "a&b", "\"q\"", "it's"},
            new double[] {1, 1, 1, 1},
            1.0,
            Style.BERT);
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains(">&lt;script&gt;alert(1)&lt;/script&gt;</span>"), html);
    assertTrue(html.contains(">a&amp;b</span>"), html);
    assertTrue(html.contains(">&quot;q&quot;</span>"), html);
    assertTrue(html.contains(">it&#39;s</span>"), html);
    assertEquals("&lt;&gt;&amp;&quot;&#39;x", TextHeatmap.escapeHtml("<>&\"'x"));
  }

  @Test
  void latexEscapesSpecials() {
    assertEquals(
        "\\textbackslash{}\\&\\%\\$\\#\\_\\{\\}\\textasciitilde{}\\textasciicircum{}ok",
        TextHeatmap.escapeLatex("\\&%$#_{}~^ok"));
    assertEquals(
        "\\colorbox{red!100}{\\strut 50\\%}",
        TextHeatmap.latex(new String[] {"50%"}, new double[] {1}, 1));
    assertEquals(
        "\\colorbox{red!100}{\\strut \\#\\#}",
        TextHeatmap.latex(
            new String[] {"##"}, new double[] {1}, 1)); // a bare "##" is a token, not a marker
  }

  @Test
  void documentsAreComplete() {
    String[] tokens = {"[CLS]", "<b>", "[SEP]"};
    double[] w = {0.1, 0.8, 0.1};
    String html = TextHeatmap.htmlDocument("Head 3 & <4>", tokens, w, 0.8);
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
    assertTrue(html.contains("<meta charset=\"utf-8\">"), html);
    assertTrue(html.contains("<title>Head 3 &amp; &lt;4&gt;</title>"), html);
    assertTrue(html.contains(TextHeatmap.html(tokens, w, 0.8)), html);
    assertTrue(html.contains("&lt;b&gt;") && !html.contains("<b>"), html);
    assertTrue(html.endsWith("</body>\n</html>\n"), html);

    String tex = TextHeatmap.latexDocument(tokens, w, 0.8);
    assertTrue(tex.startsWith("\\documentclass{article}\n"), tex);
    assertTrue(tex.contains("\\usepackage{xcolor}\n"), tex);
    assertTrue(tex.contains(TextHeatmap.latex(tokens, w, 0.8)), tex);
    assertTrue(tex.indexOf("\\begin{document}") < tex.indexOf("\\colorbox"), tex);
    assertTrue(tex.endsWith("\\end{document}\n"), tex);
  }

  @Test
  void rejectsBadInput() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TextHeatmap.html(new String[] {"a"}, new double[2], 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> TextHeatmap.html(new String[] {"a"}, new double[1], 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> TextHeatmap.latex(new String[] {"a"}, new double[] {Double.NaN}, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> TextHeatmap.latex(new String[] {"a"}, new double[] {1}, Double.POSITIVE_INFINITY));
    assertThrows(
        IllegalArgumentException.class,
        () -> TextHeatmap.html(new String[] {null}, new double[1], 1));
  }
}

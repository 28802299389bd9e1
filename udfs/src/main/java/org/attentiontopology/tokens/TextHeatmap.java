package org.attentiontopology.tokens;

import java.util.Locale;
import org.attentiontopology.tokens.WordPooling.Style;

/**
 * Renders tokens (or words) with weights as a heat map: HTML {@code <span>}s whose red background's
 * opacity is proportional to the weight, or LaTeX {@code \colorbox{red!NN}{\strut token}} boxes
 * with NN in 0..100, as in the notebook the product grew from.
 *
 * <p>Intensity = weight / max, clamped to [0, 1]; max must be positive and finite, weights must not
 * be NaN.
 *
 * <p>Word pieces are joined for reading: a {@code ##} continuation is appended to the previous
 * token without a space (its {@code ##} removed); a leading {@code Ġ} is removed and means a space
 * before. Other tokens are preceded by a space in {@link Style#BERT}; in {@link
 * Style#BYTE_LEVEL_BPE} they continue the previous token without a space, except around special
 * tokens ({@code <s>}, {@code </s>}), which are set off by spaces. The first token has no space
 * before it. Overloads without a style use {@link Style#detect}.
 *
 * <p>Every token is escaped: in HTML {@code & < > " '} (so {@code <script>} shows as text), in
 * LaTeX {@code \ & % $ # _ { } ~ ^}.
 */
public final class TextHeatmap {
  private TextHeatmap() {}

  /** An HTML fragment: one {@code <span>} per token, its weight in the title attribute. */
  public static String html(String[] tokens, double[] weights, double max) {
    return html(tokens, weights, max, Style.detect(tokens));
  }

  public static String html(String[] tokens, float[] weights, double max) {
    return html(tokens, toDouble(weights), max);
  }

  /** An HTML fragment with the given piece-joining style. */
  public static String html(String[] tokens, double[] weights, double max, Style style) {
    check(tokens, weights, max);
    StringBuilder out = new StringBuilder(tokens.length * 80);
    for (int i = 0; i < tokens.length; i++) {
      if (spaceBefore(tokens, i, style)) {
        out.append(' ');
      }
      double fraction = fraction(weights[i], max);
      out.append("<span style=\"background-color: rgba(255, 0, 0, ")
          .append(String.format(Locale.ROOT, "%.3f", fraction))
          .append(")\" title=\"")
          .append(String.format(Locale.ROOT, "%.4f", weights[i]))
          .append("\">")
          .append(escapeHtml(display(tokens[i])))
          .append("</span>");
    }
    return out.toString();
  }

  /**
   * LaTeX: {@code \colorbox{red!NN}{\strut token}} per token, NN = round(100 * weight / max). Needs
   * xcolor.
   */
  public static String latex(String[] tokens, double[] weights, double max) {
    return latex(tokens, weights, max, Style.detect(tokens));
  }

  public static String latex(String[] tokens, float[] weights, double max) {
    return latex(tokens, toDouble(weights), max);
  }

  /** LaTeX with the given piece-joining style. */
  public static String latex(String[] tokens, double[] weights, double max, Style style) {
    check(tokens, weights, max);
    StringBuilder out = new StringBuilder(tokens.length * 40);
    for (int i = 0; i < tokens.length; i++) {
      if (spaceBefore(tokens, i, style)) {
        out.append(' ');
      }
      out.append("\\colorbox{red!")
          .append(Math.round(100 * fraction(weights[i], max)))
          .append("}{\\strut ")
          .append(escapeLatex(display(tokens[i])))
          .append('}');
    }
    return out.toString();
  }

  /** A complete UTF-8 HTML document holding {@link #html} under a heading {@code title}. */
  public static String htmlDocument(String title, String[] tokens, double[] weights, double max) {
    String t = escapeHtml(title);
    return "<!DOCTYPE html>\n"
        + "<html lang=\"en\">\n"
        + "<head>\n"
        + "<meta charset=\"utf-8\">\n"
        + "<title>"
        + t
        + "</title>\n"
        + "<style>body { font-family: sans-serif; max-width: 60em; margin: 2em auto; line-height: 2; }"
        + " .heatmap span { padding: 0.15em 0; }</style>\n"
        + "</head>\n"
        + "<body>\n"
        + "<h1>"
        + t
        + "</h1>\n"
        + "<p class=\"heatmap\">"
        + html(tokens, weights, max)
        + "</p>\n"
        + "</body>\n"
        + "</html>\n";
  }

  /**
   * A complete LaTeX document (article, T1 fonts, xcolor) holding {@link #latex}; compile with
   * pdflatex.
   */
  public static String latexDocument(String[] tokens, double[] weights, double max) {
    return "\\documentclass{article}\n"
        + "\\usepackage[T1]{fontenc}\n"
        + "\\usepackage[utf8]{inputenc}\n"
        + "\\usepackage{xcolor}\n"
        + "\\setlength{\\fboxsep}{0pt}\n"
        + "\\begin{document}\n"
        + "\\noindent "
        + latex(tokens, weights, max)
        + "\n"
        + "\\end{document}\n";
  }

  /** Escapes {@code & < > " '} as entities. */
  public static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  /** Escapes the LaTeX specials {@code \ & % $ # _ { } ~ ^}. */
  public static String escapeLatex(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\':
          out.append("\\textbackslash{}");
          break;
        case '~':
          out.append("\\textasciitilde{}");
          break;
        case '^':
          out.append("\\textasciicircum{}");
          break;
        case '&':
        case '%':
        case '$':
        case '#':
        case '_':
        case '{':
        case '}':
          out.append('\\').append(c);
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  /** The text shown for a token: without {@code ##} or a leading {@code Ġ}. */
  static String display(String token) {
    return WordPooling.strip(token);
  }

  /** Whether a space goes before token i when pieces are joined. */
  static boolean spaceBefore(String[] tokens, int i, Style style) {
    if (i == 0) {
      return false;
    }
    String t = tokens[i];
    if (t.startsWith("##") && t.length() > 2) {
      return false;
    }
    if (t.startsWith("Ġ")) {
      return true;
    }
    if (style == Style.BERT) {
      return true;
    }
    return TokenClasses.isSpecialToken(t) || TokenClasses.isSpecialToken(tokens[i - 1]);
  }

  private static double fraction(double w, double max) {
    return Math.min(1.0, Math.max(0.0, w / max));
  }

  private static void check(String[] tokens, double[] weights, double max) {
    if (tokens.length != weights.length) {
      throw new IllegalArgumentException(
          tokens.length + " tokens but " + weights.length + " weights");
    }
    if (!(max > 0) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("max must be positive and finite, got " + max);
    }
    for (int i = 0; i < weights.length; i++) {
      if (Double.isNaN(weights[i])) {
        throw new IllegalArgumentException("weight " + i + " (token '" + tokens[i] + "') is NaN");
      }
      if (tokens[i] == null) {
        throw new IllegalArgumentException("token " + i + " is null");
      }
    }
  }

  private static double[] toDouble(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i];
    }
    return out;
  }
}

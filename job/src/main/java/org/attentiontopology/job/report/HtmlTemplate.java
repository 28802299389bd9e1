package org.attentiontopology.job.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page template with {@code {{NAME}}} slots, filled in one pass: a value is never scanned for
 * slots again, so data that happens to contain "{{...}}" stays data.
 */
public final class HtmlTemplate {
  private static final Pattern SLOT = Pattern.compile("\\{\\{([A-Z_]+)}}");

  private final String name;
  private final String text;

  private HtmlTemplate(String name, String text) {
    this.name = name;
    this.text = text;
  }

  public static HtmlTemplate of(String name, String text) {
    return new HtmlTemplate(name, text);
  }

  /** Reads a template (or any text resource) from the classpath. */
  public static String resource(String path) {
    try (InputStream in = HtmlTemplate.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + path + " is missing from the classpath: rebuild the job jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + path, e);
    }
  }

  /**
   * Every slot must have a value and every value a slot, so a renamed slot cannot silently drop a
   * section.
   */
  public String fill(Map<String, String> values) {
    Matcher m = SLOT.matcher(text);
    StringBuilder out =
        new StringBuilder(text.length() + values.values().stream().mapToInt(String::length).sum());
    java.util.Set<String> used = new java.util.HashSet<>();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException(
            "template " + name + " has slot {{" + m.group(1) + "}} but no value for it");
      }
      used.add(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    for (String key : values.keySet()) {
      if (!used.contains(key)) {
        throw new IllegalStateException("template " + name + " has no slot {{" + key + "}}");
      }
    }
    return out.toString();
  }

  /**
   * Text for inside a {@code <script>} element: no sequence there may close the element or open a
   * comment.
   */
  public static String scriptText(String js) {
    // "<\/" means "</" inside JavaScript strings and regular expressions; the letters keep their
    // case.
    return js.replaceAll("(?i)<(/script)", "<\\\\$1").replace("<!--", "<\\!--");
  }

  /** Text for HTML element content or a quoted attribute. */
  public static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

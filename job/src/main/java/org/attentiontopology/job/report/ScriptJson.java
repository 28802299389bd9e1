package org.attentiontopology.job.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON that is safe inside {@code <script type="application/json">}. Token strings and corpus text
 * are untrusted: a token {@code </script>} must not end the element. In JSON the characters {@code
 * <}, {@code >} and {@code &} occur only inside strings, where the escapes {@code \u003c}, {@code
 * \u003e}, {@code \u0026} mean the same characters, so replacing them textually keeps the JSON
 * identical for JSON.parse and inert for the HTML parser. U+2028/2029 are escaped too, so the text
 * stays valid if someone pastes it into a JavaScript literal.
 */
public final class ScriptJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private ScriptJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Object value) {
    try {
      return escape(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise report data: " + e.getMessage(), e);
    }
  }

  static String escape(String json) {
    StringBuilder out = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

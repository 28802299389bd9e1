package org.attentiontopology.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Untrusted strings stay data: the JSON cannot close its script element, and templates fill in one
 * pass.
 */
class PageEscapingTest {
  @Test
  void scriptJsonHasNoMarkupCharactersAndParsesBackToTheSameStrings() throws Exception {
    String hostile = "</script><script>alert(1)</script> & <!-- \u2028";
    String json = ScriptJson.write(Map.of("token", hostile, "list", List.of("a<b", "c>d")));
    assertFalse(json.contains("<"));
    assertFalse(json.contains(">"));
    assertFalse(json.contains("&"));
    assertFalse(json.contains("\u2028"));
    JsonNode back = ScriptJson.mapper().readTree(json);
    assertEquals(hostile, back.get("token").asText());
    assertEquals("c>d", back.get("list").get(1).asText());
  }

  @Test
  void nonFiniteNumbersStayValidJson() {
    // JSON has no NaN or Infinity literal; JSON.parse in the page would reject them, so Jackson
    // quotes them.
    assertEquals("{\"x\":\"NaN\"}", ScriptJson.write(Map.of("x", Double.NaN)));
  }

  @Test
  void slotsAreFilledOnceAndValuesAreNotRescanned() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("A", "{{B}}");
    values.put("B", "b");
    assertEquals("<p>{{B}} b</p>", HtmlTemplate.of("t", "<p>{{A}} {{B}}</p>").fill(values));
  }

  @Test
  void aSlotWithoutValueOrAValueWithoutSlotIsAnError() {
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () -> HtmlTemplate.of("t.html", "{{A}} {{C}}").fill(Map.of("A", "a")));
    assertEquals("template t.html has slot {{C}} but no value for it", missing.getMessage());
    IllegalStateException unused =
        assertThrows(
            IllegalStateException.class,
            () -> HtmlTemplate.of("t.html", "{{A}}").fill(Map.of("A", "a", "Z", "z")));
    assertEquals("template t.html has no slot {{Z}}", unused.getMessage());
  }

  @Test
  void inlineScriptCannotCloseItsElement() {
    String js = "var s = '</SCRIPT><!-- x';";
    String safe = HtmlTemplate.scriptText(js);
    assertFalse(safe.toLowerCase().contains("</script"));
    assertFalse(safe.contains("<!--"));
    assertTrue(safe.contains("<\\/SCRIPT"));
  }

  @Test
  void htmlEscapingCoversTextAndAttributes() {
    assertEquals(
        "&lt;b title=&quot;x&#39;&quot;&gt;&amp;", HtmlTemplate.escapeHtml("<b title=\"x'\">&"));
  }

  @Test
  void condensedIndexIsRowMajorOverTheLowerTriangle() {
    assertEquals(0, CondensedDistances.index(1, 0));
    assertEquals(1, CondensedDistances.index(2, 0));
    assertEquals(2, CondensedDistances.index(2, 1));
    assertEquals(5, CondensedDistances.index(2, 3));
    double[][] m = CondensedDistances.toMatrix(3, new double[] {0.1, 0.2, 0.3}, "row");
    assertEquals(0.3, m[1][2]);
    assertEquals(0.3, m[2][1]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CondensedDistances.toMatrix(
                    4, new double[] {1, 2}, "token_distances row (example x)"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "token_distances row (example x): distances has 2 entries but "
                    + "n_points = 4 needs n*(n-1)/2 = 6"),
        e.getMessage());
  }
}

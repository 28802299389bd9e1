package org.attentiontopology.job.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * plotly.js, read from its WebJar on the classpath (org.webjars.npm:plotly.js-dist, version in
 * job/pom.xml), so the report inlines it and opens offline. The version is read from the WebJar
 * itself, so a version bump in the pom needs no code change. Maven Central serves only this
 * unminified bundle (11 MB; no minified or partial-bundle WebJar is published), so the page carries
 * it gzipped as base64 (under 3 MB) and the browser inflates it with its own DecompressionStream
 * before the first figure is drawn.
 */
public final class PlotlyBundle {
  private static final String POM_PROPERTIES =
      "/META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties";
  private static volatile String gzipBase64;

  private PlotlyBundle() {}

  public static String version() {
    Properties p = new Properties();
    try {
      p.load(new StringReader(HtmlTemplate.resource(POM_PROPERTIES)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + POM_PROPERTIES, e);
    }
    return p.getProperty("version");
  }

  public static String script() {
    return HtmlTemplate.resource(
        "/META-INF/resources/webjars/plotly.js-dist/" + version() + "/plotly.js");
  }

  /**
   * The script gzipped and base64-encoded (computed once per process: it is the same for every
   * report).
   */
  public static String gzipBase64() {
    String cached = gzipBase64;
    if (cached == null) {
      cached = GzipBase64.encode(script());
      gzipBase64 = cached;
    }
    return cached;
  }
}

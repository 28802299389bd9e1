package org.attentiontopology.job.config;

import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;

/**
 * HOCON includes for an offline tool: files and class-path resources, never a URL. Typesafe Config
 * fetches {@code include url("http://...")}, and even a plain {@code include "http://..."}, and
 * merges what it gets, so a model spec or a --conf file could make a run go online and depend on a
 * server. This includer refuses any include that names a URL other than a file before anything is
 * opened, naming the top-level file it came from; nested includes are parsed with the same
 * includer, so they are held to the same rule.
 */
public final class FileIncludesOnly
    implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
  private final String source;
  private final ConfigIncluder fallback;

  /**
   * @param source what is being parsed, in words, for the message (e.g. "model spec
   *     conf/models/x.conf")
   */
  public FileIncludesOnly(String source) {
    this(source, null);
  }

  private FileIncludesOnly(String source, ConfigIncluder fallback) {
    this.source = source;
    this.fallback = fallback;
  }

  /** Parse options whose includes are held to this rule. */
  public static ConfigParseOptions options(String source) {
    return ConfigParseOptions.defaults().setIncluder(new FileIncludesOnly(source));
  }

  @Override
  public ConfigIncluder withFallback(ConfigIncluder other) {
    return fallback == null ? new FileIncludesOnly(source, other) : this;
  }

  /** A bare {@code include "name"}: Typesafe Config takes a name that parses as a URL for a URL. */
  @Override
  public ConfigObject include(ConfigIncludeContext context, String what) {
    URL url = asUrl(what);
    if (url != null && !url.getProtocol().equals("file")) {
      throw refused("\"" + what + "\"");
    }
    return fallback.include(context, what);
  }

  @Override
  public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
    if (!what.getProtocol().equals("file")) {
      throw refused("url(\"" + what + "\")");
    }
    return ((ConfigIncluderURL) fallback).includeURL(context, what);
  }

  @Override
  public ConfigObject includeFile(ConfigIncludeContext context, File what) {
    return ((ConfigIncluderFile) fallback).includeFile(context, what);
  }

  @Override
  public ConfigObject includeResources(ConfigIncludeContext context, String what) {
    return ((ConfigIncluderClasspath) fallback).includeResources(context, what);
  }

  private IllegalArgumentException refused(String include) {
    return new IllegalArgumentException(
        source
            + " has `include "
            + include
            + "`: includes may name files only "
            + "(include \"other.conf\", include file(\"/path/other.conf\") or include classpath(\"other.conf\")), "
            + "never a URL; this tool reads nothing from the network. Save the included file beside it and include "
            + "that.");
  }

  private static URL asUrl(String what) {
    try {
      return new URL(what);
    } catch (MalformedURLException e) {
      return null;
    }
  }
}

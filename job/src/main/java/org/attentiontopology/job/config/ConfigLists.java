package org.attentiontopology.job.config;

import java.util.List;

/**
 * Writes a list of strings as a HOCON list value, each element quoted, for --set style overrides.
 */
public final class ConfigLists {
  private ConfigLists() {}

  public static String of(List<String> values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      s.append(i > 0 ? ", " : "").append(ConfigValueQuoting.quoted(values.get(i)));
    }
    return s.append(']').toString();
  }
}

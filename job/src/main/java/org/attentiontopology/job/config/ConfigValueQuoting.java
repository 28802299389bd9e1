package org.attentiontopology.job.config;

/**
 * Turns a command-line value into a HOCON value: numbers, booleans and [lists] as they are,
 * anything else quoted.
 */
final class ConfigValueQuoting {
  private ConfigValueQuoting() {}

  static String quote(String v) {
    if (v.startsWith("[") && v.endsWith("]")) {
      return v;
    }
    if (v.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?") || v.equals("true") || v.equals("false")) {
      return v;
    }
    return quoted(v);
  }

  /** A HOCON quoted string, whatever the value looks like. */
  static String quoted(String v) {
    StringBuilder s = new StringBuilder("\"");
    for (char ch : v.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        s.append('\\');
      }
      s.append(ch);
    }
    return s.append('"').toString();
  }
}

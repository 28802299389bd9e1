package org.attentiontopology.job.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the run's settings one key at a time, each with its type and its allowed values, so that a
 * wrong value is reported in the user's words rather than HOCON's ("has type STRING rather than
 * NUMBER"): "setting KEY: VALUE is not a whole number; allowed: ...; did you mean ...?", with where
 * the value came from (the --set, or the --conf file and line).
 */
final class SettingReader {
  private static final List<String> BOOLEANS = List.of("true", "false");
  private final Config root;

  /**
   * @param root the settings' object, {@code attention-topology { ... }}
   */
  SettingReader(Config root) {
    this.root = root;
  }

  String text(String key) {
    ConfigValue v = root.getValue(key);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      throw wrong(key, "is not a single value", "a string");
    }
    return read(key, root::getString, "is not text", "a string");
  }

  /** true or false (HOCON also reads yes/no and on/off). */
  boolean flag(String key) {
    try {
      return root.getBoolean(key);
    } catch (ConfigException.WrongType e) {
      throw wrong(key, "is not true or false", "true or false", BOOLEANS);
    }
  }

  int whole(String key, int min, int max) {
    String allowed = range(min, max, "whole numbers");
    int v = read(key, root::getInt, "is not a whole number", allowed);
    if (v < min || v > max) {
      throw wrong(key, "is out of range", allowed);
    }
    return v;
  }

  /** A number in [min, max] (max may be infinite: any number from min). */
  double number(String key, double min, double max) {
    String allowed =
        Double.isInfinite(max)
            ? "numbers from " + shown(min)
            : "numbers from " + shown(min) + " to " + shown(max);
    double v = read(key, root::getDouble, "is not a number", allowed);
    if (!(v >= min && v <= max)) {
      throw wrong(key, "is out of range", allowed);
    }
    return v;
  }

  /** A number from min, or "inf" for no bound. */
  double numberOrInfinity(String key, double min) {
    if (root.getValue(key).valueType() == ConfigValueType.STRING
        && root.getString(key).trim().equalsIgnoreCase("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    String allowed = "numbers from " + shown(min) + ", or inf for none";
    double v;
    try {
      v = root.getDouble(key);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrong(key, "is not a number", allowed, List.of("inf"));
    }
    if (!(v >= min) || v == Double.POSITIVE_INFINITY) {
      throw wrong(key, "is out of range", allowed);
    }
    return v;
  }

  /** One of the allowed words, with the nearest ones offered when it is not. */
  String oneOf(String key, List<String> allowed) {
    String v =
        read(key, root::getString, "is not one of the allowed values", String.join(", ", allowed));
    if (!allowed.contains(v)) {
      throw wrong(key, "is not one of the allowed values", String.join(", ", allowed), allowed);
    }
    return v;
  }

  /** One of an enum's values, written as its constant's name in lower case. */
  <E extends Enum<E> & Choice> E choice(String key, Class<E> type) {
    List<String> allowed = new java.util.ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.value());
    }
    String v = oneOf(key, allowed);
    return type.getEnumConstants()[allowed.indexOf(v)];
  }

  /** One string or a list of strings. */
  List<String> texts(String key) {
    if (root.getValue(key).valueType() == ConfigValueType.LIST) {
      return read(
          key, root::getStringList, "is not a list of names", "a name or a list of names [a, b]");
    }
    return List.of(text(key));
  }

  double[] numbers(String key) {
    return read(
            key,
            root::getDoubleList,
            "is not a list of numbers",
            "a list of numbers, e.g. [0.25, 0.5]")
        .stream()
        .mapToDouble(Double::doubleValue)
        .toArray();
  }

  /** A message for a value the reader accepted but a later check refused. */
  IllegalArgumentException wrong(String key, String problem, String allowed) {
    return wrong(key, problem, allowed, List.of());
  }

  IllegalArgumentException wrong(
      String key, String problem, String allowed, List<String> suggestions) {
    ConfigValue v = root.getValue(key);
    String value = v.render(ConfigRenderOptions.concise());
    String hint =
        v.valueType() == ConfigValueType.STRING
            ? Suggestions.didYouMean(v.unwrapped().toString(), suggestions)
            : "";
    return new IllegalArgumentException(
        "setting "
            + key
            + ": "
            + value
            + " "
            + problem
            + "; allowed: "
            + allowed
            + hint
            + from(v.origin()));
  }

  private <T> T read(String key, Function<String, T> getter, String problem, String allowed) {
    try {
      return getter.apply(key);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrong(key, problem, allowed);
    }
  }

  /** " (from --set ...)" or " (from FILE, line N)"; nothing for the bundled defaults. */
  static String from(ConfigOrigin origin) {
    if (origin.filename() != null) {
      return " (from " + origin.filename() + ", line " + origin.lineNumber() + ")";
    }
    String d = origin.description();
    return d.startsWith("--set") ? " (from " + d.replaceFirst(": \\d+$", "") + ")" : "";
  }

  private static String shown(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
  }

  private static String range(int min, int max, String what) {
    return max == Integer.MAX_VALUE
        ? what + " from " + min
        : min == max
            ? String.valueOf(min)
            : max - min <= 2 ? joinRange(min, max) : what + " from " + min + " to " + max;
  }

  private static String joinRange(int min, int max) {
    StringBuilder s = new StringBuilder();
    for (int i = min; i <= max; i++) {
      s.append(i == min ? "" : i == max ? " or " : ", ").append(i);
    }
    return s.toString();
  }
}

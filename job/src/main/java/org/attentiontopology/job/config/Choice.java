package org.attentiontopology.job.config;

import java.util.Locale;

/**
 * An enum setting whose values are written in conf/default.conf as the constants' names in lower
 * case ({@code long-texts = window}); SettingReader.choice reads one and names the allowed values.
 */
interface Choice {
  String name();

  /** The value as the configuration writes it. */
  default String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}

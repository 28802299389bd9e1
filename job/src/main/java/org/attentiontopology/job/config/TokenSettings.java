package org.attentiontopology.job.config;

import java.io.Serializable;

/** The {@code tokens} section: whether special tokens are points of the clouds. */
public record TokenSettings(boolean keepSpecial) implements Serializable {
  static TokenSettings read(SettingReader in) {
    return new TokenSettings(in.flag("tokens.keep-special"));
  }
}

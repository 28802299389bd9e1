package org.attentiontopology.job.config;

import java.io.Serializable;

/** The {@code output} section: the optional attention dump folder ("" for none). */
public record OutputSettings(String dumpAttention) implements Serializable {
  static OutputSettings read(SettingReader in) {
    return new OutputSettings(in.text("output.dump-attention"));
  }
}

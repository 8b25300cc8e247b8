package io.github.ecrconnect.ptc.connect;

import java.util.ArrayList;
import java.util.List;

/** {@code snapshot.mode}: what the first poll of a registry without stored state emits. */
public enum SnapshotMode {
  /** Every rule as a read ('r') event. */
  INITIAL("initial"),
  /** Nothing: the state is recorded silently and only later changes are emitted. */
  NO_DATA("no_data");

  private final String configValue;

  SnapshotMode(String configValue) {
    this.configValue = configValue;
  }

  public String configValue() {
    return configValue;
  }

  public static List<String> configValues() {
    List<String> values = new ArrayList<>();
    for (SnapshotMode mode : values()) {
      values.add(mode.configValue);
    }
    return values;
  }

  public static SnapshotMode fromConfigValue(String value) {
    for (SnapshotMode mode : values()) {
      if (mode.configValue.equalsIgnoreCase(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown snapshot.mode " + value);
  }
}

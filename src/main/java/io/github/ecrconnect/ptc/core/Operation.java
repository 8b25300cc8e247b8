package io.github.ecrconnect.ptc.core;

/** The kind of a change event, with Debezium's one-letter codes. */
public enum Operation {
  /** The rule was present when the first snapshot was read. */
  READ("r"),
  CREATE("c"),
  UPDATE("u"),
  DELETE("d");

  private final String code;

  Operation(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}

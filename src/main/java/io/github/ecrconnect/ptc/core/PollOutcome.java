package io.github.ecrconnect.ptc.core;

import java.util.List;

/** What one poll of one registry found: the events to emit and the state they lead to. */
public final class PollOutcome {
  private final Registry registry;
  private final int ruleCount;
  private final List<ChangeEvent> events;
  private final SnapshotState state;
  private final boolean stateChanged;

  PollOutcome(
      Registry registry,
      int ruleCount,
      List<ChangeEvent> events,
      SnapshotState state,
      boolean stateChanged) {
    this.registry = registry;
    this.ruleCount = ruleCount;
    this.events = List.copyOf(events);
    this.state = state;
    this.stateChanged = stateChanged;
  }

  public Registry registry() {
    return registry;
  }

  /** Rules in the listing after the prefix filter. */
  public int ruleCount() {
    return ruleCount;
  }

  public List<ChangeEvent> events() {
    return events;
  }

  /** The state after this poll's events are emitted. */
  public SnapshotState state() {
    return state;
  }

  /** Whether the state differs from the previous one, so it must be stored. */
  public boolean stateChanged() {
    return stateChanged;
  }
}

package io.github.ecrconnect.ptc.core;

import java.util.List;

/** What one poll of one registry found: the events to emit and the state they lead to. */
public final class PollOutcome {
  private final Registry registry;
  private final int ruleCount;
  private final List<ChangeEvent> events;
  private final SnapshotState previous;
  private final SnapshotState state;
  private final boolean stateChanged;

  PollOutcome(
      Registry registry,
      int ruleCount,
      List<ChangeEvent> events,
      SnapshotState previous,
      SnapshotState state,
      boolean stateChanged) {
    this.registry = registry;
    this.ruleCount = ruleCount;
    this.events = List.copyOf(events);
    this.previous = previous;
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

  /** The state this poll was diffed against, or null if there was none. */
  public SnapshotState previous() {
    return previous;
  }

  /** The state after this poll's events are emitted. */
  public SnapshotState state() {
    return state;
  }

  /**
   * Whether the state differs from the stored one in a way that must be stored, by a state-only
   * record if no event carries it. False where no stored state and the new one lead to the same
   * diffs (an empty registry's first poll in {@code initial} mode, a narrowed prefix filter).
   */
  public boolean stateChanged() {
    return stateChanged;
  }
}

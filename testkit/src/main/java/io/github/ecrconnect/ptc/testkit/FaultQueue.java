package io.github.ecrconnect.ptc.testkit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The injected faults, in injection order, each with the hits it has left. */
final class FaultQueue {
  private static final class Armed {
    final Fault fault;
    int remaining;

    Armed(Fault fault) {
      this.fault = fault;
      this.remaining = fault.times();
    }
  }

  private final List<Armed> armed = new ArrayList<>();

  synchronized void add(Fault fault) {
    armed.add(new Armed(fault));
  }

  /** Removes the injection of this very instance (not an equal-looking one). */
  synchronized boolean remove(Fault fault) {
    notifyAll();
    return armed.removeIf(entry -> entry.fault == fault);
  }

  synchronized void clear() {
    notifyAll();
    armed.clear();
  }

  /** Waits until this very instance is no longer armed (removed, cleared or used up). */
  synchronized void awaitDisarmed(Fault fault) throws InterruptedException {
    while (armed.stream().anyMatch(entry -> entry.fault == fault)) {
      wait();
    }
  }

  /** The earliest fault matching the request, counted as hit, or null. */
  synchronized Fault take(String region, String registryId, int page) {
    for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
      Armed entry = it.next();
      if (entry.fault.matches(region, registryId, page)) {
        if (entry.remaining != Fault.ALWAYS && --entry.remaining == 0) {
          it.remove();
          notifyAll();
        }
        return entry.fault;
      }
    }
    return null;
  }
}

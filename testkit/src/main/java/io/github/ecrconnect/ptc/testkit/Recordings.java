package io.github.ecrconnect.ptc.testkit;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Call counts and the most recent calls. Counts are exact; the kept calls are capped so a
 * long-running quick start does not grow without bound.
 */
final class Recordings {
  static final int KEPT = 10_000;

  private record RegistryKey(String region, String registryId) {}

  private final Map<RegistryKey, Long> describeCounts = new HashMap<>();
  private final Deque<RecordedRequest> requests = new ArrayDeque<>();
  private final Deque<RecordedAssumeRole> assumeRoles = new ArrayDeque<>();
  private final Set<InetSocketAddress> connections = new HashSet<>();
  private long describeTotal;
  private long assumeRoleTotal;

  synchronized void add(RecordedRequest request) {
    describeTotal++;
    describeCounts.merge(new RegistryKey(request.region(), request.registryId()), 1L, Long::sum);
    keep(requests, request);
  }

  synchronized void add(RecordedAssumeRole call) {
    assumeRoleTotal++;
    keep(assumeRoles, call);
  }

  /** Notes the client end of the connection a request came on. */
  synchronized void addConnection(InetSocketAddress client) {
    connections.add(client);
  }

  synchronized int connections() {
    return connections.size();
  }

  synchronized long describeCalls() {
    return describeTotal;
  }

  synchronized long describeCalls(String region, String registryId) {
    return describeCounts.getOrDefault(new RegistryKey(region, registryId), 0L);
  }

  synchronized long assumeRoleCalls() {
    return assumeRoleTotal;
  }

  synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized List<RecordedAssumeRole> assumeRoles() {
    return List.copyOf(assumeRoles);
  }

  synchronized void clear() {
    describeTotal = 0;
    assumeRoleTotal = 0;
    describeCounts.clear();
    requests.clear();
    assumeRoles.clear();
    connections.clear();
  }

  private static <T> void keep(Deque<T> calls, T call) {
    if (calls.size() == KEPT) {
      calls.removeFirst();
    }
    calls.addLast(call);
  }
}

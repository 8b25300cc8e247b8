package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Restarts with another name for the same registry, another prefix filter, or nothing to store: the
 * stored state carries over, and only real rule changes become events.
 */
class RegistryIdentityAndScopeTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final Registry OWN = Registry.of(null, REGION);
  private static final Registry NAMED = Registry.of(ACCOUNT, REGION);

  private final TaskHarness harness = new TaskHarness();
  private final Map<String, PullThroughCacheRule> rules = new TreeMap<>();
  private final RuleSource source = registry -> new ArrayList<>(rules.values());
  private final List<EcrPullThroughCacheSourceTask> started = new ArrayList<>();

  @AfterEach
  void stopTasks() {
    started.forEach(EcrPullThroughCacheSourceTask::stop);
  }

  private EcrPullThroughCacheSourceTask start(Registry registry, Map<String, String> overrides) {
    started.forEach(EcrPullThroughCacheSourceTask::stop);
    started.clear();
    Map<String, String> props = new HashMap<>();
    props.put("topic", "rules");
    props.put("poll.interval.ms", "60000");
    props.put("aws.regions", REGION);
    props.put("task.registries", registry.toString());
    props.putAll(overrides);
    EcrPullThroughCacheSourceTask task = harness.task((config, apiCalls) -> source);
    task.initialize(harness.context(props));
    task.start(props);
    started.add(task);
    return task;
  }

  /** A first poll, its records acknowledged (offsets committed) as a worker would. */
  private List<SourceRecord> pollAndCommit(EcrPullThroughCacheSourceTask task) throws Exception {
    List<SourceRecord> records = TaskHarness.pollSettled(task);
    records = records == null ? List.of() : records;
    harness.commit(records);
    return records;
  }

  private void put(String prefix) {
    rules.put(
        prefix,
        PullThroughCacheRule.builder()
            .registryId(ACCOUNT)
            .ecrRepositoryPrefix(prefix)
            .upstreamRegistryUrl("ghcr.io")
            .upstreamRegistry("github-container-registry")
            .build());
  }

  /** "op prefix" per change record, "tombstone prefix" for a tombstone. */
  private static List<String> events(List<SourceRecord> records) {
    return records.stream()
        .map(
            r ->
                (r.value() == null ? "tombstone" : ((Struct) r.value()).getString("op"))
                    + " "
                    + ((Struct) r.key()).getString("ecrRepositoryPrefix"))
        .collect(Collectors.toList());
  }

  /** A fingerprint as version 1 wrote it: without the 8 characters of the reported-fields hash. */
  private static String versionOneRules(String rules) {
    return List.of(rules.split(";")).stream()
        .map(
            entry -> {
              int hashes = entry.indexOf('=') + 1;
              return entry.substring(0, hashes + 16) + entry.substring(hashes + 24);
            })
        .collect(Collectors.joining(";"));
  }

  // ---- one registry, one partition, whatever the config calls it

  @Test
  void namingTheOwnAccountExplicitlyKeepsTheStateAndEmitsTheDeleteInBetween() throws Exception {
    put("team-a");
    put("team-b");
    assertThat(events(pollAndCommit(start(OWN, Map.of())))).containsExactly("r team-a", "r team-b");

    rules.remove("team-a");
    List<SourceRecord> records = pollAndCommit(start(NAMED, Map.of()));

    assertThat(events(records)).containsExactly("d team-a", "tombstone team-a");
    assertThat(records)
        .allSatisfy(r -> assertThat(r.sourcePartition()).isEqualTo(SourceOffsets.partition(NAMED)));
  }

  @Test
  void readingTheOwnAccountImplicitlyAfterNamingItKeepsTheState() throws Exception {
    put("team-a");
    put("team-b");
    assertThat(events(pollAndCommit(start(NAMED, Map.of())))).hasSize(2);

    rules.remove("team-b");
    put("team-c");
    List<SourceRecord> records = pollAndCommit(start(OWN, Map.of()));

    assertThat(events(records)).containsExactly("c team-c", "d team-b", "tombstone team-b");
    assertThat(records.get(records.size() - 1).sourcePartition())
        .as("stored under the account id, not 'default'")
        .isEqualTo(SourceOffsets.partition(NAMED));
  }

  @Test
  void aStateStoredUnderDefaultByVersionOneIsAdoptedByTheNamedAccount() throws Exception {
    put("team-a");
    put("team-b");
    // What version 1 stored for a registry read implicitly: partition "default", 52-character
    // fingerprints.
    List<SourceRecord> first = pollAndCommit(start(NAMED, Map.of()));
    Map<String, Object> current = harness.committed.remove(SourceOffsets.partition(NAMED));
    Map<String, Object> versionOne = new LinkedHashMap<>(current);
    versionOne.put("v", 1);
    versionOne.put("rules", versionOneRules((String) current.get("rules")));
    harness.committed.put(SourceOffsets.partition(OWN), versionOne);
    assertThat(first).hasSize(2);

    rules.remove("team-a");
    assertThat(events(pollAndCommit(start(NAMED, Map.of()))))
        .containsExactly("d team-a", "tombstone team-a");
    rules.remove("team-b");
    assertThat(events(pollAndCommit(start(OWN, Map.of()))))
        .as("the own registry then finds the newer state under its account id")
        .containsExactly("d team-b", "tombstone team-b");
  }

  // ---- scope changes are not rule changes

  @Test
  void narrowingThePrefixFilterEmitsNothingAndWideningItReadsTheRulesThatEnter() throws Exception {
    put("team-a");
    put("team-b");
    put("team-c");
    assertThat(events(pollAndCommit(start(NAMED, Map.of())))).hasSize(3);

    Map<String, String> narrow = Map.of("aws.ecr.repository.prefixes", "team-a,team-b");
    assertThat(pollAndCommit(start(NAMED, narrow)))
        .as("team-c left the scope: no delete")
        .isEmpty();

    rules.remove("team-b");
    put("team-d");
    assertThat(events(pollAndCommit(start(NAMED, narrow))))
        .as("in scope, a delete is still a delete")
        .containsExactly("d team-b", "tombstone team-b");

    put("team-b");
    assertThat(events(pollAndCommit(start(NAMED, Map.of()))))
        .as("rules entering the scope are read; team-b was re-created within it")
        .containsExactly("c team-b", "r team-c", "r team-d");
  }

  @Test
  void rulesEnteringTheScopeAreRecordedSilentlyInNoDataMode() throws Exception {
    put("team-a");
    put("team-b");
    Map<String, String> narrow =
        Map.of("aws.ecr.repository.prefixes", "team-a", "snapshot.mode", "no_data");
    assertThat(pollAndCommit(start(NAMED, narrow)))
        .singleElement()
        .satisfies(r -> assertThat(r.topic()).isEqualTo(EcrSourceConfig.DEFAULT_HEARTBEAT_TOPIC));

    Map<String, String> wide = Map.of("snapshot.mode", "no_data");
    List<SourceRecord> widened = pollAndCommit(start(NAMED, wide));
    assertThat(widened)
        .singleElement()
        .as("team-b entered silently; its state is stored")
        .satisfies(r -> assertThat(r.topic()).isEqualTo(EcrSourceConfig.DEFAULT_HEARTBEAT_TOPIC));

    rules.remove("team-b");
    assertThat(events(pollAndCommit(start(NAMED, wide))))
        .containsExactly("d team-b", "tombstone team-b");
  }

  // ---- nothing to remember: nothing written

  @Test
  void anEmptyRegistryWritesNothingWithHeartbeatsOff() throws Exception {
    EcrPullThroughCacheSourceTask task = start(NAMED, Map.of());
    assertThat(TaskHarness.pollSettled(task)).as("no stored state equals an empty one").isNull();

    put("team-a");
    harness.clock.advance(60_000);
    assertThat(events(pollAndCommit(task))).containsExactly("c team-a");
  }

  @Test
  void anEmptyRegistryWritesAHeartbeatWhenHeartbeatsAreOn() throws Exception {
    EcrPullThroughCacheSourceTask task = start(NAMED, Map.of("heartbeat.interval.ms", "600000"));
    assertThat(TaskHarness.pollSettled(task))
        .singleElement()
        .satisfies(r -> assertThat(r.topic()).isEqualTo(EcrSourceConfig.DEFAULT_HEARTBEAT_TOPIC));
  }
}

package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.PollOutcome;
import io.github.ecrconnect.ptc.core.PrefixFilter;
import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RegistryPoller;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.core.SnapshotState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Records as the connector makes them (the real poller, diff and mapper, not hand-built structs):
 * every op, each with every optional field set in one record and null in another, and a heartbeat.
 * A scripted history of one registry:
 *
 * <ol>
 *   <li>first poll: {@code r} of a rule with every field and of a rule with only its prefix;
 *   <li>next poll: {@code c} of both kinds, {@code u} from full to full (the documented example, in
 *       the README and docs/records.md), from bare to full and from full to bare, {@code d} of both
 *       kinds, with tombstones;
 *   <li>after a restart (state read back from the offset, so no rule bodies): {@code u} and {@code
 *       d} with {@code before} null.
 * </ol>
 */
final class SampleRecords {
  static final String TOPIC = "ecr-pull-through-cache-rules";

  /**
   * Fixed rather than the build's version, so the documented example does not change on release.
   */
  static final String CONNECTOR_VERSION = "0.1.0";

  static final String ACCOUNT = "123456789012";
  static final Registry REGISTRY = Registry.of(ACCOUNT, "us-east-1");
  static final Instant CREATED = Instant.parse("2025-01-02T03:00:00Z");
  static final Instant UPDATED = Instant.parse("2025-11-27T00:00:00Z");
  static final long FIRST_POLL = Instant.parse("2025-11-26T23:00:00.123Z").toEpochMilli();
  static final long SECOND_POLL = Instant.parse("2025-11-27T00:00:12.345Z").toEpochMilli();
  static final long AFTER_RESTART = Instant.parse("2025-11-27T01:00:00.456Z").toEpochMilli();

  private final List<PullThroughCacheRule> listing = new ArrayList<>();
  private final RegistryPoller poller =
      new RegistryPoller(registry -> List.copyOf(listing), PrefixFilter.allowAll(), true);
  private static final String HEARTBEAT_TOPIC = "__ecr-pull-through-cache-heartbeat";
  private final RegistryRecords registryRecords =
      new RegistryRecords(TOPIC, true, CONNECTOR_VERSION, HEARTBEAT_TOPIC);
  private final List<SourceRecord> records = new ArrayList<>();

  private SampleRecords() {}

  /** The change records of the whole history, tombstones included, in the order emitted. */
  static List<SourceRecord> changes() {
    return new SampleRecords().play();
  }

  /** A heartbeat of an empty registry (written when a heartbeat is due). */
  static SourceRecord heartbeat() {
    try {
      PollOutcome empty =
          new RegistryPoller(r -> List.of(), PrefixFilter.allowAll(), true)
              .poll(Registry.of(null, "eu-west-1"), null);
      return new RegistryRecords(TOPIC, true, CONNECTOR_VERSION, HEARTBEAT_TOPIC)
          .heartbeat(empty.registry(), empty.state(), FIRST_POLL);
    } catch (RuleListingException e) {
      throw new AssertionError(e);
    }
  }

  /** The update of docker-hub in the second poll: a new credentials secret. */
  static SourceRecord readmeExample() {
    return changes().stream()
        .filter(r -> r.value() != null)
        .filter(r -> SECOND_POLL == r.timestamp())
        .filter(r -> "docker-hub".equals(prefixOf(r)))
        .findFirst()
        .orElseThrow();
  }

  static String prefixOf(SourceRecord record) {
    return ((org.apache.kafka.connect.data.Struct) record.key())
        .getString(RecordSchemas.ECR_REPOSITORY_PREFIX);
  }

  private List<SourceRecord> play() {
    listing.addAll(
        List.of(
            dockerHub("docker-hub-1"),
            full("quay"),
            bare("k8s"),
            full("github"),
            bare("gitlab"),
            bare("chainguard")));
    SnapshotState first = poll(null, FIRST_POLL);

    listing.clear();
    listing.addAll(
        List.of(
            dockerHub("docker-hub-2").toBuilder().updatedAt(UPDATED).build(),
            bare("quay"),
            full("k8s"),
            full("ecr-public"),
            bare("azure"),
            bare("chainguard")));
    SnapshotState second = poll(first, SECOND_POLL);

    // A restarted task knows only what the offset holds: hashes, no rule bodies.
    SnapshotState restored = SourceOffsets.state(SourceOffsets.offset(second));
    listing.removeIf(rule -> rule.ecrRepositoryPrefix().equals("azure"));
    listing.replaceAll(
        rule ->
            rule.ecrRepositoryPrefix().equals("ecr-public")
                ? rule.toBuilder()
                    .upstreamRepositoryPrefix("ecr-public-mirror")
                    .updatedAt(UPDATED)
                    .build()
                : rule);
    poll(restored, AFTER_RESTART);
    return records;
  }

  private SnapshotState poll(SnapshotState previous, long now) {
    try {
      PollOutcome outcome = poller.poll(REGISTRY, previous);
      records.addAll(registryRecords.of(REGISTRY, outcome, now, false));
      return outcome.state();
    } catch (RuleListingException e) {
      throw new AssertionError(e);
    }
  }

  private static PullThroughCacheRule dockerHub(String secret) {
    return PullThroughCacheRule.builder()
        .registryId(ACCOUNT)
        .ecrRepositoryPrefix("docker-hub")
        .upstreamRegistryUrl("registry-1.docker.io")
        .upstreamRegistry("docker-hub")
        .upstreamRepositoryPrefix("library")
        .credentialArn(
            "arn:aws:secretsmanager:us-east-1:"
                + ACCOUNT
                + ":secret:ecr-pullthroughcache/"
                + secret)
        .createdAt(CREATED)
        .updatedAt(CREATED)
        .build();
  }

  /** Every field set. */
  private static PullThroughCacheRule full(String prefix) {
    return PullThroughCacheRule.builder()
        .registryId(ACCOUNT)
        .ecrRepositoryPrefix(prefix)
        .upstreamRegistryUrl(prefix + ".example.com")
        .upstreamRegistry(prefix)
        .upstreamRepositoryPrefix("mirror")
        .credentialArn(
            "arn:aws:secretsmanager:us-east-1:"
                + ACCOUNT
                + ":secret:ecr-pullthroughcache/"
                + prefix)
        .customRoleArn("arn:aws:iam::" + ACCOUNT + ":role/ecr-ptc-" + prefix)
        .createdAt(CREATED)
        .updatedAt(CREATED)
        .build();
  }

  /** Only the prefix: every optional field null. */
  private static PullThroughCacheRule bare(String prefix) {
    return PullThroughCacheRule.builder().ecrRepositoryPrefix(prefix).build();
  }
}

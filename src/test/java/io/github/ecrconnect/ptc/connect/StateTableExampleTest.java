package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleSource;
import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state-table example does what it says on records this connector really produces: rules as
 * values, null for deletes, and heartbeat records passed through untouched (ExtractField would fail
 * the task on them: they have no 'after' field).
 */
class StateTableExampleTest {
  private static final Registry REGISTRY = Registry.of("123456789012", "us-east-1");
  private static final Map<String, String> EXAMPLE =
      ProjectFiles.properties(
          ProjectFiles.path("config/ecr-pull-through-cache-source-state-table.properties"));

  private final TaskHarness harness = new TaskHarness();
  private final Map<String, PullThroughCacheRule> rules = new TreeMap<>();
  private final RuleSource source = registry -> new ArrayList<>(rules.values());
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private EcrPullThroughCacheSourceTask task;

  @AfterEach
  void stop() throws Exception {
    if (task != null) {
      task.stop();
    }
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @Test
  void valuesBecomeRulesDeletesBecomeNullHeartbeatsPassUntouched() throws Exception {
    UnaryOperator<SourceRecord> transforms = transformChain(EXAMPLE);
    Map<String, String> props = new HashMap<>(EXAMPLE);
    props.put(EcrSourceTaskConfig.TASK_REGISTRIES, REGISTRY.toString());
    // Heartbeats on: an empty registry has nothing to store, so only a heartbeat writes there.
    props.put(EcrSourceConfig.HEARTBEAT_INTERVAL_MS, "3600000");
    task = harness.task((config, apiCalls) -> source);
    task.initialize(harness.context(props));
    task.start(props);

    List<SourceRecord> emptyRegistry = pollAndTransform(transforms);
    assertThat(emptyRegistry)
        .singleElement()
        .satisfies(
            heartbeat -> {
              assertThat(heartbeat.topic()).isEqualTo(EXAMPLE.get(EcrSourceConfig.HEARTBEAT_TOPIC));
              assertThat(((Struct) heartbeat.value()).schema().field("after")).isNull();
            });

    rules.put("hub", rule("hub", "arn:1"));
    assertThat(values(pollAndTransform(transforms))).containsExactly("hub:arn:1");

    rules.put("hub", rule("hub", "arn:2"));
    assertThat(values(pollAndTransform(transforms))).containsExactly("hub:arn:2");

    rules.remove("hub");
    List<SourceRecord> deleted = pollAndTransform(transforms);
    assertThat(values(deleted)).containsExactly("null", "null");
    assertThat(deleted)
        .allSatisfy(
            r -> assertThat(((Struct) r.key()).getString("ecrRepositoryPrefix")).isEqualTo("hub"));
  }

  private List<SourceRecord> pollAndTransform(UnaryOperator<SourceRecord> transforms)
      throws InterruptedException {
    harness.clock.advance(Long.parseLong(EXAMPLE.get(EcrSourceConfig.POLL_INTERVAL_MS)));
    List<SourceRecord> polled = task.poll();
    assertThat(polled).as("records of this poll").isNotNull();
    harness.commit(polled);
    return polled.stream().map(transforms).collect(Collectors.toList());
  }

  /** "prefix:credentialArn" of each rule value, "null" for a null value. */
  private static List<String> values(List<SourceRecord> records) {
    return records.stream()
        .map(
            r ->
                r.value() == null
                    ? "null"
                    : ((Struct) r.value()).getString("ecrRepositoryPrefix")
                        + ":"
                        + ((Struct) r.value()).getString("credentialArn"))
        .collect(Collectors.toList());
  }

  private static PullThroughCacheRule rule(String prefix, String credentialArn) {
    return PullThroughCacheRule.builder()
        .registryId(REGISTRY.registryIdOrNull())
        .ecrRepositoryPrefix(prefix)
        .upstreamRegistryUrl("registry-1.docker.io")
        .upstreamRegistry("docker-hub")
        .credentialArn(credentialArn)
        .build();
  }

  /** The transforms of a connector config, applied as the worker applies them. */
  @SuppressWarnings("unchecked")
  private UnaryOperator<SourceRecord> transformChain(Map<String, String> props) throws Exception {
    List<UnaryOperator<SourceRecord>> steps = new ArrayList<>();
    for (String alias : props.get("transforms").split(",")) {
      String prefix = "transforms." + alias.trim() + ".";
      Map<String, String> settings = withPrefix(props, prefix);
      Transformation<SourceRecord> transform =
          (Transformation<SourceRecord>) newInstance(settings.remove("type"));
      boolean negate = Boolean.parseBoolean(settings.remove("negate"));
      String predicateAlias = settings.remove("predicate");
      transform.configure(settings);
      closeables.add(transform);
      if (predicateAlias == null) {
        steps.add(transform::apply);
      } else {
        Predicate<SourceRecord> predicate = predicate(props, predicateAlias);
        steps.add(r -> predicate.test(r) != negate ? transform.apply(r) : r);
      }
    }
    return record -> {
      SourceRecord current = record;
      for (UnaryOperator<SourceRecord> step : steps) {
        current = step.apply(current);
      }
      return current;
    };
  }

  @SuppressWarnings("unchecked")
  private Predicate<SourceRecord> predicate(Map<String, String> props, String alias)
      throws Exception {
    Map<String, String> settings = withPrefix(props, "predicates." + alias + ".");
    Predicate<SourceRecord> predicate =
        (Predicate<SourceRecord>) newInstance(settings.remove("type"));
    predicate.configure(settings);
    closeables.add(predicate);
    return predicate;
  }

  private static Object newInstance(String className) throws Exception {
    return Class.forName(className).getDeclaredConstructor().newInstance();
  }

  private static Map<String, String> withPrefix(Map<String, String> props, String prefix) {
    Map<String, String> sub = new HashMap<>();
    props.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            sub.put(k.substring(prefix.length()), v);
          }
        });
    return sub;
  }
}

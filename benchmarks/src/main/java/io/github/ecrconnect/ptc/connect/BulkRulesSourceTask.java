package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.EcrRuleSource;
import io.github.ecrconnect.ptc.core.PollOutcome;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RegistryPoller;
import io.github.ecrconnect.ptc.core.RuleListingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * The comparison for benchmark 3: the "bulk" approach of JDBC-source bulk mode and full-sync tools.
 * Lists every registry each interval like the connector's task, with the same config, listing and
 * record format, but keeps no state, so it writes every rule as a record every time. The benchmark
 * drives it the way a worker does (poll, convert, produce) rather than deploying it, so that
 * nothing bench-only has to be registered as a plugin.
 */
public class BulkRulesSourceTask extends SourceTask {
  private final CountDownLatch stopped = new CountDownLatch(1);
  private List<Registry> registries;
  private EcrRuleSource source;
  private RegistryPoller poller;
  private RegistryRecords registryRecords;
  private long intervalMs;
  private long nextDueMs;

  @Override
  public String version() {
    return ConnectorVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    EcrSourceTaskConfig config = new EcrSourceTaskConfig(props);
    registries = config.assignedRegistries();
    source = new EcrRuleSource(config.awsSettings());
    poller = new RegistryPoller(source, config.prefixFilter(), true);
    registryRecords =
        new RegistryRecords(config.topic(), false, version(), config.heartbeatTopic());
    intervalMs = config.pollInterval().toMillis();
    nextDueMs = System.currentTimeMillis();
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    long now = System.currentTimeMillis();
    if (now < nextDueMs) {
      stopped.await(Math.min(1_000, nextDueMs - now), TimeUnit.MILLISECONDS);
      return null;
    }
    nextDueMs += intervalMs;
    List<SourceRecord> records = new ArrayList<>();
    for (Registry registry : registries) {
      try {
        // No previous state: every rule is "read" again, every time.
        PollOutcome outcome = poller.poll(registry, null);
        records.addAll(registryRecords.changes(registry, outcome, now, null, null));
      } catch (RuleListingException e) {
        // a bulk poller simply tries again next interval
      }
    }
    return records.isEmpty() ? null : records;
  }

  @Override
  public void stop() {
    stopped.countDown();
    if (source != null) {
      source.close();
    }
  }
}

package io.github.ecrconnect.ptc.connect;

import org.apache.kafka.connect.connector.Task;

/**
 * The comparison for benchmark 3: the "bulk" approach of JDBC-source bulk mode and full-sync
 * tools, which writes every rule on every poll. Same config, registries, listing and record format
 * as the connector; only the task differs.
 */
public class BulkRulesSourceConnector extends EcrPullThroughCacheSourceConnector {
  @Override
  public Class<? extends Task> taskClass() {
    return BulkRulesSourceTask.class;
  }
}

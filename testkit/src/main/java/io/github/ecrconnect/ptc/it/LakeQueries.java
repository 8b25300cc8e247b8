package io.github.ecrconnect.ptc.it;

import io.github.ecrconnect.ptc.it.LakeRow.RuleKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The two queries of docs/data-lake.md, computed in Java over the rows Iceberg's reader returns (no
 * SQL engine runs in the tests). Keep them in step with the SQL there.
 */
public final class LakeQueries {
  /** A rule's events in the order they happened: event time, then Kafka offset. */
  public static final Comparator<LakeRow> EVENT_ORDER =
      Comparator.comparingLong(LakeRow::tsMs)
          .thenComparingInt(LakeRow::kafkaPartition)
          .thenComparingLong(LakeRow::kafkaOffset);

  private LakeQueries() {}

  /**
   * The current state: per key the latest row (ROW_NUMBER() OVER (PARTITION BY key ORDER BY ts_ms
   * DESC, kafka_partition DESC, kafka_offset DESC) = 1), deletes dropped (op <> 'd'); the rule is
   * that row's {@code after}.
   */
  public static Map<RuleKey, Map<String, Object>> currentState(List<LakeRow> rows) {
    Map<RuleKey, LakeRow> latest =
        rows.stream()
            .collect(
                Collectors.toMap(
                    LakeRow::key, row -> row, (a, b) -> EVENT_ORDER.compare(a, b) >= 0 ? a : b));
    Map<RuleKey, Map<String, Object>> state =
        new TreeMap<>(Comparator.comparing(RuleKey::toString));
    latest.forEach(
        (key, row) -> {
          if (!row.op().equals("d")) {
            state.put(key, row.after());
          }
        });
    return state;
  }

  /**
   * Who changed what, when: every change in event order, as "op registry/region/prefix
   * [changedFields]" (the SQL returns event_time, op, the key's columns, changedFields, before and
   * after).
   */
  public static List<String> history(List<LakeRow> rows) {
    return rows.stream()
        .sorted(EVENT_ORDER)
        .map(row -> row.op() + " " + row.key() + " " + row.changedFields())
        .collect(Collectors.toList());
  }
}

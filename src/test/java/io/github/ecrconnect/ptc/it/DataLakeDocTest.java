package io.github.ecrconnect.ptc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * docs/data-lake.md describes the table that config/iceberg-sink.properties makes and that
 * LakeRoundTripIT reads: the same table name, the same columns, and queries that order and filter
 * as {@link LakeQueries} does.
 */
class DataLakeDocTest {
  private static final String DOC = ProjectFiles.read(ProjectFiles.path("docs/data-lake.md"));
  private static final Map<String, String> SINK =
      ProjectFiles.properties(ProjectFiles.path(IcebergSink.EXAMPLE));

  @Test
  void namesTheTableAndPartitionOfTheExample() {
    assertThat(DOC)
        .contains("`" + SINK.get("iceberg.tables") + "`")
        .contains("FROM " + SINK.get("iceberg.tables") + " c")
        .contains("`" + SINK.get("iceberg.tables.default-partition-by") + "`");
  }

  @Test
  void listsEveryColumnThatLands() throws Exception {
    Schema envelope =
        new Schema.Parser().parse(ProjectFiles.path("src/main/avro/Envelope.avsc").toFile());
    List<String> columns = new ArrayList<>();
    envelope.getFields().forEach(f -> columns.add(f.name()));
    columns.addAll(LakeRow.ADDED_COLUMNS);

    List<String> documented = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^\\| (`[^|]+) \\|").matcher(DOC);
    while (row.find()) {
      Matcher name = Pattern.compile("`([^`]+)`").matcher(row.group(1));
      while (name.find()) {
        documented.add(name.group(1));
      }
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(columns);
  }

  @Test
  void queriesOrderAndFilterAsLakeQueriesDoes() {
    assertThat(DOC)
        .contains("PARTITION BY c.key.registryId, c.key.region, c.key.ecrRepositoryPrefix")
        .contains("ORDER BY c.ts_ms DESC, c.kafka_partition DESC, c.kafka_offset DESC")
        .contains("WHERE latest.rn = 1 AND latest.op <> 'd'")
        .contains("ORDER BY event_time, kafka_partition, kafka_offset");
  }

  @Test
  void theReadmeShowsTheSameQueries() {
    String readme = ProjectFiles.read(ProjectFiles.path("README.md"));
    List<String> documented = sqlBlocks(DOC);
    assertThat(documented).hasSize(2);
    assertThat(sqlBlocks(readme)).isEqualTo(documented);
  }

  private static List<String> sqlBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("(?s)```sql\n(.*?)```").matcher(markdown);
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }
}

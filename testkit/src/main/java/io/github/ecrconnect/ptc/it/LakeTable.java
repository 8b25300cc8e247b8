package io.github.ecrconnect.ptc.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The sink's table, read as any Iceberg client reads it: through a Hadoop catalog on the same
 * warehouse directory, under the sink's catalog name, with Iceberg's generic reader. (A JDBC
 * catalog on an SQLite file cannot be shared here: two copies of SQLite in one JVM, the sink's and
 * the reader's, break each other's file locks, and a reader then rolls back the sink's commit.)
 */
public final class LakeTable implements AutoCloseable {
  /** The sink's default catalog name (iceberg.catalog); a reader opens the catalog under it. */
  public static final String SINK_CATALOG_NAME = "iceberg";

  private final HadoopCatalog catalog = new HadoopCatalog();
  private final TableIdentifier table;

  public LakeTable(Path warehouse, String table) {
    this.table = TableIdentifier.parse(table);
    catalog.setConf(new Configuration());
    catalog.initialize(
        SINK_CATALOG_NAME,
        Map.of(CatalogProperties.WAREHOUSE_LOCATION, warehouse.toUri().toString()));
  }

  public boolean exists() {
    return catalog.tableExists(table);
  }

  /** The table as of its latest commit. */
  public Table load() {
    return catalog.loadTable(table);
  }

  /** Rows in the latest committed snapshot, from its summary (cheap: reads no data file). */
  public long committedRows() {
    if (!exists()) {
      return 0;
    }
    Snapshot current = load().currentSnapshot();
    return current == null
        ? 0
        : Long.parseLong(current.summary().getOrDefault("total-records", "0"));
  }

  /** Every row of the latest snapshot. */
  public List<LakeRow> rows() {
    List<LakeRow> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(load()).build()) {
      records.forEach(record -> rows.add(LakeRow.of(record)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /**
   * Waits, with a deadline, until the table's latest snapshot holds at least {@code count} rows.
   */
  public void awaitRows(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long rows;
    while ((rows = committedRows()) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after "
                + timeout
                + " waiting for "
                + count
                + " rows in "
                + table
                + "; committed so far: "
                + rows);
      }
      // The polling step of a deadline-bounded wait; each check reads the catalog and metadata.
      Thread.sleep(200);
    }
  }

  @Override
  public void close() throws IOException {
    catalog.close();
  }
}

package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** A task's configuration: the connector's, plus the registries assigned to this task. */
public final class EcrSourceTaskConfig extends EcrSourceConfig {
  public static final String TASK_REGISTRIES = "task.registries";
  public static final String TASK_ID = "task.id";

  public EcrSourceTaskConfig(Map<String, String> props) {
    super(taskConfigDef(), props);
  }

  /** A copy of the connector's ConfigDef extended with the task-only key. */
  static ConfigDef taskConfigDef() {
    return configDef()
        .define(
            TASK_REGISTRIES,
            Type.LIST,
            Importance.HIGH,
            "Set by the connector: the registries this task reads, as <registryId>@<region>.")
        .define(
            TASK_ID,
            Type.INT,
            0,
            Importance.LOW,
            "Set by the connector: the task's index, for its metrics name.");
  }

  /** Encodes an assignment for {@link #TASK_REGISTRIES}. */
  static String encode(List<Registry> registries) {
    List<String> items = new ArrayList<>();
    registries.forEach(registry -> items.add(registry.toString()));
    return String.join(",", items);
  }

  public int taskId() {
    return getInt(TASK_ID);
  }

  /** The connector's name (Connect passes it to tasks with the connector's config). */
  public String connectorName() {
    Object name = originals().get("name");
    return name == null ? "unnamed" : name.toString();
  }

  public List<Registry> assignedRegistries() {
    List<Registry> registries = new ArrayList<>();
    for (String item : getList(TASK_REGISTRIES)) {
      registries.add(Registry.parse(item));
    }
    return registries;
  }
}

package io.github.ecrconnect.ptc.packaging;

import static io.github.ecrconnect.ptc.packaging.RegistryConverters.APICURIO_AVRO;
import static io.github.ecrconnect.ptc.packaging.RegistryConverters.CONFLUENT_AVRO;
import static io.github.ecrconnect.ptc.packaging.RegistryConverters.GLUE_AVRO;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each registry converter's check refuses what the converter itself would refuse. */
class RegistryConvertersTest {
  private static final Map<String, String> GLUE =
      Map.of(
          "region", "us-east-1",
          "registry.name", "ecr",
          "avroRecordType", "GENERIC_RECORD",
          "dataFormat", "AVRO");
  private static final Map<String, String> APICURIO =
      Map.of(
          "apicurio.registry.url", "http://127.0.0.1:9/apis/registry/v2",
          "apicurio.registry.as-confluent", "true",
          "apicurio.registry.use-id", "contentId");

  @Test
  void glueConverterIsConfiguredForRealInAClassLoaderOfItsOwn() throws Exception {
    assertThat(problems(GLUE_AVRO, GLUE)).isEmpty();
    assertThat(problems(GLUE_AVRO, with(GLUE, "avroRecordType", "NOPE")))
        .singleElement()
        .asString()
        .contains("refuses its settings", "AvroRecordType.NOPE");
    assertThat(problems(GLUE_AVRO, without(GLUE, "region")))
        .containsExactly("value.converter.region is required by " + GLUE_AVRO);
    assertThat(problems(GLUE_AVRO, with(GLUE, "regoin", "us-east-1")))
        .containsExactly("value.converter.regoin: not a setting of " + GLUE_AVRO);
  }

  @Test
  void apicurioConverterIsConfiguredForReal() throws Exception {
    assertThat(problems(APICURIO_AVRO, APICURIO)).isEmpty();
    assertThat(problems(APICURIO_AVRO, with(APICURIO, "apicurio.registry.use-id", "schemaId")))
        .singleElement()
        .asString()
        .contains("refuses its settings", "IdOption.schemaId");
    assertThat(problems(APICURIO_AVRO, with(APICURIO, "apicurio.registry.as-confluence", "true")))
        .containsExactly(
            "value.converter.apicurio.registry.as-confluence: not a setting of " + APICURIO_AVRO);
  }

  @Test
  void confluentConverterSettingsAreTheDocumentedOnes() throws Exception {
    Map<String, String> confluent = Map.of("schema.registry.url", "http://localhost:8081");
    assertThat(problems(CONFLUENT_AVRO, confluent)).isEmpty();
    assertThat(problems(CONFLUENT_AVRO, with(confluent, "schema.registry.uri", "x")))
        .containsExactly("value.converter.schema.registry.uri: not a setting of " + CONFLUENT_AVRO);
  }

  private static List<String> problems(String className, Map<String, String> settings)
      throws Exception {
    return RegistryConverters.problems("value.converter", className, settings);
  }

  private static Map<String, String> with(Map<String, String> settings, String key, String value) {
    Map<String, String> changed = new HashMap<>(settings);
    changed.put(key, value);
    return changed;
  }

  private static Map<String, String> without(Map<String, String> settings, String key) {
    Map<String, String> changed = new HashMap<>(settings);
    changed.remove(key);
    return changed;
  }
}

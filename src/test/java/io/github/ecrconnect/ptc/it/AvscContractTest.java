package io.github.ecrconnect.ptc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison ConfluentAvroIT relies on, tested where no Docker engine is needed: a schema as
 * Confluent's AvroConverter registers it (connect.* properties, docs, defaults) agrees with the
 * plain .avsc, and a real difference (a field, a logical type) is reported.
 */
class AvscContractTest {
  private static final String SHIPPED_RULE =
      "{\"type\":\"record\",\"name\":\"Rule\",\"namespace\":\"x.y\",\"fields\":["
          + "{\"name\":\"prefix\",\"type\":\"string\"},"
          + "{\"name\":\"createdAt\",\"type\":[\"null\",{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}],\"default\":null}]}";

  private static final String REGISTERED_RULE =
      "{\"type\":\"record\",\"name\":\"Rule\",\"namespace\":\"x.y\",\"doc\":\"a rule\",\"fields\":["
          + "{\"name\":\"prefix\",\"type\":\"string\"},"
          + "{\"name\":\"createdAt\",\"type\":[\"null\",{\"type\":\"long\",\"connect.version\":1,"
          + "\"connect.name\":\"org.apache.kafka.connect.data.Timestamp\",\"logicalType\":\"timestamp-millis\"}],\"default\":null}],"
          + "\"connect.version\":1,\"connect.name\":\"x.y.Rule\"}";

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }

  @Test
  void confluentPropertiesAndDocsDoNotMatter() {
    assertThat(AvscContract.differences(parse(SHIPPED_RULE), parse(REGISTERED_RULE))).isEmpty();
  }

  @Test
  void aMissingFieldIsADifference() {
    String withoutCreatedAt =
        "{\"type\":\"record\",\"name\":\"Rule\",\"namespace\":\"x.y\",\"fields\":[{\"name\":\"prefix\",\"type\":\"string\"}]}";
    assertThat(AvscContract.differences(parse(SHIPPED_RULE), parse(withoutCreatedAt)))
        .anySatisfy(d -> assertThat(d).contains("canonical forms differ"));
  }

  @Test
  void aLostLogicalTypeIsADifference() {
    String plainLong = SHIPPED_RULE.replace(",\"logicalType\":\"timestamp-millis\"", "");
    assertThat(AvscContract.differences(parse(SHIPPED_RULE), parse(plainLong)))
        .singleElement()
        .asString()
        .contains("logical types differ");
  }

  @Test
  void noDirectoryMeansNoContract(@TempDir Path directory) {
    assertThat(AvscContract.load(directory.resolve("absent")).isEmpty()).isTrue();
  }
}

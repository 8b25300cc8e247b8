package io.github.ecrconnect.ptc.connect;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.util.Map;

/**
 * Connect&lt;-&gt;Avro conversion by an implementation that is not ours: Apicurio's port of
 * Confluent's AvroData, the code inside Confluent's AvroConverter.
 */
final class ConnectAvroData {
  private ConnectAvroData() {}

  /**
   * As AvroConverter is configured by default: the Avro schema it registers carries Connect's name,
   * version, doc and parameters as {@code connect.*} properties.
   */
  static AvroData asRegistered() {
    return new AvroData(new AvroDataConfig(Map.of()));
  }

  /** Plain Avro, without {@code connect.*} properties ({@code connect.meta.data=false}). */
  static AvroData plain() {
    return new AvroData(new AvroDataConfig(Map.of(AvroDataConfig.CONNECT_META_DATA_CONFIG, false)));
  }
}

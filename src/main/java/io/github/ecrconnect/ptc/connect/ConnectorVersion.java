package io.github.ecrconnect.ptc.connect;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The connector's version, read from a resource the build filters. Deliberately not Kafka's
 * AppInfoParser: Kafka 4.4 moved it, and plugins that call it fail to load there.
 */
public final class ConnectorVersion {
  private static final String RESOURCE = "/io/github/ecrconnect/ptc/connector-version.properties";
  private static final String VERSION = load();

  private ConnectorVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = ConnectorVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version", "unknown").trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

package io.github.ecrconnect.ptc.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.storage.Converter;

/**
 * The schema-registry converters that the examples name, each checked as far as its classes are
 * available here: Apicurio's AvroConverter is a test dependency and is configured for real; AWS
 * Glue's converter is a shaded jar (it bundles Kafka, Avro and the AWS SDK), loaded in a class
 * loader of its own as a worker's plugin.path would, and configured for real (no AWS call);
 * Confluent's is not published where this build can fetch it, so its settings are checked against
 * what Confluent documents.
 */
final class RegistryConverters {
  static final String CONFLUENT_AVRO = "io.confluent.connect.avro.AvroConverter";
  static final String APICURIO_AVRO = "io.apicurio.registry.utils.converter.AvroConverter";
  static final String GLUE_AVRO =
      "com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter";

  /** Settings of Confluent's AvroConverter (AvroConverterConfig, serde and AvroData configs). */
  private static final Set<String> CONFLUENT_SETTINGS =
      Set.of(
          "schema.registry.url",
          "basic.auth.credentials.source",
          "basic.auth.user.info",
          "bearer.auth.credentials.source",
          "bearer.auth.token",
          "auto.register.schemas",
          "use.latest.version",
          "latest.compatibility.strict",
          "normalize.schemas",
          "key.subject.name.strategy",
          "value.subject.name.strategy",
          "enhanced.avro.schema.support",
          "connect.meta.data",
          "schemas.cache.config",
          "scrub.invalid.names",
          "schema.registry.ssl.truststore.location",
          "schema.registry.ssl.truststore.password");

  /** The classes whose constants name every setting of Apicurio's converter and serde. */
  private static final List<String> APICURIO_CONFIG_CLASSES =
      List.of(
          "io.apicurio.registry.serde.SerdeConfig",
          "io.apicurio.registry.resolver.SchemaResolverConfig",
          "io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig",
          "io.apicurio.registry.utils.converter.avro.AvroDataConfig");

  private static final String APICURIO_REQUEST_HEADERS = "apicurio.registry.request.headers.";
  private static final String GLUE_CONSTANTS =
      "com.amazonaws.services.schemaregistry.utils.AWSSchemaRegistryConstants";

  private static ClassLoader glueLoader;

  private RegistryConverters() {}

  static boolean isRegistryConverter(String className) {
    return Set.of(CONFLUENT_AVRO, APICURIO_AVRO, GLUE_AVRO).contains(className);
  }

  /** True if the class can be instantiated on this test classpath (else a stand-in is needed). */
  static boolean onTestClasspath(String className) {
    return !className.equals(CONFLUENT_AVRO) && !className.equals(GLUE_AVRO);
  }

  /** Problems with the settings of a registry converter; empty if it accepts them. */
  static List<String> problems(String converterKey, String className, Map<String, String> settings)
      throws Exception {
    boolean isKey = converterKey.startsWith("key.");
    switch (className) {
      case CONFLUENT_AVRO:
        return unknownOrMissing(
            converterKey, className, settings, CONFLUENT_SETTINGS, "schema.registry.url");
      case APICURIO_AVRO:
        return apicurioProblems(converterKey, settings, isKey);
      case GLUE_AVRO:
        return glueProblems(converterKey, settings, isKey);
      default:
        throw new IllegalArgumentException("not a registry converter: " + className);
    }
  }

  private static List<String> apicurioProblems(
      String converterKey, Map<String, String> settings, boolean isKey) throws Exception {
    Set<String> names = new TreeSet<>();
    for (String configClass : APICURIO_CONFIG_CLASSES) {
      names.addAll(settingNames(Class.forName(configClass), "apicurio."));
    }
    Map<String, String> known = new HashMap<>(settings);
    known.keySet().removeIf(key -> key.startsWith(APICURIO_REQUEST_HEADERS));
    List<String> problems =
        unknownOrMissing(converterKey, APICURIO_AVRO, known, names, "apicurio.registry.url");
    if (problems.isEmpty()) {
      Converter converter = (Converter) newInstance(Class.forName(APICURIO_AVRO));
      try {
        converter.configure(settings, isKey);
      } catch (RuntimeException e) {
        problems.add(converterKey + ": " + APICURIO_AVRO + " refuses its settings: " + e);
      }
    }
    return problems;
  }

  private static List<String> glueProblems(
      String converterKey, Map<String, String> settings, boolean isKey) throws Exception {
    ClassLoader loader = glueLoader();
    Set<String> names = settingNames(loader.loadClass(GLUE_CONSTANTS), "");
    List<String> problems = unknownOrMissing(converterKey, GLUE_AVRO, settings, names, "region");
    if (problems.isEmpty()) {
      // The converter implements the Converter interface of the Kafka its jar bundles, not ours.
      Class<?> converterClass = loader.loadClass(GLUE_AVRO);
      Object converter = newInstance(converterClass);
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        converterClass
            .getMethod("configure", Map.class, boolean.class)
            .invoke(converter, settings, isKey);
      } catch (InvocationTargetException e) {
        problems.add(converterKey + ": " + GLUE_AVRO + " refuses its settings: " + e.getCause());
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
    return problems;
  }

  private static List<String> unknownOrMissing(
      String converterKey,
      String className,
      Map<String, String> settings,
      Set<String> names,
      String required) {
    List<String> problems = new ArrayList<>();
    settings.keySet().stream()
        .filter(key -> !names.contains(key))
        .sorted()
        .forEach(key -> problems.add(converterKey + "." + key + ": not a setting of " + className));
    if (!settings.containsKey(required)) {
      problems.add(converterKey + "." + required + " is required by " + className);
    }
    return problems;
  }

  /** The values of a class's public static String constants that start with {@code prefix}. */
  private static Set<String> settingNames(Class<?> constants, String prefix)
      throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Field field : constants.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String value = (String) field.get(null);
        if (value != null && value.startsWith(prefix) && !value.contains(" ")) {
          names.add(value);
        }
      }
    }
    return names;
  }

  private static Object newInstance(Class<?> type) throws ReflectiveOperationException {
    return type.getDeclaredConstructor().newInstance();
  }

  /**
   * The Glue converter's jar, which the pom copies to target/worker-converters, behind a loader
   * whose parent is the platform class loader: nothing of this test classpath leaks in.
   */
  private static synchronized ClassLoader glueLoader() {
    if (glueLoader == null) {
      Path jar =
          ProjectFiles.path(
              "target/worker-converters/schema-registry-kafkaconnect-converter-"
                  + ProjectFiles.pomProperty("glue.converter.version")
                  + ".jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: mvn process-test-resources copies it");
      }
      try {
        glueLoader =
            new URLClassLoader(
                new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return glueLoader;
  }
}

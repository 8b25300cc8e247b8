package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference is exactly what the ConfigDef renders. */
class ConfigReferenceTest {
  private static final Path PAGE = Path.of("docs/configuration.md");

  @Test
  void checkedInReferenceMatchesTheConfigDef() throws Exception {
    String rendered = ConfigReference.markdown(EcrSourceConfig.configDef());
    if (Boolean.getBoolean("config.reference.update")) {
      Files.writeString(PAGE, rendered, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
        .as(
            "docs/configuration.md is stale: run mvn test -Dtest=ConfigReferenceTest"
                + " -Dconfig.reference.update=true")
        .isEqualTo(rendered);
  }

  @Test
  void everyKeyIsDocumented() {
    EcrSourceConfig.configDef()
        .configKeys()
        .values()
        .forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
  }
}

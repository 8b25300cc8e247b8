package io.github.ecrconnect.ptc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistryTest {
  @Test
  void theStringFormReadsBack() {
    Registry named = Registry.of("123456789012", "eu-west-1");
    Registry own = Registry.of(null, "us-east-1");

    assertThat(named.toString()).isEqualTo("123456789012@eu-west-1");
    assertThat(own.toString()).isEqualTo("default@us-east-1");
    assertThat(Registry.parse(named.toString())).isEqualTo(named);
    assertThat(Registry.parse(own.toString())).isEqualTo(own);
  }

  @Test
  void aStringWithoutSeparatorIsRefused() {
    assertThatThrownBy(() -> Registry.parse("us-east-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<registryId>@<region>");
  }
}

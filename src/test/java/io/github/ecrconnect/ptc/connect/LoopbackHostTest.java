package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What counts as loopback for a plain-http endpoint: localhost and address literals only. */
class LoopbackHostTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LocalHost",
        "127.0.0.1",
        "127.1.2.3",
        "127.255.255.255",
        "::1",
        "[::1]",
        "0:0:0:0:0:0:0:1",
        "[0:0:0:0:0:0:0:1]",
        "::ffff:127.0.0.1"
      })
  void loopback(String host) {
    assertThat(ConfigValidators.isLoopback(host)).isTrue();
  }

  /** Names are never looked up, not even names that look like hex or dotted numbers. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "cafe",
        "dead",
        "beef",
        "face",
        "decade",
        "add",
        "1.2.3.4.5",
        "999.0.0.1",
        "127.256.0.1",
        "127.0.0.1.example.com",
        "localhost.example.com",
        "10.0.0.1",
        "169.254.169.254",
        "fe80::1",
        "dead:beef::1",
        "[2001:db8::1]",
        "::ffff:10.0.0.1",
        "::g",
        "ip6-localhost"
      })
  void notLoopback(String host) {
    assertThat(ConfigValidators.isLoopback(host)).isFalse();
  }
}

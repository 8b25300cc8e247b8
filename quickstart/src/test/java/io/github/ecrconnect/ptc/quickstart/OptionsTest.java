package io.github.ecrconnect.ptc.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.ecrconnect.ptc.quickstart.Options.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionsTest {

  @Test
  void defaultsReadAwsIfFoundOnTheUsualPorts() throws Exception {
    Options options = Options.parse(List.of());
    assertThat(options.source()).isEqualTo(Source.AUTO);
    assertThat(options.rulesFile()).isEqualTo(Path.of("config/quickstart-rules.json"));
    assertThat(options.connectorConfig()).isEqualTo(Path.of("config/quickstart-connector.json"));
    assertThat(options.pollInterval()).isEmpty();
    assertThat(options.restPort()).isEqualTo(8083);
    assertThat(options.kafkaPort()).isEqualTo(9092);
    assertThat(options.ecrPort()).isZero();
    assertThat(options.json()).isFalse();
    assertThat(options.help()).isFalse();
    assertThat(options.avro()).isFalse();
    assertThat(options.lake()).isEmpty();
  }

  @Test
  void avroStartsTheRegistryAndLakeTakesTheWarehouseDirectory() throws Exception {
    assertThat(Options.parse(List.of("--avro")).avro()).isTrue();
    assertThat(Options.parse(List.of("--lake", "/tmp/lake")).lake()).contains(Path.of("/tmp/lake"));
    assertThat(Options.parse(List.of("--lake=lake"), Path.of("/home/me")).lake())
        .as("relative to where ./run was called from")
        .contains(Path.of("/home/me/lake"));
  }

  @Test
  void everyFlagOfTheUsageIsParsed() throws Exception {
    Options options =
        Options.parse(
            List.of(
                "--local",
                "--rules",
                "my-rules.json",
                "--poll-interval=2s",
                "--json",
                "--rest-port",
                "18083",
                "--kafka-port",
                "19092",
                "--ecr-port",
                "4566",
                "--connector-config",
                "c.json",
                "-h"));
    assertThat(options)
        .returns(Source.LOCAL, Options::source)
        .returns(Path.of("my-rules.json"), Options::rulesFile)
        .returns(Path.of("c.json"), Options::connectorConfig)
        .returns(true, Options::json)
        .returns(true, Options::help)
        .returns(18083, Options::restPort)
        .returns(19092, Options::kafkaPort)
        .returns(4566, Options::ecrPort);
    assertThat(options.pollInterval()).contains(Duration.ofSeconds(2));
    assertThat(Options.parse(List.of("--aws")).source()).isEqualTo(Source.AWS);
  }

  @Test
  void filesGivenOnTheCommandLineAreRelativeToWhereRunWasCalledFrom() throws Exception {
    Options options =
        Options.parse(
            List.of("--rules", "mine.json", "--connector-config", "/etc/c.json"),
            Path.of("/home/me"));
    assertThat(options.rulesFile()).isEqualTo(Path.of("/home/me/mine.json"));
    assertThat(options.connectorConfig()).isEqualTo(Path.of("/etc/c.json"));
    assertThat(Options.parse(List.of(), Path.of("/home/me")).rulesFile())
        .isEqualTo(Path.of("config/quickstart-rules.json"));
  }

  @ParameterizedTest
  @CsvSource({"5000, PT5S", "500ms, PT0.5S", "5s, PT5S", "2m, PT2M", "1h, PT1H", "PT1.5S, PT1.5S"})
  void pollIntervalsAreMillisecondsOrDurations(String text, Duration expected) throws Exception {
    assertThat(Options.duration("--poll-interval", text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0s", "-5s", "soon", "5 days", "PTx"})
  void badPollIntervalsAreRejectedWithAnExample(String text) {
    assertThatExceptionOfType(UsageException.class)
        .isThrownBy(() -> Options.parse(List.of("--poll-interval", text)))
        .withMessageContaining("is not a positive duration; use e.g. 5s");
  }

  @Test
  void mistakesAreUsageErrors() {
    assertThatExceptionOfType(UsageException.class)
        .isThrownBy(() -> Options.parse(List.of("--aws", "--local")))
        .withMessage("--aws and --local exclude each other");
    assertThatExceptionOfType(UsageException.class)
        .isThrownBy(() -> Options.parse(List.of("--rules")))
        .withMessage("--rules needs a value");
    assertThatExceptionOfType(UsageException.class)
        .isThrownBy(() -> Options.parse(List.of("--verbose")))
        .withMessage("unknown option --verbose");
    assertThatExceptionOfType(UsageException.class)
        .isThrownBy(() -> Options.parse(List.of("--rest-port", "80800")))
        .withMessageContaining("is not a port number");
    assertThatExceptionOfType(UsageException.class)
        .isThrownBy(() -> Options.parse(List.of("--rest-port", "9092")))
        .withMessage("--rest-port, --kafka-port and --ecr-port must differ");
    assertThatExceptionOfType(UsageException.class)
        .isThrownBy(() -> Options.parse(List.of("--lake")))
        .withMessage("--lake needs a value");
    assertThatExceptionOfType(UsageException.class)
        .isThrownBy(() -> Options.parse(List.of("--avro", "--lake", "/tmp/lake")))
        .withMessage("--avro and --lake exclude each other");
  }
}

package io.github.ecrconnect.ptc.connect;

import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.ACCESS_KEY_ID;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.CREDENTIALS_PROVIDER_CLASS;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.HEARTBEAT_INTERVAL_MS;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.HEARTBEAT_TOPIC;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.REGIONS;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.REGISTRY_IDS;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.REPOSITORY_PREFIXES;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.SECRET_ACCESS_KEY;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.SNAPSHOT_MODE;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.aws.OwnCredentialsProvider;
import io.github.ecrconnect.ptc.aws.SharedCredentialsProvider;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** Values validate() used to accept although they cannot work, and duplicate registries. */
class ConfigEdgesTest {
  private final EcrPullThroughCacheSourceConnector connector =
      new EcrPullThroughCacheSourceConnector();

  private Map<String, List<String>> errors(Map<String, String> props) {
    return connector.validate(props).configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  private Map<String, List<String>> errorsWith(String key, String value) {
    Map<String, String> props = ConnectorConfigTest.validConfig();
    props.put(key, value);
    return errors(props);
  }

  private static Map<String, String> withProviderClass(Class<?> type) {
    Map<String, String> props = ConnectorConfigTest.validConfig();
    props.remove(ACCESS_KEY_ID);
    props.remove(SECRET_ACCESS_KEY);
    props.put(CREDENTIALS_PROVIDER_CLASS, type.getName());
    return props;
  }

  // ---- pseudo-regions

  static Stream<String> globalPseudoRegions() {
    return Region.regions().stream().filter(Region::isGlobalRegion).map(Region::id);
  }

  @ParameterizedTest
  @MethodSource("globalPseudoRegions")
  void aGlobalPseudoRegionIsRejected(String pseudoRegion) {
    assertThat(errorsWith(REGIONS, "us-east-1," + pseudoRegion).get(REGIONS))
        .singleElement()
        .asString()
        .contains(REGIONS, "'" + pseudoRegion + "'", "pseudo-region", "such as us-east-1");
  }

  @Test
  void theSdkHasThePseudoRegionsTheIssueNames() {
    assertThat(globalPseudoRegions()).contains("aws-global", "aws-cn-global", "aws-us-gov-global");
  }

  // ---- heartbeat.topic

  @Test
  void aHeartbeatTopicEqualToTheTopicIsRejected() {
    Map<String, String> props = ConnectorConfigTest.validConfig();
    props.put(HEARTBEAT_TOPIC, " " + props.get(TOPIC) + " ");

    Map<String, List<String>> errors = errors(props);
    assertThat(errors).containsOnlyKeys(HEARTBEAT_TOPIC);
    assertThat(errors.get(HEARTBEAT_TOPIC))
        .singleElement()
        .asString()
        .contains(HEARTBEAT_TOPIC + " must differ from " + TOPIC);
  }

  // ---- repository prefixes

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a", // ECR's minimum is 2 characters
        "abcdefghij-abcdefghij-abcdefghi", // 31: the maximum is 30
        "team/", // ECR assumes the '/'
        "team//app",
        "Team",
        "team_/app",
        "-team",
        "team..app",
        "/team",
        "ROOT/",
      })
  void aPrefixEcrCanNeverReturnIsRejected(String prefix) {
    assertThat(errorsWith(REPOSITORY_PREFIXES, "ecr-public," + prefix).get(REPOSITORY_PREFIXES))
        .as(prefix)
        .singleElement()
        .asString()
        .contains(REPOSITORY_PREFIXES, "'" + prefix + "'");
  }

  @Test
  void aTrailingSlashAndTheLengthSayWhatToWrite() {
    assertThat(errorsWith(REPOSITORY_PREFIXES, "team/").get(REPOSITORY_PREFIXES))
        .singleElement()
        .asString()
        .contains("write team");
    assertThat(errorsWith(REPOSITORY_PREFIXES, "a").get(REPOSITORY_PREFIXES))
        .singleElement()
        .asString()
        .contains("2 to 30");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ROOT",
        "ab",
        "ecr-public",
        "docker-hub/library",
        "a.b_c-d/e1/f",
        "abcdefghij-abcdefghij-abcdefgh", // 30
      })
  void prefixesEcrCanReturnStayValid(String prefix) {
    assertThat(errorsWith(REPOSITORY_PREFIXES, prefix)).isEmpty();
  }

  // ---- credentials provider class

  @ParameterizedTest
  @ValueSource(
      classes = {
        AwsCredentialsProvider.class, // an interface
        StaticCredentialsProvider.class, // create(AwsCredentials) only
        StsAssumeRoleCredentialsProvider.class, // its builder needs an STS client
        ThrowingCredentialsProvider.class,
      })
  void aProviderClassTheTaskCannotCreateIsRejected(Class<?> type) {
    List<String> messages = errors(withProviderClass(type)).get(CREDENTIALS_PROVIDER_CLASS);

    assertThat(messages)
        .as(type.getName())
        .singleElement()
        .asString()
        .contains(CREDENTIALS_PROVIDER_CLASS, type.getName())
        .doesNotContain("do-not-echo");
  }

  @ParameterizedTest
  @ValueSource(classes = {OwnCredentialsProvider.class, SharedCredentialsProvider.class})
  void aProviderClassTheTaskCanCreatePasses(Class<?> type) {
    assertThat(errors(withProviderClass(type))).isEmpty();
  }

  @Test
  void validateNeverClosesASharedProvider() {
    SharedCredentialsProvider.CLOSES.set(0);
    errors(withProviderClass(SharedCredentialsProvider.class));
    errors(withProviderClass(SharedCredentialsProvider.class));

    assertThat(SharedCredentialsProvider.CLOSES).hasValue(0);
  }

  // ---- duplicate registries

  @Test
  void aRegionOrAccountListedTwiceIsOneRegistryOnOneTask() {
    Map<String, String> props = ConnectorConfigTest.validConfig();
    props.put(REGIONS, "us-east-1,eu-west-1,us-east-1");
    props.put(REGISTRY_IDS, "111111111111,222222222222,111111111111");
    connector.start(props);

    for (int maxTasks : new int[] {1, 2, 3, 4, 9}) {
      List<Registry> assigned = new ArrayList<>();
      connector
          .taskConfigs(maxTasks)
          .forEach(t -> assigned.addAll(new EcrSourceTaskConfig(t).assignedRegistries()));

      assertThat(assigned)
          .as("tasks.max=%d", maxTasks)
          .containsExactlyInAnyOrder(
              Registry.of("111111111111", "us-east-1"),
              Registry.of("222222222222", "us-east-1"),
              Registry.of("111111111111", "eu-west-1"),
              Registry.of("222222222222", "eu-west-1"))
          .doesNotHaveDuplicates();
    }
    assertThat(connector.taskConfigs(9)).hasSize(4);
  }

  @Test
  void theOwnRegistryOfARegionListedTwiceIsOneRegistry() {
    Map<String, String> props = ConnectorConfigTest.validConfig();
    props.put(REGIONS, "eu-west-1,eu-west-1");
    props.remove(REGISTRY_IDS);
    connector.start(props);

    Set<Registry> seen = new HashSet<>();
    connector
        .taskConfigs(2)
        .forEach(
            t ->
                new EcrSourceTaskConfig(t)
                    .assignedRegistries()
                    .forEach(r -> assertThat(seen.add(r)).as("%s assigned once", r).isTrue()));
    assertThat(seen).containsExactly(Registry.of(null, "eu-west-1"));
  }

  // ---- the heartbeat topic where Connect may not create it

  static Stream<Arguments> heartbeatTopicCases() {
    return Stream.of(
        Arguments.of(Map.of(SNAPSHOT_MODE, "no_data"), true),
        Arguments.of(Map.of(HEARTBEAT_INTERVAL_MS, "30000"), true),
        Arguments.of(Map.of(), false),
        Arguments.of(
            Map.of(
                SNAPSHOT_MODE,
                "no_data",
                HeartbeatTopicCheck.TOPIC_CREATION_REPLICATION_FACTOR,
                "3",
                HeartbeatTopicCheck.TOPIC_CREATION_PARTITIONS,
                "1"),
            false));
  }

  @ParameterizedTest
  @MethodSource("heartbeatTopicCases")
  void validateWarnsWhenTheHeartbeatTopicMayNotExist(Map<String, String> extra, boolean warns) {
    Map<String, String> props = ConnectorConfigTest.validConfig();
    props.putAll(extra);
    try (LogCapture log = LogCapture.install()) {
      assertThat(errors(props)).isEmpty();

      List<String> warnings =
          log.lines().stream()
              .filter(line -> line.startsWith("WARN") && line.contains(HEARTBEAT_TOPIC + "="))
              .collect(Collectors.toList());
      if (warns) {
        assertThat(warnings)
            .singleElement()
            .asString()
            .contains(EcrSourceConfig.DEFAULT_HEARTBEAT_TOPIC)
            .contains(HeartbeatTopicCheck.TOPIC_CREATION_REPLICATION_FACTOR);
      } else {
        assertThat(warnings).isEmpty();
      }
    }
  }
}

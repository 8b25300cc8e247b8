package io.github.ecrconnect.ptc.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.ecrconnect.ptc.quickstart.RulesFile.InvalidRulesException;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class RulesFileTest {

  @Test
  void theSampleFileHoldsSeveralUpstreamsInTwoRegions() throws Exception {
    SortedMap<String, List<FakeRule>> rules =
        RulesFile.parse(Files.readString(Path.of("config/quickstart-rules.json")));
    assertThat(rules).containsOnlyKeys("eu-west-1", "us-east-1");
    assertThat(
            rules.values().stream()
                .flatMap(List::stream)
                .map(FakeRule::upstreamRegistry)
                .distinct())
        .hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void aRuleHasTheFieldsAUserSets() throws Exception {
    SortedMap<String, List<FakeRule>> rules =
        RulesFile.parse(
            "{\"us-east-1\": [{\"ecrRepositoryPrefix\": \"hub\", \"upstreamRegistryUrl\":"
                + " \"registry-1.docker.io\", \"upstreamRegistry\": \"docker-hub\","
                + " \"upstreamRepositoryPrefix\": \"library\", \"credentialArn\": \"arn:c\","
                + " \"customRoleArn\": null}], \"eu-west-1\": []}");
    assertThat(rules.get("us-east-1"))
        .containsExactly(
            FakeRule.of("hub", "registry-1.docker.io", "docker-hub")
                .withUpstreamRepositoryPrefix("library")
                .withCredentialArn("arn:c"));
    assertThat(rules.get("eu-west-1")).isEmpty();
  }

  @Test
  void mistakesAreNamedWithTheirPlace() {
    assertInvalid("{\"us-east-1\": [", "not valid JSON at line 1");
    assertInvalid("[]", "expected an object of regions");
    assertInvalid("{\"us-east-9\": []}", "\"us-east-9\" is not an AWS region id");
    assertInvalid("{\"us-east-1\": {}}", "us-east-1: expected a list of rules");
    assertInvalid(
        "{\"us-east-1\": [{\"upstreamRegistry\": \"quay\"}]}",
        "us-east-1[0]: ecrRepositoryPrefix is required");
    assertInvalid(
        "{\"us-east-1\": [{\"ecrRepositoryPrefix\": \"q\", \"upstreamRegistryURL\": \"quay.io\"}]}",
        "us-east-1[0]: unknown field \"upstreamRegistryURL\"; the fields are ecrRepositoryPrefix,");
    assertInvalid(
        "{\"us-east-1\": [{\"ecrRepositoryPrefix\": \"q\"}, {\"ecrRepositoryPrefix\": \"q\"}]}",
        "us-east-1[1]: a second rule for prefix \"q\"");
    assertInvalid(
        "{\"us-east-1\": [{\"ecrRepositoryPrefix\": 7}]}", "ecrRepositoryPrefix must be a string");
    assertInvalid("{\"us-east-1\": [], \"us-east-1\": []}", "not valid JSON");
  }

  private static void assertInvalid(String json, String message) {
    assertThatExceptionOfType(InvalidRulesException.class)
        .isThrownBy(() -> RulesFile.parse(json))
        .withMessageContaining(message);
  }
}

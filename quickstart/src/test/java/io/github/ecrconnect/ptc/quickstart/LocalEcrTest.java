package io.github.ecrconnect.ptc.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalEcrTest {
  private static final String US = "us-east-1";
  private static final String EU = "eu-west-1";
  private static final FakeRule HUB = FakeRule.of("hub", "registry-1.docker.io", "docker-hub");
  private static final FakeRule QUAY = FakeRule.of("quay", "quay.io", "quay");

  private final FakeEcrServer server = FakeEcrServer.start();
  private final LocalEcr ecr = new LocalEcr(server);

  @AfterEach
  void close() {
    ecr.close();
  }

  private static SortedMap<String, List<FakeRule>> file(String region, FakeRule... rules) {
    SortedMap<String, List<FakeRule>> map = new TreeMap<>();
    map.put(region, List.of(rules));
    return map;
  }

  @Test
  void onlyWhatChangedIsWrittenSoUnchangedRulesKeepTheirUpdatedAt() {
    server.setClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    assertThat(ecr.apply(file(US, HUB, QUAY))).isEqualTo(new LocalEcr.Changes(2, 0, 0));
    FakeRule storedQuay = server.rules(US, LocalEcr.ACCOUNT).get(1);

    server.advanceClock(Duration.ofMinutes(1));
    LocalEcr.Changes changes = ecr.apply(file(US, HUB.withCredentialArn("arn:new"), QUAY));

    assertThat(changes).isEqualTo(new LocalEcr.Changes(0, 1, 0));
    List<FakeRule> stored = server.rules(US, LocalEcr.ACCOUNT);
    assertThat(stored.get(0).credentialArn()).isEqualTo("arn:new");
    assertThat(stored.get(0).updatedAt()).isAfter(stored.get(0).createdAt());
    assertThat(stored.get(1)).isEqualTo(storedQuay);
    assertThat(ecr.apply(file(US, HUB.withCredentialArn("arn:new"), QUAY)).any()).isFalse();
  }

  @Test
  void rulesAndRegionsThatLeaveTheFileAreDeleted() {
    SortedMap<String, List<FakeRule>> both = file(US, HUB, QUAY);
    both.put(EU, List.of(HUB));
    ecr.apply(both);

    assertThat(ecr.apply(file(US, QUAY))).isEqualTo(new LocalEcr.Changes(0, 0, 2));
    assertThat(server.rules(US, LocalEcr.ACCOUNT))
        .extracting(FakeRule::ecrRepositoryPrefix)
        .containsExactly("quay");
    assertThat(server.rules(EU, LocalEcr.ACCOUNT)).isEmpty();
  }
}

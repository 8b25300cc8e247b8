package io.github.ecrconnect.ptc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScopeDiscoveryTest {
  private static final String A = "111111111111";
  private static final String B = "222222222222";
  private static final String C = "333333333333";
  private static final String US = "us-east-1";
  private static final String EU = "eu-west-1";
  private static final String AP = "ap-east-1";

  private final List<String> members = new ArrayList<>(List.of(C, A, B));
  private final Map<String, List<String>> regionsOf = new HashMap<>();
  private final Map<String, DiscoveryException> regionFailures = new HashMap<>();

  private ScopeDiscovery discovery(RegistryScope scope) {
    return new ScopeDiscovery(
        scope,
        () -> List.copyOf(members),
        account -> {
          if (regionFailures.containsKey(account)) {
            throw regionFailures.get(account);
          }
          return regionsOf.getOrDefault(account, List.of(US));
        });
  }

  private static RegistryScope scope(List<String> regions, List<String> ids) {
    return RegistryScope.of(regions, ids, List.of(), List.of());
  }

  @Test
  void fixedScopeIsRegionsTimesAccountsInConfigOrderWithoutDuplicates() {
    RegistryScope scope = scope(List.of(EU, US, EU), List.of(B, A, B));

    assertThat(scope.isDiscovered()).isFalse();
    assertThat(scope.fixedRegistries())
        .containsExactly(
            Registry.of(B, EU), Registry.of(A, EU), Registry.of(B, US), Registry.of(A, US));
  }

  @Test
  void withoutAccountsTheScopeIsTheCallersOwnRegistry() throws Exception {
    assertThat(scope(List.of(US), List.of()).fixedRegistries())
        .containsExactly(Registry.of(null, US));

    regionsOf.put(null, List.of(US, EU));
    assertThat(discovery(scope(List.of("all"), List.of())).discover().registries())
        .containsExactly(Registry.of(null, EU), Registry.of(null, US));
  }

  @Test
  void organizationMembersAreExplicitAccountsInIdOrder() throws Exception {
    RegistryScope scope = scope(List.of(US, EU), List.of("organization"));

    assertThat(scope.discoversAccounts()).isTrue();
    assertThat(discovery(scope).discover().registries())
        .containsExactly(
            Registry.of(A, US),
            Registry.of(B, US),
            Registry.of(C, US),
            Registry.of(A, EU),
            Registry.of(B, EU),
            Registry.of(C, EU));
    assertThatIllegalStateException().isThrownBy(scope::fixedRegistries);
  }

  @Test
  void includeThenExcludeFilterTheMembers() throws Exception {
    RegistryScope scope =
        RegistryScope.of(
            List.of(US), List.of("organization"), List.of(A, B, "999999999999"), List.of(B));

    assertThat(discovery(scope).discover().registries()).containsExactly(Registry.of(A, US));
  }

  @Test
  void allRegionsReadsEachAccountsOwnRegions() throws Exception {
    regionsOf.put(A, List.of(US, EU));
    regionsOf.put(B, List.of(US));
    regionsOf.put(C, List.of(AP, US));

    List<Registry> registries =
        discovery(scope(List.of("all"), List.of("organization"))).discover().registries();

    assertThat(registries)
        .containsExactly(
            Registry.of(C, AP),
            Registry.of(A, EU),
            Registry.of(A, US),
            Registry.of(B, US),
            Registry.of(C, US));
  }

  @Test
  void anAccountWhoseRegionsFailKeepsItsLastRegionsAndANewOneWaits() throws Exception {
    ScopeDiscovery discovery = discovery(scope(List.of("all"), List.of("organization")));
    regionsOf.put(A, List.of(US, EU));
    discovery.discover();

    regionFailures.put(A, DiscoveryException.retriable("throttled", null));
    members.add("444444444444");
    regionFailures.put("444444444444", DiscoveryException.fatal("no role yet", null));
    ScopeDiscovery.Result result = discovery.discover();

    assertThat(result.registries())
        .contains(Registry.of(A, EU), Registry.of(A, US))
        .noneMatch(r -> r.partitionRegistryId().equals("444444444444"));
    assertThat(result.regionFailures()).containsOnlyKeys(A, "444444444444");
  }

  @Test
  void anAccountThatLeftAndCameBackIsReadAfresh() throws Exception {
    ScopeDiscovery discovery = discovery(scope(List.of("all"), List.of("organization")));
    regionsOf.put(A, List.of(US, EU));
    discovery.discover();
    members.remove(A);
    assertThat(discovery.discover().registries()).noneMatch(r -> r.partitionRegistryId().equals(A));

    members.add(A);
    regionFailures.put(A, DiscoveryException.retriable("throttled", null));
    assertThat(discovery.discover().registries()).noneMatch(r -> r.partitionRegistryId().equals(A));
  }

  @Test
  void regionsOfSeveralAccountsAreReadAtOnceAndKeepTheirOrder() throws Exception {
    List<String> many = new ArrayList<>();
    for (int i = 10; i < 30; i++) {
      many.add("1000000000" + i);
    }
    CountDownLatch fourAtOnce = new CountDownLatch(4);
    ScopeDiscovery parallel =
        new ScopeDiscovery(
            scope(List.of("all"), List.of("organization")),
            () -> many,
            account -> {
              fourAtOnce.countDown();
              try {
                if (!fourAtOnce.await(10, TimeUnit.SECONDS)) {
                  throw DiscoveryException.retriable("not four at once", null);
                }
              } catch (InterruptedException e) {
                throw DiscoveryException.retriable("interrupted", e);
              }
              return account.endsWith("13")
                  ? List.of(US, AP)
                  : account.endsWith("17") ? failed() : List.of(US);
            },
            4);

    ScopeDiscovery.Result result = parallel.discover();

    assertThat(result.regionFailures()).containsOnlyKeys("100000000017");
    assertThat(result.registries())
        .hasSize(20)
        .startsWith(Registry.of("100000000013", AP), Registry.of("100000000010", US))
        .endsWith(Registry.of("100000000029", US));
  }

  private static List<String> failed() throws DiscoveryException {
    throw DiscoveryException.fatal("no role", null);
  }

  @Test
  void aFailedAccountListingFailsTheDiscovery() {
    ScopeDiscovery discovery =
        new ScopeDiscovery(
            scope(List.of(US), List.of("organization")),
            () -> {
              throw DiscoveryException.fatal("denied", null);
            },
            account -> List.of(US));

    assertThatExceptionOfType(DiscoveryException.class)
        .isThrownBy(discovery::discover)
        .withMessage("denied")
        .matches(e -> !e.isRetriable());
  }

  @Test
  void summaryCountsWithoutListingEveryRegistry() {
    assertThat(
            ScopeDiscovery.summary(
                List.of(Registry.of(A, US), Registry.of(B, US), Registry.of(A, EU))))
        .isEqualTo("3 registries, 2 accounts, 2 regions [eu-west-1, us-east-1]");
  }
}

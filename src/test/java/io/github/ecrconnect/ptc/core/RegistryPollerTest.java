package io.github.ecrconnect.ptc.core;

import static io.github.ecrconnect.ptc.core.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryPollerTest {
  private final Registry registry = Registry.of("123456789012", "us-east-1");
  private final List<PullThroughCacheRule> listing = new ArrayList<>(List.of(rule("a"), rule("b")));
  private final RuleSource source = r -> List.copyOf(listing);

  @Test
  void initialModeReadsEverythingThenOnlyChanges() throws Exception {
    RegistryPoller poller = new RegistryPoller(source, PrefixFilter.allowAll(), true);

    PollOutcome first = poller.poll(registry, null);
    assertThat(first.events())
        .extracting(ChangeEvent::operation)
        .containsExactly(Operation.READ, Operation.READ);
    assertThat(first.stateChanged()).isTrue();

    PollOutcome quiet = poller.poll(registry, first.state());
    assertThat(quiet.events()).isEmpty();
    assertThat(quiet.stateChanged()).isFalse();
    assertThat(quiet.state()).isSameAs(first.state());

    listing.add(rule("c"));
    PollOutcome created = poller.poll(registry, quiet.state());
    assertThat(created.events()).containsExactly(ChangeEvent.create(rule("c")));
  }

  @Test
  void aQuietPollAfterARestartLearnsTheRuleBodiesForLaterBeforeValues() throws Exception {
    RegistryPoller poller = new RegistryPoller(source, PrefixFilter.allowAll(), true);
    SnapshotState live = poller.poll(registry, null).state();
    SnapshotState restored =
        SnapshotState.restored(live.snapshotHash(), live.registryId(), live.fingerprints());

    PollOutcome quiet = poller.poll(registry, restored);
    assertThat(quiet.events()).isEmpty();
    assertThat(quiet.stateChanged()).as("same hash: nothing to store").isFalse();
    assertThat(quiet.state().hasRuleBodies()).isTrue();

    listing.remove(0);
    assertThat(poller.poll(registry, quiet.state()).events())
        .containsExactly(ChangeEvent.delete("123456789012", "a", rule("a")));
  }

  @Test
  void noDataModeRecordsTheFirstStateSilently() throws Exception {
    RegistryPoller poller = new RegistryPoller(source, PrefixFilter.allowAll(), false);

    PollOutcome first = poller.poll(registry, null);
    assertThat(first.events()).isEmpty();
    assertThat(first.stateChanged()).isTrue();
    assertThat(first.state().fingerprints()).containsOnlyKeys("a", "b");

    listing.remove(0);
    assertThat(poller.poll(registry, first.state()).events())
        .containsExactly(ChangeEvent.delete("123456789012", "a", rule("a")));
  }

  @Test
  void prefixFilterKeepsOnlyConfiguredPrefixesAndMissingOnesAreAbsent() throws Exception {
    RegistryPoller poller =
        new RegistryPoller(source, PrefixFilter.of(List.of("b", "not-there")), true);
    assertThat(poller.poll(registry, null).events()).containsExactly(ChangeEvent.read(rule("b")));
  }

  @Test
  void aFailedListingPropagatesAndProducesNoOutcome() {
    RuleSource failing =
        r -> {
          throw RuleListingException.throttled("slow down", null);
        };
    RegistryPoller poller = new RegistryPoller(failing, PrefixFilter.allowAll(), true);
    assertThatThrownBy(() -> poller.poll(registry, null))
        .isInstanceOfSatisfying(
            RuleListingException.class, e -> assertThat(e.isRetriable()).isTrue());
  }

  @Test
  void aNarrowedFilterDropsRulesSilentlyAndAWiderOneReadsTheRulesThatEnter() throws Exception {
    listing.add(rule("c"));
    SnapshotState all =
        new RegistryPoller(source, PrefixFilter.allowAll(), true).poll(registry, null).state();
    RegistryPoller narrow = new RegistryPoller(source, PrefixFilter.of(List.of("a")), true);

    PollOutcome narrowed = narrow.poll(registry, all);
    assertThat(narrowed.events()).as("b and c left the scope, not the registry").isEmpty();
    assertThat(narrowed.stateChanged()).as("the stored state leads to the same diffs").isFalse();
    assertThat(narrowed.state().fingerprints()).containsOnlyKeys("a");
    assertThat(narrowed.state().snapshotHash())
        .isEqualTo(RuleSnapshot.of(List.of(rule("a"))).hash());

    listing.remove(rule("c"));
    PollOutcome widened =
        new RegistryPoller(source, PrefixFilter.allowAll(), true).poll(registry, narrowed.state());
    assertThat(widened.events()).containsExactly(ChangeEvent.read(rule("b")));
  }

  @Test
  void aWiderFilterWithNoRuleEnteringStillStoresTheNewScope() throws Exception {
    RegistryPoller narrow = new RegistryPoller(source, PrefixFilter.of(List.of("a")), true);
    SnapshotState narrowState = narrow.poll(registry, null).state();
    RegistryPoller wider = new RegistryPoller(source, PrefixFilter.of(List.of("a", "z")), true);

    PollOutcome widened = wider.poll(registry, narrowState);
    assertThat(widened.events()).isEmpty();
    assertThat(widened.stateChanged()).isTrue();
    assertThat(widened.state().scope()).isEqualTo(PrefixFilter.of(List.of("a", "z")));
  }

  @Test
  void anEmptyRegistryWithNoStateHasNothingToStoreInInitialModeButABaselineInNoDataMode()
      throws Exception {
    listing.clear();
    assertThat(
            new RegistryPoller(source, PrefixFilter.allowAll(), true)
                .poll(registry, null)
                .stateChanged())
        .isFalse();
    assertThat(
            new RegistryPoller(source, PrefixFilter.allowAll(), false)
                .poll(registry, null)
                .stateChanged())
        .isTrue();
  }

  @Test
  void theStoredStateIsLookedUpByTheAccountTheListingNames() throws Exception {
    SnapshotState stored =
        new RegistryPoller(source, PrefixFilter.allowAll(), true).poll(registry, null).state();
    List<String> asked = new ArrayList<>();
    listing.remove(0);

    PollOutcome outcome =
        new RegistryPoller(source, PrefixFilter.allowAll(), true)
            .pollFor(
                Registry.of(null, "us-east-1"),
                account -> {
                  asked.add(account);
                  return stored;
                });
    assertThat(asked).containsExactly("123456789012");
    assertThat(outcome.previous()).isSameAs(stored);
    assertThat(outcome.events())
        .containsExactly(ChangeEvent.delete("123456789012", "a", rule("a")));
  }
}

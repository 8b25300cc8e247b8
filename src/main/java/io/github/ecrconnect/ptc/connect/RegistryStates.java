package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.SnapshotState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last emitted state of each assigned registry, and the partition it is stored under.
 *
 * <p>A registry is its account and region, whatever the config calls it: read as the caller's own
 * ({@code default}) or named by account id, it is stored under the account id once that is known.
 * The account of the caller's own registry is known from its state (the rules' account id) or from
 * the first listing with a rule; until then it is stored under {@code default}. So a switch between
 * the two names finds the same state: a registry named by id with no state of its own adopts the
 * {@code default} state of that account (as version 1 offsets stored it), and the caller's own
 * registry adopts the state stored under its account id.
 */
final class RegistryStates {
  private static final Logger log = LoggerFactory.getLogger(RegistryStates.class);

  private final OffsetStorageReader offsets;
  private final Map<Registry, SnapshotState> states = new ConcurrentHashMap<>();

  /** The account of each registry read as the caller's own, once known. */
  private final Map<Registry, String> ownAccounts = new ConcurrentHashMap<>();

  RegistryStates(OffsetStorageReader offsets) {
    this.offsets = offsets;
  }

  /**
   * Reads the stored states of {@code registries}.
   *
   * @throws ConnectException saying how to reset it, if a stored offset is not valid
   */
  void restore(List<Registry> registries) {
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (Registry registry : registries) {
      partitions.add(SourceOffsets.partition(registry));
      partitions.add(SourceOffsets.partition(asOwn(registry)));
    }
    Map<Map<String, Object>, Map<String, Object>> stored = offsets.offsets(partitions);
    for (Registry registry : registries) {
      SnapshotState own = read(stored, asOwn(registry));
      SnapshotState state;
      if (registry.registryIdOrNull() == null) {
        state = own;
        if (own != null && own.registryId() != null) {
          ownAccounts.put(registry, own.registryId());
          SnapshotState named = read(Registry.of(own.registryId(), registry.region()));
          state = named != null ? named : own;
        }
      } else {
        state = read(stored, registry);
        if (state == null && own != null && registry.registryIdOrNull().equals(own.registryId())) {
          log.info("{}: adopting the state stored for the caller's own registry", registry);
          state = own;
        }
      }
      if (state != null) {
        states.put(registry, state);
        log.debug("Restored state of {}: {}", registry, state);
      }
    }
    // One line, not one per registry: a task of an organization restores thousands at each
    // reassignment.
    log.info(
        "Restored the stored state of {} of {} registries; the others start as snapshot.mode says",
        states.size(),
        registries.size());
  }

  /**
   * The state to diff {@code registry}'s listing against, given the account id its rules carry
   * (null for an empty listing). The caller's own registry whose account was not known, or that now
   * lists another account (other credentials), takes the state stored under that account.
   */
  SnapshotState previous(Registry registry, String listedAccount) {
    if (registry.registryIdOrNull() == null
        && listedAccount != null
        && !listedAccount.equals(ownAccounts.get(registry))) {
      boolean knewAnother = ownAccounts.containsKey(registry);
      ownAccounts.put(registry, listedAccount);
      SnapshotState named = read(Registry.of(listedAccount, registry.region()));
      if (named != null) {
        log.info(
            "{}: the caller's account is {}; adopting its stored state", registry, listedAccount);
        states.put(registry, named);
      } else if (knewAnother) {
        states.remove(registry); // another account: the old state is not this registry's
      }
    }
    return states.get(registry);
  }

  /** The registry as its partition names it: by account id once known. */
  Registry stored(Registry registry) {
    String account = ownAccounts.get(registry);
    return account == null ? registry : Registry.of(account, registry.region());
  }

  SnapshotState get(Registry registry) {
    return states.get(registry);
  }

  void put(Registry registry, SnapshotState state) {
    states.put(registry, state);
  }

  Collection<SnapshotState> all() {
    return states.values();
  }

  private static Registry asOwn(Registry registry) {
    return Registry.of(null, registry.region());
  }

  private SnapshotState read(Registry registry) {
    return decode(registry, offsets.offset(SourceOffsets.partition(registry)));
  }

  private static SnapshotState read(
      Map<Map<String, Object>, Map<String, Object>> stored, Registry registry) {
    return decode(registry, stored == null ? null : stored.get(SourceOffsets.partition(registry)));
  }

  private static SnapshotState decode(Registry registry, Map<String, Object> offset) {
    try {
      return SourceOffsets.state(offset);
    } catch (IllegalArgumentException e) {
      throw new ConnectException(
          "The stored offset of registry "
              + registry
              + " is not valid ("
              + e.getMessage()
              + "). Reset it with the Connect REST API (DELETE /connectors/<name>/offsets while"
              + " the connector is stopped) to start from a fresh snapshot.",
          e);
    }
  }
}

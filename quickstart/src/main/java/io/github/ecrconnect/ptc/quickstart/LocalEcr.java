package io.github.ecrconnect.ptc.quickstart;

import io.github.ecrconnect.ptc.quickstart.RulesFile.InvalidRulesException;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The local ECR endpoint of ./run: the integration tests' {@link FakeEcrServer}, holding the rules
 * of a rules file in the caller's account ({@link FakeEcrServer#DEFAULT_ACCOUNT}), and a watcher
 * that applies every saved edit of that file. Only what changed is written to the endpoint: a rule
 * whose fields did not change keeps its updatedAt, so it produces no event.
 */
final class LocalEcr implements AutoCloseable {
  static final String ACCOUNT = FakeEcrServer.DEFAULT_ACCOUNT;
  private static final Duration CHECK_EVERY = Duration.ofMillis(250);

  /** What applying a version of the file changed at the endpoint. */
  record Changes(int created, int updated, int deleted) {
    boolean any() {
      return created + updated + deleted > 0;
    }

    @Override
    public String toString() {
      return created + " created, " + updated + " updated, " + deleted + " deleted";
    }
  }

  private final FakeEcrServer server;
  private final Set<String> regionsSeen = new TreeSet<>();
  private volatile Thread watcher;

  LocalEcr(FakeEcrServer server) {
    this.server = server;
  }

  /** Starts the endpoint on 127.0.0.1:{@code port} (0: any free port) holding {@code rules}. */
  static LocalEcr start(int port, SortedMap<String, List<FakeRule>> rules) {
    LocalEcr ecr = new LocalEcr(FakeEcrServer.start(port));
    ecr.apply(rules);
    return ecr;
  }

  /** The rules of {@code file}; fails with a message naming the mistake if it is not valid. */
  static SortedMap<String, List<FakeRule>> read(Path file) throws QuickStartException {
    try {
      return RulesFile.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new QuickStartException(
          "the rules file " + file + " does not exist; pass --rules FILE");
    } catch (IOException e) {
      throw new QuickStartException("cannot read the rules file " + file + ": " + e, e);
    } catch (InvalidRulesException e) {
      throw new QuickStartException("the rules file " + file + " is not valid: " + e.getMessage());
    }
  }

  URI endpoint() {
    return server.endpoint();
  }

  /** Makes the endpoint hold exactly these rules, writing only the differences. */
  synchronized Changes apply(SortedMap<String, List<FakeRule>> desired) {
    regionsSeen.addAll(desired.keySet());
    int created = 0;
    int updated = 0;
    int deleted = 0;
    for (String region : regionsSeen) {
      Map<String, FakeRule> current = new LinkedHashMap<>();
      for (FakeRule rule : server.rules(region, ACCOUNT)) {
        current.put(rule.ecrRepositoryPrefix(), rule);
      }
      for (FakeRule wanted : desired.getOrDefault(region, List.of())) {
        FakeRule existing = current.remove(wanted.ecrRepositoryPrefix());
        if (existing == null) {
          server.put(region, ACCOUNT, wanted);
          created++;
        } else if (!userFields(existing).equals(wanted)) {
          server.put(region, ACCOUNT, wanted); // keeps createdAt, moves updatedAt
          updated++;
        }
      }
      for (String gone : current.keySet()) {
        server.delete(region, ACCOUNT, gone);
        deleted++;
      }
    }
    return new Changes(created, updated, deleted);
  }

  /** The fields a rules file sets: without registryId and timestamps, which the endpoint sets. */
  private static FakeRule userFields(FakeRule stored) {
    return stored.withRegistryId(null).withCreatedAt(null).withUpdatedAt(null);
  }

  /**
   * Applies each saved version of {@code file} on a daemon thread. A version is applied once it has
   * been the same for two checks in a row, so a save in progress is not read half-written; an
   * invalid version is reported and leaves the endpoint as it was.
   */
  void watch(Path file, Consumer<Changes> applied, Consumer<String> problem) {
    Thread thread =
        new Thread(
            () -> {
              byte[] appliedBytes = readOrNull(file);
              byte[] previous = appliedBytes;
              String lastProblem = null;
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  Thread.sleep(CHECK_EVERY.toMillis()); // the check interval of a file watch
                } catch (InterruptedException e) {
                  return;
                }
                byte[] now = readOrNull(file);
                boolean settled = Arrays.equals(now, previous);
                previous = now;
                if (now == null || !settled || Arrays.equals(now, appliedBytes)) {
                  continue;
                }
                appliedBytes = now;
                try {
                  applied.accept(apply(RulesFile.parse(new String(now, StandardCharsets.UTF_8))));
                  lastProblem = null;
                } catch (InvalidRulesException e) {
                  if (!e.getMessage().equals(lastProblem)) {
                    problem.accept(e.getMessage());
                  }
                  lastProblem = e.getMessage();
                }
              }
            },
            "rules-file-watcher");
    thread.setDaemon(true);
    watcher = thread;
    thread.start();
  }

  private static byte[] readOrNull(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null; // absent for a moment while an editor replaces it
    }
  }

  @Override
  public void close() {
    Thread thread = watcher;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    server.close();
  }
}

package io.github.ecrconnect.ptc.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A local, stateful stand-in for Amazon ECR's DescribePullThroughCacheRules and STS's AssumeRole
 * and GetCallerIdentity, spoken over the real wire protocols so that unmodified AWS SDK v2 clients
 * work against {@link #endpoint()}.
 *
 * <pre>{@code
 * try (FakeEcrServer ecr = FakeEcrServer.start()) {
 *   FakeRule hub = FakeRule.of("hub", "registry-1.docker.io", "docker-hub");
 *   ecr.put("us-east-1", FakeEcrServer.DEFAULT_ACCOUNT, hub);
 *   ecr.inject(Fault.throttling().times(2));
 *   EcrClient client = EcrClient.builder().endpointOverride(ecr.endpoint())...build();
 * }
 * }</pre>
 *
 * <p>Requests are told apart by their signature: the region and access key id come from the SigV4
 * credential scope; signatures are not verified. A request without registryId is for the caller's
 * account: {@link #DEFAULT_ACCOUNT}, the account set with {@link #setAccount}, or the role's
 * account for credentials from AssumeRole. Every method is thread-safe.
 */
public final class FakeEcrServer implements AutoCloseable {
  /** The account of any access key without one set. */
  public static final String DEFAULT_ACCOUNT = "123456789012";

  private static final String HOST = "127.0.0.1";

  private final HttpServer http;
  private final ExecutorService executor;

  /** The request threads, so close() can wait for them to end, not only for their tasks. */
  private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Clock clock = Clock.systemUTC();
  private final RuleStore rules = new RuleStore(this::now);
  private final FaultQueue faults = new FaultQueue();
  private final Identities identities = new Identities();
  private final Recordings recordings = new Recordings();
  private final EcrProtocol ecr = new EcrProtocol(rules, faults, identities, recordings, this::now);
  private final StsProtocol sts = new StsProtocol(identities, recordings, this::now);
  private final FakeOrganization organization = new FakeOrganization();
  private final OrganizationsProtocol organizations =
      new OrganizationsProtocol(organization, identities, this::now);
  private final AccountProtocol account = new AccountProtocol(organization, identities, this::now);

  private FakeEcrServer(HttpServer http) {
    this.http = http;
    this.executor =
        Executors.newCachedThreadPool(daemonThreads(http.getAddress().getPort(), threads));
    http.setExecutor(executor);
    http.createContext("/", this::dispatch);
    http.start();
  }

  /** Starts on an ephemeral port of 127.0.0.1. */
  public static FakeEcrServer start() {
    return start(0);
  }

  /** Starts on {@code port} of 127.0.0.1 (0 for an ephemeral one). */
  public static FakeEcrServer start(int port) {
    try {
      return new FakeEcrServer(HttpServer.create(new InetSocketAddress(HOST, port), 0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + HOST + ":" + port, e);
    }
  }

  /** The base URI for {@code endpointOverride} of both ECR and STS clients. */
  public URI endpoint() {
    return URI.create("http://" + HOST + ":" + port());
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** Stops listening and interrupts requests in progress (such as a delay fault). Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.stop(0);
    executor.shutdownNow();
    try {
      // A pool reports termination just before its last thread exits: join the threads too.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      executor.awaitTermination(5, TimeUnit.SECONDS);
      for (Thread thread : threads) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left > 0) {
          thread.join(left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- time

  /** The server's current time: rule timestamps, request times and session expiry use it. */
  public Instant now() {
    return clock.instant();
  }

  public synchronized void setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Moves the server's time forward, e.g. past the expiration of issued credentials. */
  public synchronized void advanceClock(Duration amount) {
    clock = Clock.offset(clock, amount);
  }

  // ---- rules

  /**
   * Creates or replaces a rule. Fills registryId, and timestamps the rule leaves null: a new rule
   * is created and updated now; a replaced one keeps its createdAt and is updated now.
   *
   * @return the rule as stored
   * @throws IllegalArgumentException if the rule names another registry
   */
  public FakeRule put(String region, String registryId, FakeRule rule) {
    return rules.put(region, registryId, rule);
  }

  /**
   * Stores the rule with its timestamps as given, even null: a rule from before ECR reported
   * updatedAt, say. Only registryId is filled.
   */
  public FakeRule putAsIs(String region, String registryId, FakeRule rule) {
    return rules.putAsIs(region, registryId, rule);
  }

  /**
   * Changes an existing rule and sets its updatedAt to now, or a millisecond after the previous
   * updatedAt if the clock has not moved past it.
   *
   * @return the rule as stored
   * @throws java.util.NoSuchElementException if there is no such rule
   * @throws IllegalArgumentException if {@code change} alters the prefix or registry
   */
  public FakeRule update(
      String region, String registryId, String prefix, UnaryOperator<FakeRule> change) {
    return rules.update(region, registryId, prefix, change);
  }

  /** Deletes a rule; false if there was none. */
  public boolean delete(String region, String registryId, String prefix) {
    return rules.delete(region, registryId, prefix);
  }

  /** The registry's rules in prefix order, the order pages are served in. */
  public List<FakeRule> rules(String region, String registryId) {
    return rules.rules(region, registryId);
  }

  /** Makes the registry hold exactly these rules, atomically; each is stored as by {@link #put}. */
  public List<FakeRule> replaceAll(String region, String registryId, Collection<FakeRule> rules) {
    return this.rules.replaceAll(region, registryId, rules);
  }

  /**
   * Puts {@code count} rules {@code rule-00001}, {@code rule-00002}, ... caching ECR Public.
   *
   * @return the rules as stored
   */
  public List<FakeRule> createRules(String region, String registryId, int count) {
    List<FakeRule> created = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      created.add(
          put(
              region,
              registryId,
              FakeRule.of(String.format("rule-%05d", i), "public.ecr.aws", "ecr-public")));
    }
    return created;
  }

  /** Deletes every rule of every region and registry. */
  public void clear() {
    rules.clear();
  }

  // ---- faults

  /** Arms a fault for DescribePullThroughCacheRules; see {@link Fault} for matching. */
  public void inject(Fault fault) {
    faults.add(fault);
  }

  /** Disarms this fault instance; false if it was not armed (any more). */
  public boolean removeFault(Fault fault) {
    return faults.remove(fault);
  }

  public void clearFaults() {
    faults.clear();
  }

  // ---- identities

  /** The account whose registry a request signed with {@code accessKeyId} defaults to. */
  public void setAccount(String accessKeyId, String account) {
    identities.setAccount(accessKeyId, account);
  }

  /**
   * Accepts only this static access key (and credentials this server's STS issued): others get
   * UnrecognizedClientException from ECR and InvalidClientTokenId from STS. Null accepts any key.
   */
  public void requireAccessKey(String accessKeyId) {
    identities.requireAccessKey(accessKeyId);
  }

  /** AssumeRole of this role answers 403 AccessDenied. */
  public void denyAssumeRole(String roleArn) {
    identities.denyRole(roleArn);
  }

  /** AssumeRole of this role answers 403 AccessDenied unless it carries this external id. */
  public void requireExternalId(String roleArn, String externalId) {
    identities.requireExternalId(roleArn, externalId);
  }

  /**
   * How long credentials from AssumeRole last (default one hour); the requested DurationSeconds is
   * recorded but ignored. SDK providers renew credentials minutes before they expire, so to test
   * expiry advance the clock rather than issue credentials that live only seconds.
   */
  public void setSessionDuration(Duration duration) {
    identities.setSessionDuration(duration);
  }

  // ---- organization

  /**
   * The organization and enabled regions that Organizations ListAccounts and Account Management
   * ListRegions (at {@link #endpoint()} too) answer from; tests change it while a connector runs.
   */
  public FakeOrganization organization() {
    return organization;
  }

  // ---- recordings

  /** DescribePullThroughCacheRules calls since start or {@link #resetCounts()}. */
  public long describeCalls() {
    return recordings.describeCalls();
  }

  /** DescribePullThroughCacheRules calls for one region and registry id (requested or default). */
  public long describeCalls(String region, String registryId) {
    return recordings.describeCalls(region, registryId);
  }

  /**
   * How many TCP connections requests (of any kind) arrived on since start or {@link
   * #resetCounts()}: fewer connections than requests means clients reuse connections.
   */
  public int clientConnections() {
    return recordings.connections();
  }

  /** The DescribePullThroughCacheRules calls in arrival order (the last 10,000). */
  public List<RecordedRequest> requests() {
    return recordings.requests();
  }

  /**
   * AssumeRole calls since start or {@link #resetCounts()}, refused ones included: exact, unlike
   * {@link #assumeRoleCalls()}, which keeps the last 10,000.
   */
  public long assumeRoleCount() {
    return recordings.assumeRoleCalls();
  }

  /** The AssumeRole calls in arrival order (the last 10,000), refused ones included. */
  public List<RecordedAssumeRole> assumeRoleCalls() {
    return recordings.assumeRoles();
  }

  /** Forgets counts and recorded calls. */
  public void resetCounts() {
    recordings.clear();
  }

  /**
   * Back to the state after start: no rules, faults, recordings or identity settings, system clock.
   */
  public void reset() {
    clear();
    clearFaults();
    resetCounts();
    identities.reset();
    organization.reset();
    setClock(Clock.systemUTC());
  }

  // ---- HTTP

  /**
   * Calls with X-Amz-Target are ECR's or Organizations' (JSON 1.1); {@code POST /listRegions} is
   * Account Management's (REST-JSON); everything else is taken for an STS query call.
   */
  private void dispatch(HttpExchange exchange) {
    try {
      recordings.addConnection(exchange.getRemoteAddress());
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (target != null && target.startsWith(OrganizationsProtocol.TARGET_PREFIX)) {
        organizations.handle(exchange, target);
      } else if (target != null) {
        ecr.handle(exchange, target);
      } else if (AccountProtocol.LIST_REGIONS_PATH.equals(exchange.getRequestURI().getPath())) {
        account.handle(exchange);
      } else {
        sts.handle(exchange);
      }
    } catch (IOException e) {
      // The client went away (it timed out during a delay, say): there is no one to answer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() ends a delay fault
    } catch (RuntimeException bug) {
      answerBug(exchange, bug);
    } finally {
      exchange.close();
    }
  }

  /** A bug in the fake is answered as a 500 InternalFailure, so the test sees it fail. */
  private static void answerBug(HttpExchange exchange, RuntimeException bug) {
    if (exchange.getResponseCode() != -1) {
      return; // already answering: the broken response is all the client will get
    }
    try {
      EcrProtocol.sendError(
          exchange,
          Exchanges.newRequestId(),
          new AwsError(500, "InternalFailure", "FakeEcrServer failed: " + bug));
    } catch (IOException e) {
      // the client went away as well
    }
  }

  private static ThreadFactory daemonThreads(int port, Queue<Thread> created) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "fake-ecr-" + port + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      created.removeIf(old -> old.getState() == Thread.State.TERMINATED); // idle ones end
      created.add(thread);
      return thread;
    };
  }
}

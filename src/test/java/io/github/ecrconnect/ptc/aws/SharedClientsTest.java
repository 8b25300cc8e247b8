package io.github.ecrconnect.ptc.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RequestRateLimiter;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.RecordedAssumeRole;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * What lets one task read many registries cheaply: one SDK client per (region, credentials),
 * connections reused across pages and registries, and every page request paced by the task's rate
 * limiter, whose wait a stopping task ends at once.
 */
class SharedClientsTest {
  private static final String US = "us-east-1";
  private static final String EU = "eu-west-1";
  private static final String ACCOUNT_A = "111111111111";
  private static final String ACCOUNT_B = "222222222222";

  private static FakeEcrServer ecr;

  @BeforeAll
  static void startServer() {
    ecr = FakeEcrServer.start();
  }

  @AfterAll
  static void stopServer() {
    ecr.close();
  }

  @BeforeEach
  void resetServer() {
    ecr.reset();
  }

  private static AwsSettings.Builder settings() {
    return AwsSettings.builder()
        .ecrEndpoint(ecr.endpoint())
        .stsEndpoint(ecr.endpoint())
        .staticCredentials("AKIDSHARED", "secret", null);
  }

  @Test
  void registriesOfOneRegionShareOneClientWhateverTheirCredentials() {
    AwsSettings perAccountRole =
        settings().assumeRole("arn:aws:iam::{registryId}:role/reader", null, null).build();
    for (AwsSettings settings : List.of(settings().build(), perAccountRole)) {
      try (EcrClientFactory factory = new EcrClientFactory(settings, ApiCallListener.NONE)) {
        EcrClient usA = factory.clientFor(Registry.of(ACCOUNT_A, US));
        EcrClient euA = factory.clientFor(Registry.of(ACCOUNT_A, EU));

        assertThat(factory.clientFor(Registry.of(ACCOUNT_B, US))).isSameAs(usA);
        assertThat(factory.clientFor(Registry.of(ACCOUNT_A, US))).isSameAs(usA);
        assertThat(euA).isNotSameAs(usA);
        assertThat(factory.clientFor(Registry.of(ACCOUNT_B, EU))).isSameAs(euA);
      }
    }
  }

  @Test
  void eachAccountsRequestsAreSignedWithItsOwnRoleThroughTheRegionsOneClient() throws Exception {
    ecr.createRules(US, ACCOUNT_A, 1);
    ecr.createRules(US, ACCOUNT_B, 1);
    AwsSettings perAccountRole =
        settings().assumeRole("arn:aws:iam::{registryId}:role/reader", null, null).build();
    try (EcrRuleSource source = new EcrRuleSource(perAccountRole)) {
      source.list(Registry.of(ACCOUNT_A, US));
      source.list(Registry.of(ACCOUNT_B, US));
    }

    assertThat(ecr.assumeRoleCalls()).hasSize(2);
    assertThat(ecr.requests())
        .extracting(request -> request.accessKeyId())
        .as("each account's listing signed with the key its own session was issued")
        .containsExactly(
            issuedTo("arn:aws:iam::" + ACCOUNT_A + ":role/reader"),
            issuedTo("arn:aws:iam::" + ACCOUNT_B + ":role/reader"));
  }

  @Test
  void threadsDoNotGrowWithRegistries() throws Exception {
    AwsSettings perAccountRole =
        settings()
            .assumeRole("arn:aws:iam::{registryId}:role/reader", null, null)
            .maxRequestsPerSecond(0)
            .build();
    List<String> regions = List.of(US, EU, "ap-southeast-2", "sa-east-1");
    long threadsBefore = sdkThreads();
    try (EcrRuleSource source = new EcrRuleSource(perAccountRole)) {
      for (int account = 0; account < 25; account++) {
        for (String region : regions) {
          source.list(Registry.of(String.format("%012d", 300_000_000_000L + account), region));
        }
      }
      assertThat(sdkThreads() - threadsBefore)
          .as("SDK threads for 100 registries of 25 accounts (a client's own scheduler: up to 5)")
          .isLessThanOrEqualTo(2);
    }
    assertThat(ecr.assumeRoleCalls()).hasSize(25);
  }

  /**
   * Live threads of AWS SDK clients: the SDK's own timeout schedulers ({@code sdk-...}) or the one
   * the connector shares ({@code ecr-ptc-sdk-...}). Not the endpoint's or the JDK's HTTP threads,
   * which come and go on their own.
   */
  private static long sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith("sdk-") || name.startsWith("ecr-ptc-sdk-"))
        .count();
  }

  private static String issuedTo(String roleArn) {
    return ecr.assumeRoleCalls().stream()
        .filter(call -> call.roleArn().equals(roleArn))
        .findFirst()
        .orElseThrow()
        .issuedAccessKeyId();
  }

  @Test
  void anAccountsRegionsShareOneAssumedRoleSession() throws Exception {
    AwsSettings perAccountRole =
        settings().assumeRole("arn:aws:iam::{registryId}:role/reader", null, null).build();
    List<String> regions = List.of(US, EU, "ap-southeast-2", "sa-east-1");
    try (EcrRuleSource source = new EcrRuleSource(perAccountRole)) {
      for (int poll = 0; poll < 3; poll++) {
        for (String region : regions) {
          source.list(Registry.of(ACCOUNT_A, region));
          source.list(Registry.of(ACCOUNT_B, region));
        }
      }
    }
    assertThat(ecr.assumeRoleCalls())
        .as("one session per account for 4 regions x 3 polls, not one per registry")
        .hasSize(2)
        .extracting(RecordedAssumeRole::roleArn)
        .containsExactlyInAnyOrder(
            "arn:aws:iam::" + ACCOUNT_A + ":role/reader",
            "arn:aws:iam::" + ACCOUNT_B + ":role/reader");
  }

  @Test
  void sessionsComeFromTheStsEndpointOfTheStsRegion() throws Exception {
    ecr.createRules("ap-east-1", ACCOUNT_A, 1);
    ecr.createRules(EU, ACCOUNT_B, 1);
    AwsSettings homeSts =
        settings()
            .assumeRole("arn:aws:iam::{registryId}:role/reader", null, null)
            .stsRegion(US)
            .build();
    try (EcrRuleSource source = new EcrRuleSource(homeSts)) {
      source.list(Registry.of(ACCOUNT_A, "ap-east-1"));
      source.list(Registry.of(ACCOUNT_B, EU));
    }
    AwsSettings firstUse =
        settings().assumeRole("arn:aws:iam::{registryId}:role/reader", null, null).build();
    try (EcrRuleSource source = new EcrRuleSource(firstUse)) {
      source.list(Registry.of(ACCOUNT_A, "ap-east-1"));
    }

    assertThat(ecr.assumeRoleCalls())
        .extracting(call -> call.region())
        .containsExactly(US, US, "ap-east-1");
  }

  @Test
  void renewingAnAccountsSessionRenewsItForAllItsRegions() throws Exception {
    ecr.createRules(US, ACCOUNT_A, 1);
    ecr.createRules(EU, ACCOUNT_A, 1);
    AwsSettings perAccountRole =
        settings().assumeRole("arn:aws:iam::{registryId}:role/reader", null, null).build();
    try (EcrClientFactory factory = new EcrClientFactory(perAccountRole, ApiCallListener.NONE);
        EcrRuleSource source =
            new EcrRuleSource(factory, perAccountRole, RequestRateLimiter.unlimited())) {
      source.list(Registry.of(ACCOUNT_A, US));
      source.list(Registry.of(ACCOUNT_A, EU));
      assertThat(ecr.assumeRoleCalls()).hasSize(1);

      factory.renewCredentials(Registry.of(ACCOUNT_A, US));
      source.list(Registry.of(ACCOUNT_A, EU));
      source.list(Registry.of(ACCOUNT_A, US));

      assertThat(ecr.assumeRoleCalls()).as("one new session for both regions").hasSize(2);
      String renewed = ecr.assumeRoleCalls().get(1).issuedAccessKeyId();
      assertThat(ecr.requests().subList(2, 4))
          .allSatisfy(request -> assertThat(request.accessKeyId()).isEqualTo(renewed));
    }
  }

  @Test
  void pagesAndRegistriesOfATaskReuseOneConnection() throws Exception {
    List<Registry> registries =
        List.of(Registry.of(ACCOUNT_A, US), Registry.of(ACCOUNT_B, US), Registry.of(null, US));
    for (Registry registry : registries) {
      ecr.createRules(
          US,
          registry.registryIdOrNull() == null
              ? FakeEcrServer.DEFAULT_ACCOUNT
              : registry.registryIdOrNull(),
          25);
    }
    try (EcrRuleSource source = new EcrRuleSource(settings().maxResults(10).build())) {
      for (int round = 0; round < 2; round++) {
        for (Registry registry : registries) {
          assertThat(source.list(registry)).hasSize(25);
        }
      }
    }

    assertThat(ecr.describeCalls()).as("3 pages x 3 registries x 2 rounds").isEqualTo(18);
    assertThat(ecr.clientConnections()).as("connections for 18 requests").isEqualTo(1);
  }

  @Test
  void everyPageRequestTakesARateLimitToken() throws Exception {
    ecr.createRules(US, ACCOUNT_A, 25);
    AtomicLong frozenClock = new AtomicLong();
    RequestRateLimiter limiter = new RequestRateLimiter(100, frozenClock::get);
    try (EcrRuleSource source = source(settings().maxResults(10).build(), limiter)) {
      assertThat(source.list(Registry.of(ACCOUNT_A, US))).hasSize(25);
    }

    int left = 0;
    while (limiter.tryAcquire() == 0) {
      left++;
    }
    assertThat(left).as("tokens left of 100 after a 3-page listing").isEqualTo(97);
  }

  @Test
  void stoppingEndsAListingThatWaitsForTheRateLimit() throws Exception {
    ecr.createRules(US, ACCOUNT_A, 5);
    AtomicLong frozenClock = new AtomicLong();
    RequestRateLimiter limiter = new RequestRateLimiter(1, frozenClock::get);
    assertThat(limiter.tryAcquire()).as("the only token, taken").isZero();
    EcrRuleSource source = source(settings().build(), limiter);
    AtomicReference<Thread> lister = new AtomicReference<>();
    CompletableFuture<Object> listing =
        CompletableFuture.supplyAsync(
            () -> {
              lister.set(Thread.currentThread());
              try {
                return source.list(Registry.of(ACCOUNT_A, US));
              } catch (RuleListingException e) {
                return e;
              }
            });
    awaitWaiting(lister);

    source.close();

    Object result = listing.get(10, TimeUnit.SECONDS);
    assertThat(result)
        .isInstanceOfSatisfying(
            RuleListingException.class,
            e -> assertThat(e).hasMessageContaining("the task is stopping"));
    assertThat(ecr.describeCalls()).as("nothing was sent").isZero();
  }

  @Test
  void anInterruptEndsTheWaitAndKeepsTheInterruptFlag() throws Exception {
    AtomicLong frozenClock = new AtomicLong();
    RequestRateLimiter limiter = new RequestRateLimiter(1, frozenClock::get);
    limiter.tryAcquire();
    EcrRuleSource source = source(settings().build(), limiter);
    AtomicReference<Thread> lister = new AtomicReference<>();
    CompletableFuture<Boolean> interruptedAfter =
        CompletableFuture.supplyAsync(
            () -> {
              lister.set(Thread.currentThread());
              assertThatThrownBy(() -> source.list(Registry.of(ACCOUNT_A, US)))
                  .isInstanceOf(RuleListingException.class);
              return Thread.interrupted();
            });
    awaitWaiting(lister);

    lister.get().interrupt();

    assertThat(interruptedAfter.get(10, TimeUnit.SECONDS)).isTrue();
    source.close();
  }

  private static EcrRuleSource source(AwsSettings settings, RequestRateLimiter limiter) {
    return new EcrRuleSource(
        new EcrClientFactory(settings, ApiCallListener.NONE), settings, limiter);
  }

  /** Waits (bounded) until the thread blocks in the limiter's timed wait. */
  private static void awaitWaiting(AtomicReference<Thread> thread)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.get() == null || !waitsForAToken(thread.get())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the listing never waited for the rate limiter");
      }
      Thread.onSpinWait();
    }
  }

  private static boolean waitsForAToken(Thread thread) {
    if (thread.getState() != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals(RequestRateLimiter.class.getName())
          && frame.getMethodName().equals("acquire")) {
        return true;
      }
    }
    return false;
  }
}

package io.github.ecrconnect.ptc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribePullThroughCacheRulesRequest;
import software.amazon.awssdk.services.ecr.model.DescribePullThroughCacheRulesResponse;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.PullThroughCacheRule;
import software.amazon.awssdk.services.ecr.model.PullThroughCacheRuleNotFoundException;
import software.amazon.awssdk.services.ecr.model.ServerException;
import software.amazon.awssdk.services.ecr.model.UpstreamRegistry;
import software.amazon.awssdk.services.ecr.model.ValidationException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** Proves the fake against the real AWS SDK v2 clients, as the connector will use them. */
class FakeEcrServerTest {
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = FakeEcrServer.DEFAULT_ACCOUNT;
  private static final String OTHER_ACCOUNT = "210987654321";
  private static final Consumer<ClientOverrideConfiguration.Builder> NO_RETRIES =
      c -> c.retryStrategy(AwsRetryStrategy.doNotRetry());

  private FakeEcrServer server;
  private final List<SdkAutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void startServer() {
    server = FakeEcrServer.start();
  }

  @AfterEach
  void stopServer() {
    clients.forEach(SdkAutoCloseable::close);
    server.close();
  }

  // ---- paging

  @Test
  void pagesThroughManyRulesWithMaxResults() {
    server.createRules(REGION, ACCOUNT, 2500);
    EcrClient ecr = ecr();

    List<Integer> pageSizes = new ArrayList<>();
    String nextToken = null;
    do {
      DescribePullThroughCacheRulesResponse page =
          ecr.describePullThroughCacheRules(
              DescribePullThroughCacheRulesRequest.builder()
                  .maxResults(1000)
                  .nextToken(nextToken)
                  .build());
      pageSizes.add(page.pullThroughCacheRules().size());
      nextToken = page.nextToken();
    } while (nextToken != null);

    assertThat(pageSizes).containsExactly(1000, 1000, 500);
    assertThat(server.describeCalls()).isEqualTo(3);
    assertThat(server.requests())
        .extracting(RecordedRequest::page, RecordedRequest::nextTokenPresent)
        .containsExactly(tuple(1, false), tuple(2, true), tuple(3, true));
    assertThat(server.requests()).extracting(RecordedRequest::maxResults).containsOnly(1000);
  }

  @Test
  void sdkPaginatorGetsEveryRuleInPrefixOrder() {
    server.createRules(REGION, ACCOUNT, 2500);

    List<String> prefixes =
        ecr()
            .describePullThroughCacheRulesPaginator(r -> r.maxResults(1000))
            .pullThroughCacheRules()
            .stream()
            .map(PullThroughCacheRule::ecrRepositoryPrefix)
            .collect(Collectors.toList());

    assertThat(prefixes)
        .hasSize(2500)
        .doesNotHaveDuplicates()
        .isSorted()
        .startsWith("rule-00001")
        .endsWith("rule-02500");
    assertThat(server.describeCalls()).isEqualTo(3);
  }

  @Test
  void pageSizeDefaultsTo100() {
    server.createRules(REGION, ACCOUNT, 250);

    long rules =
        ecr().describePullThroughCacheRulesPaginator(r -> {}).pullThroughCacheRules().stream()
            .count();

    assertThat(rules).isEqualTo(250);
    assertThat(server.describeCalls()).isEqualTo(3);
    assertThat(server.requests().get(0).maxResults()).isNull();
  }

  // ---- content

  @Test
  void everyFieldRoundTripsThroughTheSdk() {
    FakeRule full =
        FakeRule.builder()
            .registryId(ACCOUNT)
            .ecrRepositoryPrefix("quay")
            .upstreamRegistryUrl("quay.io")
            .upstreamRegistry("some-new-registry")
            .upstreamRepositoryPrefix("team")
            .credentialArn(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/quay")
            .customRoleArn("arn:aws:iam::123456789012:role/ptc-custom")
            .createdAt(Instant.parse("2025-01-02T03:04:05.678Z"))
            .updatedAt(Instant.parse("2025-06-07T08:09:10.001Z"))
            .build();
    server.put(REGION, ACCOUNT, full);

    PullThroughCacheRule rule =
        ecr().describePullThroughCacheRules(r -> {}).pullThroughCacheRules().get(0);

    assertThat(rule.registryId()).isEqualTo(ACCOUNT);
    assertThat(rule.ecrRepositoryPrefix()).isEqualTo("quay");
    assertThat(rule.upstreamRegistryUrl()).isEqualTo("quay.io");
    assertThat(rule.upstreamRegistry()).isEqualTo(UpstreamRegistry.UNKNOWN_TO_SDK_VERSION);
    assertThat(rule.upstreamRegistryAsString()).isEqualTo("some-new-registry");
    assertThat(rule.upstreamRepositoryPrefix()).isEqualTo("team");
    assertThat(rule.credentialArn()).isEqualTo(full.credentialArn());
    assertThat(rule.customRoleArn()).isEqualTo(full.customRoleArn());
    assertThat(rule.createdAt()).isEqualTo(full.createdAt());
    assertThat(rule.updatedAt()).isEqualTo(full.updatedAt());
  }

  @Test
  void absentFieldsStayAbsentAndTimestampsComeFromTheServerClock() {
    Instant now = Instant.parse("2026-01-01T12:00:00.250Z");
    server.setClock(Clock.fixed(now, ZoneOffset.UTC));
    server.put(REGION, ACCOUNT, FakeRule.of("hub", "registry-1.docker.io", "docker-hub"));

    PullThroughCacheRule rule =
        ecr().describePullThroughCacheRules(r -> {}).pullThroughCacheRules().get(0);

    assertThat(rule.upstreamRegistry()).isEqualTo(UpstreamRegistry.DOCKER_HUB);
    assertThat(rule.registryId()).isEqualTo(ACCOUNT);
    assertThat(rule.credentialArn()).isNull();
    assertThat(rule.customRoleArn()).isNull();
    assertThat(rule.upstreamRepositoryPrefix()).isNull();
    assertThat(rule.createdAt()).isEqualTo(now);
    assertThat(rule.updatedAt()).isEqualTo(now);
  }

  @Test
  void ruleWithoutUpdatedAtIsServedWithoutIt() {
    server.putAsIs(
        REGION,
        ACCOUNT,
        FakeRule.of("legacy", "public.ecr.aws", "ecr-public")
            .withCreatedAt(Instant.parse("2023-01-01T00:00:00Z")));

    PullThroughCacheRule rule =
        ecr().describePullThroughCacheRules(r -> {}).pullThroughCacheRules().get(0);

    assertThat(rule.createdAt()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
    assertThat(rule.updatedAt()).isNull();
  }

  @Test
  void regionsRegistriesAndAccountsAreSeparate() {
    server.put("us-east-1", ACCOUNT, FakeRule.of("east", "public.ecr.aws", "ecr-public"));
    server.put("eu-west-1", ACCOUNT, FakeRule.of("west", "public.ecr.aws", "ecr-public"));
    server.put("us-east-1", OTHER_ACCOUNT, FakeRule.of("other", "public.ecr.aws", "ecr-public"));
    server.setAccount("AKIDOTHER", OTHER_ACCOUNT);

    assertThat(prefixes(ecr(), null)).containsExactly("east");
    assertThat(prefixes(ecr(Region.EU_WEST_1, credentials("AKIDTEST"), NO_RETRIES), null))
        .containsExactly("west");
    assertThat(prefixes(ecr(), OTHER_ACCOUNT)).containsExactly("other");
    assertThat(prefixes(ecr(Region.US_EAST_1, credentials("AKIDOTHER"), NO_RETRIES), null))
        .containsExactly("other");

    assertThat(server.describeCalls("us-east-1", ACCOUNT)).isEqualTo(1);
    assertThat(server.describeCalls("eu-west-1", ACCOUNT)).isEqualTo(1);
    assertThat(server.describeCalls("us-east-1", OTHER_ACCOUNT)).isEqualTo(2);
    assertThat(server.requests())
        .extracting(
            RecordedRequest::region, RecordedRequest::registryId, RecordedRequest::accessKeyId)
        .containsExactly(
            tuple("us-east-1", ACCOUNT, "AKIDTEST"),
            tuple("eu-west-1", ACCOUNT, "AKIDTEST"),
            tuple("us-east-1", OTHER_ACCOUNT, "AKIDTEST"),
            tuple("us-east-1", OTHER_ACCOUNT, "AKIDOTHER"));
  }

  @Test
  void requestedPrefixesAreServedOrReportedMissing() {
    server.createRules(REGION, ACCOUNT, 3);
    EcrClient ecr = ecr();

    List<String> found =
        ecr
            .describePullThroughCacheRules(r -> r.ecrRepositoryPrefixes("rule-00003", "rule-00001"))
            .pullThroughCacheRules()
            .stream()
            .map(PullThroughCacheRule::ecrRepositoryPrefix)
            .collect(Collectors.toList());
    assertThat(found).containsExactly("rule-00001", "rule-00003");

    assertThatThrownBy(
            () ->
                ecr.describePullThroughCacheRules(
                    r -> r.ecrRepositoryPrefixes("rule-00001", "missing")))
        .isInstanceOfSatisfying(
            PullThroughCacheRuleNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage()).contains("'missing'");
            });
  }

  @Test
  void invalidParametersAreRejectedLikeTheService() {
    EcrClient ecr = ecr();

    assertThatThrownBy(() -> ecr.describePullThroughCacheRules(r -> r.maxResults(0)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> ecr.describePullThroughCacheRules(r -> r.maxResults(1001)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> ecr.describePullThroughCacheRules(r -> r.registryId("not-an-account")))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> ecr.describePullThroughCacheRules(r -> r.nextToken("garbage")))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("nextToken"));
    assertThat(server.requests().get(3).page()).isZero();
  }

  @Test
  void unknownOperationIsRejected() {
    assertThatThrownBy(() -> ecr().describeRepositories())
        .isInstanceOfSatisfying(
            EcrException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
            });
    assertThat(server.describeCalls()).isZero();
  }

  // ---- faults

  @Test
  void throttlingHitsOnlyTheSelectedRegionTheGivenNumberOfTimes() {
    server.createRules(REGION, ACCOUNT, 1);
    Fault throttling = Fault.throttling().times(2).forRegion(REGION);
    server.inject(throttling);

    assertThat(prefixes(ecr(Region.EU_WEST_1, credentials("AKIDTEST"), NO_RETRIES), null))
        .isEmpty();
    EcrClient ecr = ecr();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> ecr.describePullThroughCacheRules(r -> {}))
          .isInstanceOfSatisfying(
              EcrException.class,
              e -> {
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
              });
    }
    assertThat(prefixes(ecr, null)).containsExactly("rule-00001");
    assertThat(server.requests())
        .extracting(RecordedRequest::fault)
        .containsExactly(null, throttling, throttling, null);
  }

  @Test
  void faultOnPageTwoLetsPageOneThrough() {
    server.createRules(REGION, ACCOUNT, 5);
    server.inject(Fault.serverError().onPage(2));
    EcrClient ecr = ecr();

    DescribePullThroughCacheRulesResponse first =
        ecr.describePullThroughCacheRules(r -> r.maxResults(2));

    assertThat(first.pullThroughCacheRules()).hasSize(2);
    assertThatThrownBy(
            () ->
                ecr.describePullThroughCacheRules(
                    r -> r.maxResults(2).nextToken(first.nextToken())))
        .isInstanceOfSatisfying(
            ServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
  }

  @Test
  void faultForAnotherRegistryDoesNotHit() {
    server.inject(Fault.serverError().forRegistry(OTHER_ACCOUNT));

    assertThat(prefixes(ecr(), null)).isEmpty();
    assertThatThrownBy(() -> prefixes(ecr(), OTHER_ACCOUNT)).isInstanceOf(ServerException.class);
  }

  @Test
  void serviceUnavailableIsA503WithoutErrorCode() {
    assertThat(failureOf(Fault.serviceUnavailable()))
        .isInstanceOfSatisfying(
            EcrException.class,
            e -> {
              assertThat(e).isNotInstanceOf(ServerException.class);
              assertThat(e.statusCode()).isEqualTo(503);
            });
  }

  @Test
  void accessDeniedKeepsItsErrorCode() {
    assertThat(failureOf(Fault.accessDenied()))
        .isInstanceOfSatisfying(
            EcrException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            });
  }

  @Test
  void unrecognizedClientKeepsItsErrorCodeAndMessage() {
    assertThat(failureOf(Fault.unrecognizedClient()))
        .isInstanceOfSatisfying(
            EcrException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The security token included in the request is invalid.");
            });
  }

  @Test
  void arbitraryErrorCodesMapToTheSdkModelExceptions() {
    assertThat(failureOf(Fault.error(400, "InvalidParameterException", "bad parameter")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("bad parameter");
    assertThat(failureOf(Fault.error(400, "ValidationException", "bad value")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void malformedAndTruncatedBodiesFailInTheClient() {
    server.createRules(REGION, ACCOUNT, 50);

    assertThat(failureOf(Fault.malformedJson()))
        .isInstanceOf(SdkClientException.class)
        .isNotInstanceOf(SdkServiceException.class);
    assertThat(failureOf(Fault.truncatedBody()))
        .isInstanceOf(SdkClientException.class)
        .isNotInstanceOf(SdkServiceException.class);
    assertThat(prefixes(ecr(), null)).hasSize(50);
  }

  @Test
  void delayOutlastsTheClientsAttemptTimeout() {
    server.inject(Fault.delay(Duration.ofSeconds(30)));
    EcrClient ecr =
        ecr(
            Region.US_EAST_1,
            credentials("AKIDTEST"),
            NO_RETRIES.andThen(c -> c.apiCallAttemptTimeout(Duration.ofMillis(300))));

    assertThatThrownBy(() -> ecr.describePullThroughCacheRules(r -> {}))
        .isInstanceOfAny(ApiCallAttemptTimeoutException.class, ApiCallTimeoutException.class);
    assertThat(prefixes(ecr, null)).isEmpty();
  }

  @Test
  void holdAnswersOnlyOnceTheFaultIsRemoved() throws Exception {
    server.put(REGION, ACCOUNT, FakeRule.of("held", "public.ecr.aws", "ecr-public"));
    Fault hold = Fault.hold().always();
    server.inject(hold);
    EcrClient ecr = ecr(Region.US_EAST_1, credentials("AKIDTEST"), NO_RETRIES);
    java.util.concurrent.CompletableFuture<List<String>> answer =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> prefixes(ecr, null));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.describeCalls() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(server.describeCalls()).as("the request arrived").isEqualTo(1);
    assertThat(answer).as("held").isNotDone();

    server.removeFault(hold);
    assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS)).containsExactly("held");
  }

  @Test
  void nextTokenLoopRepeatsTheTokenUntilRemoved() {
    server.createRules(REGION, ACCOUNT, 5);
    Fault loop = Fault.nextTokenLoop().always();
    server.inject(loop);
    EcrClient ecr = ecr();

    String token = ecr.describePullThroughCacheRules(r -> r.maxResults(2)).nextToken();
    for (int i = 0; i < 3; i++) {
      DescribePullThroughCacheRulesResponse again =
          ecr.describePullThroughCacheRules(r -> r.maxResults(2).nextToken(token));
      assertThat(again.nextToken()).isEqualTo(token);
      assertThat(again.pullThroughCacheRules())
          .extracting(PullThroughCacheRule::ecrRepositoryPrefix)
          .containsExactly("rule-00003", "rule-00004");
    }

    assertThat(server.removeFault(loop)).isTrue();
    assertThat(ecr.describePullThroughCacheRules(r -> r.maxResults(2).nextToken(token)).nextToken())
        .isNotNull()
        .isNotEqualTo(token);
  }

  @Test
  void duplicateAcrossPagesServesARuleTwice() {
    server.createRules(REGION, ACCOUNT, 5);
    server.inject(Fault.duplicateAcrossPages().onPage(1));

    List<String> prefixes =
        ecr()
            .describePullThroughCacheRulesPaginator(r -> r.maxResults(2))
            .pullThroughCacheRules()
            .stream()
            .map(PullThroughCacheRule::ecrRepositoryPrefix)
            .collect(Collectors.toList());

    assertThat(prefixes)
        .containsExactly(
            "rule-00001", "rule-00002", "rule-00002", "rule-00003", "rule-00004", "rule-00005");
  }

  @Test
  void sdkStandardRetriesRecoverFromTransientFaults() {
    server.createRules(REGION, ACCOUNT, 1);
    server.inject(Fault.serverError().times(2));
    EcrClient ecr =
        ecr(
            Region.US_EAST_1,
            credentials("AKIDTEST"),
            c ->
                c.retryStrategy(
                    AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(3)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .build()));

    assertThat(prefixes(ecr, null)).containsExactly("rule-00001");
    assertThat(server.describeCalls()).isEqualTo(3);
  }

  @Test
  void clearFaultsDisarmsEverything() {
    server.inject(Fault.throttling().always());
    server.inject(Fault.serverError().always());
    server.clearFaults();

    assertThat(prefixes(ecr(), null)).isEmpty();
  }

  // ---- credentials

  @Test
  void requiredAccessKeyRejectsOtherStaticKeys() {
    server.requireAccessKey("AKIDGOOD");

    assertThatThrownBy(() -> prefixes(ecr(), null))
        .isInstanceOfSatisfying(
            EcrException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("UnrecognizedClientException"));
    assertThat(prefixes(ecr(Region.US_EAST_1, credentials("AKIDGOOD"), NO_RETRIES), null))
        .isEmpty();
  }

  @Test
  void assumedRoleCredentialsReachTheRoleAccountUntilTheyExpire() {
    String role = "arn:aws:iam::" + OTHER_ACCOUNT + ":role/ecr-reader";
    server.requireAccessKey("AKIDBASE");
    server.requireExternalId(role, "external-1");
    server.put(REGION, OTHER_ACCOUNT, FakeRule.of("cross-account", "public.ecr.aws", "ecr-public"));
    StsAssumeRoleCredentialsProvider assumed =
        track(
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts(credentials("AKIDBASE")))
                .refreshRequest(
                    r -> r.roleArn(role).roleSessionName("ptc-connector").externalId("external-1"))
                .build());
    EcrClient ecr = ecr(Region.US_EAST_1, assumed, NO_RETRIES);

    assertThat(prefixes(ecr, null)).containsExactly("cross-account");
    RecordedRequest request = server.requests().get(0);
    assertThat(request.accessKeyId()).startsWith("ASIA");
    assertThat(request.registryId()).isEqualTo(OTHER_ACCOUNT);
    assertThat(server.assumeRoleCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.roleArn()).isEqualTo(role);
              assertThat(call.roleSessionName()).isEqualTo("ptc-connector");
              assertThat(call.externalId()).isEqualTo("external-1");
              assertThat(call.callerAccessKeyId()).isEqualTo("AKIDBASE");
              assertThat(call.issuedAccessKeyId()).isEqualTo(request.accessKeyId());
            });
    GetCallerIdentityResponse identity = sts(assumed).getCallerIdentity();
    assertThat(identity.account()).isEqualTo(OTHER_ACCOUNT);
    assertThat(identity.arn())
        .isEqualTo("arn:aws:sts::" + OTHER_ACCOUNT + ":assumed-role/ecr-reader/ptc-connector");

    // The SDK provider still trusts its cached credentials: only the server's time has passed.
    server.advanceClock(Duration.ofHours(2));

    assertThatThrownBy(() -> prefixes(ecr, null))
        .isInstanceOfSatisfying(
            EcrException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The security token included in the request is expired");
            });
  }

  @Test
  void deniedRoleAndWrongExternalIdGetAccessDenied() {
    String denied = "arn:aws:iam::" + OTHER_ACCOUNT + ":role/denied";
    String guarded = "arn:aws:iam::" + OTHER_ACCOUNT + ":role/guarded";
    server.denyAssumeRole(denied);
    server.requireExternalId(guarded, "right");
    StsClient sts = sts(credentials("AKIDTEST"));

    assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(denied).roleSessionName("s1")))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.awsErrorDetails().errorMessage()).contains(denied);
            });
    assertThatThrownBy(
            () -> sts.assumeRole(r -> r.roleArn(guarded).roleSessionName("s2").externalId("wrong")))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThat(
            sts.assumeRole(r -> r.roleArn(guarded).roleSessionName("s3").externalId("right"))
                .credentials()
                .accessKeyId())
        .startsWith("ASIA");
    assertThat(server.assumeRoleCalls())
        .extracting(RecordedAssumeRole::roleSessionName, RecordedAssumeRole::granted)
        .containsExactly(tuple("s1", false), tuple("s2", false), tuple("s3", true));
    assertThat(server.assumeRoleCount()).isEqualTo(3);
    server.resetCounts();
    assertThat(server.assumeRoleCount()).isZero();
  }

  @Test
  void sessionDurationSetsTheExpiration() {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    server.setClock(Clock.fixed(now, ZoneOffset.UTC));
    server.setSessionDuration(Duration.ofMinutes(15));

    Instant expiration =
        sts(credentials("AKIDTEST"))
            .assumeRole(
                r ->
                    r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/r")
                        .roleSessionName("session")
                        .durationSeconds(3600))
            .credentials()
            .expiration();

    assertThat(expiration).isEqualTo(now.plus(Duration.ofMinutes(15)));
    assertThat(server.assumeRoleCalls().get(0).durationSeconds()).isEqualTo(3600);
  }

  @Test
  void stsRejectsOtherKeysWhenAKeyIsRequired() {
    server.requireAccessKey("AKIDGOOD");

    assertThatThrownBy(() -> sts(credentials("AKIDTEST")).getCallerIdentity())
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            });
    assertThat(sts(credentials("AKIDGOOD")).getCallerIdentity().account()).isEqualTo(ACCOUNT);
  }

  // ---- state

  @Test
  void putAndUpdateKeepCreatedAtAndMoveUpdatedAtStrictlyForward() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    server.setClock(Clock.fixed(t0, ZoneOffset.UTC));

    FakeRule created =
        server.put(REGION, ACCOUNT, FakeRule.of("hub", "registry-1.docker.io", "docker-hub"));
    server.advanceClock(Duration.ofMinutes(5));
    FakeRule replaced =
        server.put(REGION, ACCOUNT, FakeRule.of("hub", "mirror.example.com", "docker-hub"));
    FakeRule updated =
        server.update(REGION, ACCOUNT, "hub", r -> r.withUpstreamRepositoryPrefix("library"));
    FakeRule updatedAgain =
        server.update(REGION, ACCOUNT, "hub", r -> r.withUpstreamRepositoryPrefix("team"));

    assertThat(created.registryId()).isEqualTo(ACCOUNT);
    assertThat(created.createdAt()).isEqualTo(t0);
    assertThat(created.updatedAt()).isEqualTo(t0);
    assertThat(replaced.createdAt()).isEqualTo(t0);
    assertThat(replaced.updatedAt()).isEqualTo(t0.plus(Duration.ofMinutes(5)));
    // The clock stood still: each update is still a millisecond later than the one before.
    assertThat(updated.updatedAt()).isEqualTo(replaced.updatedAt().plusMillis(1));
    assertThat(updatedAgain.updatedAt()).isEqualTo(updated.updatedAt().plusMillis(1));
    assertThat(updatedAgain.createdAt()).isEqualTo(t0);
    assertThat(server.rules(REGION, ACCOUNT)).containsExactly(updatedAgain);
  }

  @Test
  void bulkRulesAreNumberedFromOne() {
    assertThat(server.createRules(REGION, ACCOUNT, 12))
        .extracting(FakeRule::ecrRepositoryPrefix)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 12)
                .mapToObj(i -> String.format("rule-%05d", i))
                .collect(Collectors.toList()));
  }

  @Test
  void deleteAndReplaceAllChangeWhatIsServed() {
    server.createRules(REGION, ACCOUNT, 3);
    FakeRule original = server.rules(REGION, ACCOUNT).get(0);

    assertThat(server.delete(REGION, ACCOUNT, "rule-00002")).isTrue();
    assertThat(server.delete(REGION, ACCOUNT, "rule-00002")).isFalse();
    assertThat(prefixes(ecr(), null)).containsExactly("rule-00001", "rule-00003");

    server.replaceAll(
        REGION,
        ACCOUNT,
        List.of(
            FakeRule.of("rule-00001", "public.ecr.aws", "ecr-public"),
            FakeRule.of("new", "quay.io", "quay")));

    assertThat(prefixes(ecr(), null)).containsExactly("new", "rule-00001");
    assertThat(server.rules(REGION, ACCOUNT).get(1).createdAt()).isEqualTo(original.createdAt());
    server.clear();
    assertThat(prefixes(ecr(), null)).isEmpty();
  }

  @Test
  void ruleForAnotherRegistryIsRefused() {
    assertThatThrownBy(
            () ->
                server.put(
                    REGION,
                    ACCOUNT,
                    FakeRule.of("x", "quay.io", "quay").withRegistryId(OTHER_ACCOUNT)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsAndRecordingsCanBeReset() {
    prefixes(ecr(), null);
    sts(credentials("AKIDTEST"))
        .assumeRole(
            r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/r").roleSessionName("session"));

    server.resetCounts();

    assertThat(server.describeCalls()).isZero();
    assertThat(server.describeCalls(REGION, ACCOUNT)).isZero();
    assertThat(server.requests()).isEmpty();
    assertThat(server.assumeRoleCalls()).isEmpty();
  }

  @Test
  void resetRestoresTheStateAfterStart() {
    server.createRules(REGION, ACCOUNT, 2);
    server.inject(Fault.throttling().always());
    server.requireAccessKey("AKIDGOOD");
    server.setClock(Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC));

    server.reset();

    assertThat(server.now()).isAfter(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(prefixes(ecr(), null)).isEmpty();
    assertThat(server.describeCalls()).isEqualTo(1);
  }

  @Test
  void servesConcurrentClientsWhileRulesChange() throws Exception {
    server.createRules(REGION, ACCOUNT, 100);
    EcrClient ecr = ecr();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        calls.add(
            () -> {
              server.update(
                  REGION,
                  ACCOUNT,
                  String.format("rule-%05d", n % 100 + 1),
                  r -> r.withUpstreamRepositoryPrefix("v" + n));
              return ecr.describePullThroughCacheRules(r -> r.maxResults(1000))
                  .pullThroughCacheRules()
                  .size();
            });
      }
      for (Future<Integer> size : pool.invokeAll(calls)) {
        assertThat(size.get()).isEqualTo(100);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.describeCalls()).isEqualTo(200);
  }

  // ---- lifecycle

  @Test
  void closeEndsADelayedRequestAndStopsListening() {
    server.inject(Fault.delay(Duration.ofMinutes(5)));
    EcrClient ecr =
        ecr(
            Region.US_EAST_1,
            credentials("AKIDTEST"),
            NO_RETRIES.andThen(c -> c.apiCallAttemptTimeout(Duration.ofMillis(200))));
    assertThatThrownBy(() -> prefixes(ecr, null))
        .isInstanceOfAny(ApiCallAttemptTimeoutException.class, ApiCallTimeoutException.class);
    String threadPrefix = "fake-ecr-" + server.port() + "-";

    server.close();

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith(threadPrefix) && t.isAlive());
    assertThatThrownBy(() -> prefixes(ecr, null)).isInstanceOf(SdkClientException.class);
  }

  // ---- helpers

  private List<String> prefixes(EcrClient ecr, String registryId) {
    return ecr
        .describePullThroughCacheRules(r -> r.registryId(registryId))
        .pullThroughCacheRules()
        .stream()
        .map(PullThroughCacheRule::ecrRepositoryPrefix)
        .collect(Collectors.toList());
  }

  /** What one call fails with when {@code fault} is injected. */
  private Throwable failureOf(Fault fault) {
    server.inject(fault);
    EcrClient ecr = ecr();
    try {
      ecr.describePullThroughCacheRules(r -> {});
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("no failure with " + fault);
  }

  private EcrClient ecr() {
    return ecr(Region.US_EAST_1, credentials("AKIDTEST"), NO_RETRIES);
  }

  private EcrClient ecr(
      Region region,
      AwsCredentialsProvider credentials,
      Consumer<ClientOverrideConfiguration.Builder> config) {
    return track(
        EcrClient.builder()
            .region(region)
            .endpointOverride(server.endpoint())
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(config)
            .build());
  }

  private StsClient sts(AwsCredentialsProvider credentials) {
    return track(
        StsClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(server.endpoint())
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(NO_RETRIES)
            .build());
  }

  private static AwsCredentialsProvider credentials(String accessKeyId) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret"));
  }

  private <T extends SdkAutoCloseable> T track(T client) {
    clients.add(client);
    return client;
  }
}

package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RequestRateLimiter;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.core.RuleSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribePullThroughCacheRulesRequest;
import software.amazon.awssdk.services.ecr.model.DescribePullThroughCacheRulesResponse;

/**
 * Lists a registry's rules through DescribePullThroughCacheRules, every page, with the configured
 * page size. Pages are followed by hand rather than with the SDK paginator so that a repeated
 * {@code nextToken} stops the listing instead of looping forever.
 */
public final class EcrRuleSource implements RuleSource, AutoCloseable {
  /** Far beyond any real registry (the service quota is a few hundred rules). */
  static final int MAX_PAGES = 10_000;

  private final Function<Registry, EcrClient> clients;
  private final Function<Registry, AwsCredentialsProvider> credentials;
  private final Consumer<Registry> renewCredentials;
  private final AutoCloseable owner;
  private final int maxResults;
  private final EcrErrorClassifier errors;
  private final RequestRateLimiter rateLimiter;

  public EcrRuleSource(AwsSettings settings) {
    this(settings, ApiCallListener.NONE);
  }

  /** Reports every HTTP attempt (and throttled ones) to {@code apiCalls}. */
  public EcrRuleSource(AwsSettings settings, ApiCallListener apiCalls) {
    this(new EcrClientFactory(settings, apiCalls), settings);
  }

  private EcrRuleSource(EcrClientFactory factory, AwsSettings settings) {
    this(factory, settings, rateLimiter(settings.maxRequestsPerSecond()));
  }

  /** For tests: any rate limiter. */
  EcrRuleSource(EcrClientFactory factory, AwsSettings settings, RequestRateLimiter rateLimiter) {
    this(
        factory::clientFor,
        factory::credentialsFor,
        factory::renewCredentials,
        factory,
        settings.maxResults(),
        new EcrErrorClassifier(settings),
        rateLimiter);
  }

  private EcrRuleSource(
      Function<Registry, EcrClient> clients,
      Function<Registry, AwsCredentialsProvider> credentials,
      Consumer<Registry> renewCredentials,
      AutoCloseable owner,
      int maxResults,
      EcrErrorClassifier errors,
      RequestRateLimiter rateLimiter) {
    this.clients = clients;
    this.credentials = credentials;
    this.renewCredentials = renewCredentials;
    this.owner = owner;
    this.maxResults = maxResults;
    this.errors = errors;
    this.rateLimiter = rateLimiter;
  }

  private static RequestRateLimiter rateLimiter(double perSecond) {
    return perSecond > 0
        ? new RequestRateLimiter(perSecond, System::nanoTime)
        : RequestRateLimiter.unlimited();
  }

  @Override
  public List<PullThroughCacheRule> list(Registry registry) throws RuleListingException {
    List<PullThroughCacheRule> rules = new ArrayList<>();
    Set<String> seenTokens = new HashSet<>();
    String nextToken = null;
    int page = 0;
    RuleMapper mapper = new RuleMapper(registry);
    try {
      EcrClient client = clients.apply(registry);
      AwsCredentialsProvider signWith = credentials.apply(registry);
      do {
        if (++page > MAX_PAGES) {
          throw RuleListingException.retriable(
              "Listing " + registry + " did not end after " + MAX_PAGES + " pages", null);
        }
        takeRequestToken(registry, page);
        DescribePullThroughCacheRulesResponse response =
            client.describePullThroughCacheRules(request(registry, signWith, nextToken));
        for (software.amazon.awssdk.services.ecr.model.PullThroughCacheRule rule :
            response.pullThroughCacheRules()) {
          rules.add(mapper.toCore(rule));
        }
        nextToken = response.nextToken();
        if (nextToken != null && !seenTokens.add(nextToken)) {
          throw RuleListingException.retriable(
              "ECR returned the same nextToken twice while listing "
                  + registry
                  + " (page "
                  + page
                  + "); the listing was abandoned and will be retried",
              null);
        }
      } while (nextToken != null);
    } catch (SdkException e) {
      throw failure(registry, page, e);
    } catch (IllegalArgumentException e) {
      throw RuleListingException.fatal(e.getMessage(), e);
    }
    return rules;
  }

  /**
   * Waits for the task's request rate limit; a stopping task ends the listing, which emits nothing.
   */
  private void takeRequestToken(Registry registry, int page) throws RuleListingException {
    try {
      if (rateLimiter.acquire()) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw RuleListingException.retriable(
        "Listing " + registry + " stopped before page " + page + ": the task is stopping", null);
  }

  /** Reads only the first page: a cheap proof that the credentials may call the API. */
  public void listFirstPage(Registry registry) throws RuleListingException {
    try {
      clients
          .apply(registry)
          .describePullThroughCacheRules(request(registry, credentials.apply(registry), null));
    } catch (SdkException e) {
      throw failure(registry, 1, e);
    } catch (IllegalArgumentException e) {
      throw RuleListingException.fatal(e.getMessage(), e);
    }
  }

  /** Classifies the error; expired credentials are dropped so that the retry gets new ones. */
  private RuleListingException failure(Registry registry, int page, SdkException error) {
    if (EcrErrorClassifier.isExpiredCredentials(error)) {
      renewCredentials.accept(registry);
    }
    return errors.classify(registry, page, error);
  }

  /** A page request, signed with {@code signWith} if not null, else the client's credentials. */
  private DescribePullThroughCacheRulesRequest request(
      Registry registry, AwsCredentialsProvider signWith, String nextToken) {
    DescribePullThroughCacheRulesRequest.Builder request =
        DescribePullThroughCacheRulesRequest.builder()
            .registryId(registry.registryIdOrNull())
            .maxResults(maxResults)
            .nextToken(nextToken);
    if (signWith != null) {
      request.overrideConfiguration(o -> o.credentialsProvider(signWith));
    }
    return request.build();
  }

  @Override
  public void close() {
    rateLimiter.close();
    try {
      owner.close();
    } catch (Exception e) {
      // closing clients is best effort
    }
  }
}

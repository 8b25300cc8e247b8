package io.github.ecrconnect.ptc.bench;

import io.github.ecrconnect.ptc.aws.AwsSettings;
import io.github.ecrconnect.ptc.aws.EcrRuleSource;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribePullThroughCacheRulesRequest;

/**
 * Benchmark 2: API calls per full poll of one registry, the connector (page size 1000) next to the
 * SDK paginator with the API's default page size (100), against the local ECR endpoint.
 */
public final class ApiEfficiencyBenchmark {
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "123456789012";
  private static final int[] SIZES = {50, 1_000, 2_500};

  private ApiEfficiencyBenchmark() {}

  public static void run(Report report) throws Exception {
    try (FakeEcrServer ecr = FakeEcrServer.start();
        EcrRuleSource connector =
            new EcrRuleSource(
                AwsSettings.builder()
                    .ecrEndpoint(ecr.endpoint())
                    .staticCredentials("AKIDBENCH", "secret", null)
                    .build());
        EcrClient sdk =
            EcrClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(ecr.endpoint())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDSDK", "secret")))
                .build()) {
      Registry registry = Registry.of(ACCOUNT, REGION);
      for (int rules : SIZES) {
        BenchRules.fill(ecr, REGION, ACCOUNT, rules);

        ecr.resetCounts();
        int listed = connector.list(registry).size();
        long connectorCalls = ecr.describeCalls();
        int connections = ecr.clientConnections();

        ecr.resetCounts();
        long sdkListed =
            sdk
                .describePullThroughCacheRulesPaginator(
                    DescribePullThroughCacheRulesRequest.builder().registryId(ACCOUNT).build())
                .pullThroughCacheRules()
                .stream()
                .count();
        long sdkCalls = ecr.describeCalls();

        if (listed != rules || sdkListed != rules) {
          throw new IllegalStateException(
              "listed " + listed + " and " + sdkListed + " of " + rules);
        }
        long target = (rules + 999) / 1000;
        report.add(
            "2 API calls per full poll",
            Report.num(rules, 0) + " rules",
            connectorCalls
                + " calls (SDK default page size: "
                + sdkCalls
                + " calls); connector requests over "
                + connections
                + " connection(s)",
            "ceil(N/1000) = " + target,
            connectorCalls <= target);
      }
    }
  }
}

package io.github.ecrconnect.ptc.it;

import io.github.ecrconnect.ptc.bench.BenchRules;
import io.github.ecrconnect.ptc.bench.Report;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeOrganization;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Benchmark 7: a whole AWS Organization, N accounts x R regions, discovered by the connector
 * ({@code aws.ecr.registry.ids=organization}, {@code aws.regions=all}) and read by 4 tasks of one
 * in-JVM worker from local ECR, STS, Organizations and Account Management endpoints ({@link
 * FakeEcrServer}). In the same run, the same number of registries is read the naive way: one STS
 * session per registry, first polls 1 ms apart and one registry listed at a time. Scale and
 * settings are system properties ({@code bench.org.*}, see {@link Settings}).
 */
public final class OrganizationBenchmark {
  /** 17 regions, as many as a commercial-partition account has enabled by default. */
  private static final List<String> REGIONS =
      List.of(
          "us-east-1",
          "us-east-2",
          "us-west-1",
          "us-west-2",
          "ca-central-1",
          "eu-west-1",
          "eu-west-2",
          "eu-west-3",
          "eu-central-1",
          "eu-north-1",
          "ap-south-1",
          "ap-northeast-1",
          "ap-northeast-2",
          "ap-northeast-3",
          "ap-southeast-1",
          "ap-southeast-2",
          "sa-east-1");

  private static final String KEY = "AKIDORGBENCH";
  private static final String ROLE_TEMPLATE = "arn:aws:iam::{registryId}:role/ecr-reader";

  /** The SDK's StsAssumeRoleCredentialsProvider renews a session this long before it expires. */
  private static final Duration SDK_PREFETCH = Duration.ofMinutes(5);

  /** Each SDK client starts threads of its own; see docs/PERFORMANCE.md, benchmark 7. */
  private static final int MAX_THREADS = Integer.getInteger("bench.org.max.threads", 12_000);

  /** Scale and settings, from system properties so that the benchmark can run smaller. */
  record Settings(
      int accounts,
      int regions,
      int rulesPerRegistry,
      int tasks,
      long pollIntervalMs,
      double requestsPerSecond,
      int listingsInFlight,
      long discoveryIntervalMs,
      Duration sessionDuration,
      Duration window,
      Duration timeout) {
    static Settings fromSystemProperties() {
      int regions = Integer.getInteger("bench.org.regions", 17);
      if (regions < 1 || regions > REGIONS.size()) {
        throw new IllegalArgumentException("bench.org.regions must be 1.." + REGIONS.size());
      }
      long pollIntervalMs = Long.getLong("bench.org.poll.interval.ms", 300_000L);
      return new Settings(
          Integer.getInteger("bench.org.accounts", 1_000),
          regions,
          Integer.getInteger("bench.org.rules", 2),
          Integer.getInteger("bench.org.tasks", 4),
          pollIntervalMs,
          Double.parseDouble(System.getProperty("bench.org.requests.per.second", "100")),
          // The connector's default.
          Integer.getInteger("bench.org.listings.in.flight", 4),
          Long.getLong("bench.org.discovery.interval.ms", 5_000L),
          Duration.ofSeconds(Long.getLong("bench.org.session.seconds", 360L)),
          // One poll interval: every registry is polled once in the window, whatever the phase
          // the first snapshot left the polls in.
          Duration.ofSeconds(Long.getLong("bench.org.window.seconds", pollIntervalMs / 1000)),
          Duration.ofMinutes(Long.getLong("bench.org.timeout.minutes", 20L)));
    }

    int registries() {
      return accounts * regions;
    }
  }

  /** What one variant measured. */
  record Figures(
      String variant,
      int registries,
      long sessions,
      double snapshotSeconds,
      long snapshotAssumeRoles,
      double windowSeconds,
      double ecrPerSecond,
      double stsPerSecond,
      double organizationsPerSecond,
      double accountPerSecond,
      long windowAssumeRoles,
      long windowListAccounts,
      long windowListRegions,
      double heapBytesPerRegistry,
      double joinFirstSeconds,
      double joinAllSeconds,
      long recordsInWindow,
      int threadsAfterSnapshot) {}

  private final Report report;
  private final ConnectTestCluster cluster;
  private final Settings settings;

  private OrganizationBenchmark(Report report, ConnectTestCluster cluster, Settings settings) {
    this.report = report;
    this.cluster = cluster;
    this.settings = settings;
  }

  public static void run(Report report) throws Exception {
    org.apache.log4j.Logger.getLogger("io.github.ecrconnect").setLevel(org.apache.log4j.Level.WARN);
    org.apache.log4j.Logger.getLogger("org.apache.kafka.connect.runtime.WorkerSourceTask")
        .setLevel(org.apache.log4j.Level.WARN);
    org.apache.log4j.Logger.getLogger("org.apache.kafka.connect.util.clusters.ConnectAssertions")
        .setLevel(org.apache.log4j.Level.OFF);
    Settings settings = Settings.fromSystemProperties();
    System.out.println("[organization] " + settings);
    try (ConnectTestCluster cluster = ConnectTestCluster.start("org-bench", 1)) {
      OrganizationBenchmark benchmark = new OrganizationBenchmark(report, cluster, settings);
      // A small run of each first, so that one-time costs (classes, the SDK's and the worker's
      // caches, the first connector) land in neither variant's heap or snapshot time.
      benchmark.built(4, 2, true);
      benchmark.naive(4, 2, true);
      Figures built = benchmark.built(settings.accounts(), settings.regions(), false);
      Figures naive = benchmark.naive(settings.accounts(), settings.regions(), false);
      benchmark.report(built, naive);
    }
  }

  // ---- the two variants

  /**
   * As built: N accounts, each with R enabled regions, found by discovery; one session per account
   * per task, first polls one rate-limit token apart, several registries listed at once.
   */
  private Figures built(int accountCount, int regionCount, boolean warmUp) throws Exception {
    List<String> accounts = accountIds(710_000_000_000L, accountCount);
    String joiner = String.format("%012d", 719_999_999_999L);
    List<String> regions = REGIONS.subList(0, regionCount);
    Map<String, String> props = baseProps(warmUp ? "org-built-warm-up" : "org-built");
    props.put("aws.regions", "all");
    props.put("aws.ecr.max.requests.per.second", String.valueOf(settings.requestsPerSecond()));
    props.put("aws.ecr.max.listings.in.flight", String.valueOf(settings.listingsInFlight()));
    return measure("built", accounts, regions, List.of(joiner), props, warmUp);
  }

  /**
   * The naive way, emulated: the same number of registries, each in an account of its own and one
   * region (so each registry has a session of its own, as the pre-change code had one per (region,
   * role)), and first polls 1 ms apart (rate limit 1,000/s per task, the smallest spacing the
   * config allows; the limit is far above what the tasks send), one registry listed at a time.
   */
  private Figures naive(int accountCount, int regionCount, boolean warmUp) throws Exception {
    List<String> accounts = accountIds(720_000_000_000L, accountCount * regionCount);
    // An account joining brings R registries; here R accounts of one region each.
    List<String> joiners = accountIds(729_000_000_000L, regionCount);
    List<String> regions = REGIONS.subList(0, 1);
    Map<String, String> props = baseProps(warmUp ? "org-naive-warm-up" : "org-naive");
    props.put("aws.regions", regions.get(0));
    props.put("aws.ecr.max.requests.per.second", "1000");
    // One registry at a time, as a task listed before listings ran in parallel.
    props.put("aws.ecr.max.listings.in.flight", "1");
    return measure("naive", accounts, regions, joiners, props, warmUp);
  }

  private Map<String, String> baseProps(String topic) {
    Map<String, String> props = new HashMap<>();
    props.put(
        "connector.class", "io.github.ecrconnect.ptc.connect.EcrPullThroughCacheSourceConnector");
    props.put("tasks.max", String.valueOf(settings.tasks()));
    props.put("topic", topic);
    props.put("poll.interval.ms", String.valueOf(settings.pollIntervalMs()));
    props.put("aws.ecr.registry.ids", "organization");
    props.put("aws.sts.role.arn", ROLE_TEMPLATE);
    props.put("aws.access.key.id", KEY);
    props.put("aws.secret.access.key", "secret");
    props.put("discovery.interval.ms", String.valueOf(settings.discoveryIntervalMs()));
    props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("key.converter.schemas.enable", "false");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter.schemas.enable", "false");
    props.put("topic.creation.default.replication.factor", "1");
    props.put("topic.creation.default.partitions", "1");
    return props;
  }

  /**
   * One variant on an endpoint of its own: the first full snapshot, a steady window, then {@code
   * joiners} join the organization. A warm-up stops after the snapshot and returns null.
   */
  private Figures measure(
      String variant,
      List<String> accounts,
      List<String> regions,
      List<String> joiners,
      Map<String, String> props,
      boolean warmUp)
      throws Exception {
    String topic = props.get("topic");
    int rules = settings.rulesPerRegistry();
    try (FakeEcrServer aws = FakeEcrServer.start()) {
      String management = accounts.get(0);
      aws.setAccount(KEY, management);
      aws.setSessionDuration(settings.sessionDuration());
      FakeOrganization organization = aws.organization();
      organization.setDefaultRegions(regions);
      organization.create(management);
      for (String account : accounts) {
        organization.addAccount(account);
      }
      for (String account : concat(accounts, joiners)) {
        for (String region : regions) {
          BenchRules.fill(aws, region, account, rules);
        }
      }
      String endpoint = aws.endpoint().toString();
      props.put("aws.ecr.endpoint", endpoint);
      props.put("aws.sts.endpoint", endpoint);
      props.put("aws.organizations.endpoint", endpoint);
      props.put("aws.account.endpoint", endpoint);
      int registries = accounts.size() * regions.size();
      long totalRules = (long) registries * rules;

      long heapBefore = usedHeapAfterGc();
      int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
      aws.resetCounts();
      long started = System.nanoTime();
      cluster.connect().configureConnector(topic, props);
      try (BenchTopic records =
          new BenchTopic(cluster.connect().kafka().bootstrapServers(), topic)) {
        awaitCondition(
            () -> records.endOffset() >= totalRules, variant + ": the full first snapshot");
        double snapshotSeconds = (System.nanoTime() - started) / 1e9;
        long snapshotAssumeRoles = aws.assumeRoleCount();
        System.out.printf(
            "[organization] %s: %d registries snapshot in %.1f s, %d AssumeRole calls%n",
            variant, registries, snapshotSeconds, snapshotAssumeRoles);
        if (warmUp) {
          return null;
        }
        double heapPerRegistry = (usedHeapAfterGc() - heapBefore) / (double) registries;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
        System.out.printf(
            "[organization] %s: heap %.0f bytes per registry, %d threads more than before%n",
            variant, heapPerRegistry, threads);

        Counts before = Counts.of(aws, accounts);
        long windowStart = System.nanoTime();
        long endBefore = records.endOffset();
        Thread.sleep(settings.window().toMillis());
        double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
        Counts window = Counts.of(aws, accounts).minus(before);
        long recordsInWindow = records.endOffset() - endBefore;
        System.out.printf("[organization] %s: window %.0f s: %s%n", variant, windowSeconds, window);

        records.seekToEnd();
        long joinRecords = (long) joiners.size() * regions.size() * rules;
        long endBeforeJoin = records.endOffset();
        long joined = System.nanoTime();
        for (String joiner : joiners) {
          organization.addAccount(joiner);
        }
        records.awaitRecord(
            r -> joiners.stream().anyMatch(BenchTopic.text(r.value())::contains),
            "of " + joiners,
            settings.timeout());
        double joinFirst = (System.nanoTime() - joined) / 1e9;
        awaitCondition(
            () -> records.endOffset() >= endBeforeJoin + joinRecords,
            variant + ": the joined registries' snapshot");
        double joinAll = (System.nanoTime() - joined) / 1e9;
        System.out.printf(
            "[organization] %s: joined, first event after %.1f s, all after %.1f s%n",
            variant, joinFirst, joinAll);
        return new Figures(
            variant,
            registries,
            snapshotAssumeRoles,
            snapshotSeconds,
            snapshotAssumeRoles,
            windowSeconds,
            window.describe / windowSeconds,
            window.assumeRole / windowSeconds,
            window.listAccounts / windowSeconds,
            window.listRegions / windowSeconds,
            window.assumeRole,
            window.listAccounts,
            window.listRegions,
            heapPerRegistry,
            joinFirst,
            joinAll,
            recordsInWindow,
            threads);
      } finally {
        cluster.connect().deleteConnector(topic);
        // The endpoint closes next: wait for the tasks to stop first, or they log refused
        // connections, and the next variant would start beside them.
        awaitCondition(() -> taskMBeans(topic) == 0, variant + ": its tasks to stop");
      }
    }
  }

  /** Calls to each service so far. */
  private record Counts(long describe, long assumeRole, long listAccounts, long listRegions) {
    static Counts of(FakeEcrServer aws, List<String> accounts) {
      long listRegions = 0;
      for (String account : accounts) {
        listRegions += aws.organization().listRegionsCalls(account);
      }
      return new Counts(
          aws.describeCalls(),
          aws.assumeRoleCount(),
          aws.organization().listAccountsCalls(),
          listRegions);
    }

    Counts minus(Counts other) {
      return new Counts(
          describe - other.describe,
          assumeRole - other.assumeRole,
          listAccounts - other.listAccounts,
          listRegions - other.listRegions);
    }
  }

  // ---- the report

  private void report(Figures built, Figures naive) {
    String name =
        String.format(
            "7 organization, %,d accounts x %d regions = %,d registries, %d tasks",
            settings.accounts(), settings.regions(), settings.registries(), settings.tasks());
    report.note(
        name
            + ": poll interval "
            + settings.pollIntervalMs() / 1000
            + " s, "
            + settings.rulesPerRegistry()
            + " rules per registry, discovery every "
            + settings.discoveryIntervalMs() / 1000
            + " s, STS sessions of "
            + settings.sessionDuration().toSeconds()
            + " s (shortened from 1 h so renewals show in the window), window "
            + settings.window().toSeconds()
            + " s. built: rate limit "
            + Report.num(settings.requestsPerSecond(), 0)
            + "/s per task, "
            + settings.listingsInFlight()
            + " listings in flight per task. naive (emulated): each registry its own account (one"
            + " session per registry), 1 region, first polls 1 ms apart (rate limit 1,000/s per"
            + " task), 1 listing in flight.");
    report.info(
        name,
        "time to the first full snapshot",
        "built "
            + Report.num(built.snapshotSeconds(), 1)
            + " s vs naive "
            + Report.num(naive.snapshotSeconds(), 1)
            + " s (AssumeRole calls during it: built "
            + Report.num(built.snapshotAssumeRoles(), 0)
            + ", naive "
            + Report.num(naive.snapshotAssumeRoles(), 0)
            + ")");
    report.info(
        name,
        "steady ECR calls/s",
        "built "
            + Report.num(built.ecrPerSecond(), 1)
            + " vs naive "
            + Report.num(naive.ecrPerSecond(), 1)
            + " (registries / interval = "
            + Report.num(settings.registries() * 1000.0 / settings.pollIntervalMs(), 1)
            + ")");
    report.info(
        name,
        "steady STS calls/s (sessions of " + settings.sessionDuration().toSeconds() + " s)",
        "built "
            + Report.num(built.stsPerSecond(), 2)
            + " vs naive "
            + Report.num(naive.stsPerSecond(), 2));
    report.info(
        name,
        "steady Organizations calls/s (discovery every "
            + settings.discoveryIntervalMs() / 1000
            + " s)",
        "built "
            + Report.num(built.organizationsPerSecond(), 2)
            + " vs naive "
            + Report.num(naive.organizationsPerSecond(), 2)
            + " (ListAccounts calls in the window: "
            + built.windowListAccounts()
            + " vs "
            + naive.windowListAccounts()
            + ")");
    report.info(
        name,
        "steady Account calls/s (discovery every " + settings.discoveryIntervalMs() / 1000 + " s)",
        "built "
            + Report.num(built.accountPerSecond(), 2)
            + " vs naive "
            + Report.num(naive.accountPerSecond(), 2)
            + " (naive names its one region: no ListRegions)");
    report.info(
        name,
        "AssumeRole calls per account per hour",
        "built "
            + perAccountPerHour(built, settings.accounts())
            + "; naive "
            + perAccountPerHour(naive, settings.accounts()));
    report.info(
        name,
        "heap per registry (used heap after full GC)",
        "built "
            + Report.num(built.heapBytesPerRegistry(), 0)
            + " bytes vs naive "
            + Report.num(naive.heapBytesPerRegistry(), 0)
            + " bytes");
    report.info(
        name,
        "account joins -> its first event",
        "built "
            + Report.num(built.joinFirstSeconds(), 1)
            + " s (all its "
            + settings.regions()
            + " registries: "
            + Report.num(built.joinAllSeconds(), 1)
            + " s) vs naive "
            + Report.num(naive.joinFirstSeconds(), 1)
            + " s (all: "
            + Report.num(naive.joinAllSeconds(), 1)
            + " s)");
    report.info(
        name,
        "threads (live, after the snapshot, minus before the connector)",
        "built "
            + built.threadsAfterSnapshot()
            + " ("
            + Report.num(built.threadsAfterSnapshot() / (double) built.registries(), 2)
            + " per registry) vs naive "
            + naive.threadsAfterSnapshot()
            + " ("
            + Report.num(naive.threadsAfterSnapshot() / (double) naive.registries(), 2)
            + " per registry)");
    report.info(
        name,
        "records written in the steady window",
        "built " + built.recordsInWindow() + ", naive " + naive.recordsInWindow());
  }

  /**
   * Measured in the window with shortened sessions, then extrapolated to 1-hour sessions by the
   * SDK's renewal rule (see {@link #meanRenewal}).
   */
  private String perAccountPerHour(Figures figures, int accounts) {
    double measured = figures.windowAssumeRoles() * 3600.0 / figures.windowSeconds() / accounts;
    double perSessionPerHourMeasured =
        figures.windowAssumeRoles() * 3600.0 / figures.windowSeconds() / figures.sessions();
    double renewal = meanRenewal(settings.sessionDuration()).toSeconds();
    double hourRenewal = meanRenewal(Duration.ofHours(1)).toSeconds();
    double extrapolated = measured * renewal / hourRenewal;
    return Report.num(measured, 1)
        + " measured ("
        + Report.num(perSessionPerHourMeasured, 1)
        + " per session per hour, "
        + figures.sessions()
        + " sessions; mean renewal by the SDK's rule "
        + Report.num(renewal, 0)
        + " s) -> with 1-hour sessions (renewed after "
        + Report.num(hourRenewal / 60, 1)
        + " min on average) "
        + Report.num(extrapolated, 2);
  }

  /**
   * When the SDK's StsAssumeRoleCredentialsProvider (2.57) renews a session on average: from 5
   * minutes before it expires (prefetch time), moved later by a random jitter of up to (stale time
   * 1 minute before expiry, minus 1 minute) - prefetch time = 3 minutes: after duration - 5 + 1.5
   * minutes, on the first use after that.
   */
  static Duration meanRenewal(Duration session) {
    return session.minus(SDK_PREFETCH).plusSeconds(90);
  }

  // ---- helpers

  private static List<String> accountIds(long first, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(String.format("%012d", first + i));
    }
    return ids;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The connector's tasks still registered on JMX (each removes its MBean when it stops). */
  private static int taskMBeans(String connector) {
    try {
      return ManagementFactory.getPlatformMBeanServer()
          .queryNames(
              new javax.management.ObjectName(
                  "io.github.ecrconnect.ecr.ptc:type=task-metrics,connector=" + connector + ",*"),
              null)
          .size();
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalArgumentException(connector, e);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    while (!condition.getAsBoolean()) {
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      if (threads > MAX_THREADS) {
        // The machine's pid_max (32,768 here) is shared with every other process on it.
        throw new IllegalStateException(
            threads
                + " live threads (limit bench.org.max.threads="
                + MAX_THREADS
                + ") while"
                + " waiting for "
                + what
                + ": stopped before the machine runs out of pids");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Timed out after " + settings.timeout() + " waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}

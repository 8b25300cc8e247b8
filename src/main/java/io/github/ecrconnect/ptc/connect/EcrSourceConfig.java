package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.AwsConfigKeys;
import io.github.ecrconnect.ptc.aws.AwsSettings;
import io.github.ecrconnect.ptc.core.PollSchedule;
import io.github.ecrconnect.ptc.core.PrefixFilter;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RegistryScope;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/** The connector's configuration: one ConfigDef, and typed getters that return domain values. */
public class EcrSourceConfig extends AbstractConfig {
  public static final String TOPIC = "topic";
  public static final String POLL_INTERVAL_MS = "poll.interval.ms";
  public static final String REGIONS = "aws.regions";
  public static final String REGISTRY_IDS = AwsConfigKeys.REGISTRY_IDS;
  public static final String REPOSITORY_PREFIXES = "aws.ecr.repository.prefixes";
  public static final String MAX_RESULTS = AwsConfigKeys.MAX_RESULTS;
  public static final String ENDPOINT = "aws.ecr.endpoint";
  public static final String API_CALL_TIMEOUT_MS = "aws.ecr.api.call.timeout.ms";
  public static final String API_CALL_ATTEMPT_TIMEOUT_MS = "aws.ecr.api.call.attempt.timeout.ms";
  public static final String MAX_ATTEMPTS = "aws.ecr.max.attempts";
  public static final String MAX_REQUESTS_PER_SECOND = "aws.ecr.max.requests.per.second";
  public static final String MAX_LISTINGS_IN_FLIGHT = "aws.ecr.max.listings.in.flight";
  public static final String ACCESS_KEY_ID = AwsConfigKeys.ACCESS_KEY_ID;
  public static final String SECRET_ACCESS_KEY = AwsConfigKeys.SECRET_ACCESS_KEY;
  public static final String SESSION_TOKEN = AwsConfigKeys.SESSION_TOKEN;
  public static final String CREDENTIALS_PROVIDER_CLASS = AwsConfigKeys.CREDENTIALS_PROVIDER_CLASS;
  public static final String ROLE_ARN = AwsConfigKeys.ROLE_ARN;
  public static final String ROLE_EXTERNAL_ID = AwsConfigKeys.ROLE_EXTERNAL_ID;
  public static final String ROLE_SESSION_NAME = "aws.sts.role.session.name";
  public static final String STS_ENDPOINT = "aws.sts.endpoint";
  public static final String TOMBSTONES_ON_DELETE = "tombstones.on.delete";
  public static final String SNAPSHOT_MODE = "snapshot.mode";
  public static final String HEARTBEAT_TOPIC = "heartbeat.topic";
  public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
  public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
  public static final String DISCOVERY_INTERVAL_MS = "discovery.interval.ms";
  public static final String ORGANIZATION_ACCOUNTS_INCLUDE = "aws.organization.accounts.include";
  public static final String ORGANIZATION_ACCOUNTS_EXCLUDE = "aws.organization.accounts.exclude";
  public static final String ORGANIZATIONS_ENDPOINT = "aws.organizations.endpoint";
  public static final String ACCOUNT_ENDPOINT = "aws.account.endpoint";

  public static final String DEFAULT_SESSION_NAME = AwsSettings.DEFAULT_ROLE_SESSION_NAME;
  public static final String DEFAULT_HEARTBEAT_TOPIC = "__ecr-pull-through-cache-heartbeat";

  /**
   * Enough for the default 10 requests per second at round trips of up to 400 ms (a worker reading
   * a region on the far side of the world); a few threads per task.
   */
  public static final int DEFAULT_MAX_LISTINGS_IN_FLIGHT = 4;

  private static final String GROUP_CONNECTOR = "Connector";
  private static final String GROUP_AWS = "AWS";
  private static final String GROUP_CREDENTIALS = "AWS credentials";
  private static final String GROUP_DISCOVERY = "Discovery";

  /** Where the discovery calls go when nothing else names a region (Organizations' home). */
  static final String FALLBACK_HOME_REGION = "us-east-1";

  /** The connector's keys. Returns a new ConfigDef each call, so nobody can change a shared one. */
  public static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(
        TOPIC,
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        ConfigValidators.topicName(),
        Importance.HIGH,
        "Topic that receives the change events of every registry. A compacted"
            + " topic keeps the latest state of each rule.",
        GROUP_CONNECTOR,
        ++order,
        Width.MEDIUM,
        "Topic");
    def.define(
        POLL_INTERVAL_MS,
        Type.LONG,
        60_000L,
        ConfigDef.Range.atLeast(1),
        Importance.HIGH,
        "Milliseconds between two polls of one registry.",
        GROUP_CONNECTOR,
        ++order,
        Width.SHORT,
        "Poll interval (ms)");
    def.define(
        SNAPSHOT_MODE,
        Type.STRING,
        SnapshotMode.INITIAL.configValue(),
        ConfigValidators.oneOf(SnapshotMode.configValues()),
        Importance.MEDIUM,
        "What the first poll of a registry without stored state emits: 'initial' emits every rule"
            + " as a read ('r') event; 'no_data' records the state silently and emits only later"
            + " changes.",
        GROUP_CONNECTOR,
        ++order,
        Width.SHORT,
        "Snapshot mode");
    def.define(
        TOMBSTONES_ON_DELETE,
        Type.BOOLEAN,
        true,
        Importance.MEDIUM,
        "Whether each delete ('d') event is followed by a tombstone (same key, null value), so"
            + " log compaction can drop deleted rules.",
        GROUP_CONNECTOR,
        ++order,
        Width.SHORT,
        "Tombstones on delete");
    def.define(
        HEARTBEAT_TOPIC,
        Type.STRING,
        DEFAULT_HEARTBEAT_TOPIC,
        ConfigValidators.topicName(),
        Importance.LOW,
        "Topic for heartbeat records, and for records that only store a registry's state"
            + " without a change (the silent baseline of snapshot.mode=no_data). Must differ from"
            + " topic. With heartbeats on or snapshot.mode=no_data the topic must exist, or"
            + " Connect must be allowed to create it (topic.creation.default.replication.factor"
            + " and topic.creation.default.partitions in the connector config); validate() logs a"
            + " warning when neither is visible, as it cannot see the cluster.",
        GROUP_CONNECTOR,
        ++order,
        Width.MEDIUM,
        "Heartbeat topic");
    def.define(
        HEARTBEAT_INTERVAL_MS,
        Type.LONG,
        0L,
        ConfigDef.Range.atLeast(0),
        Importance.LOW,
        "Milliseconds between heartbeat records per registry on heartbeat.topic,"
            + " written after successful polls, so consumers can tell 'no change' from 'connector"
            + " down'. 0 turns heartbeats off.",
        GROUP_CONNECTOR,
        ++order,
        Width.SHORT,
        "Heartbeat interval (ms)");
    def.define(
        RETRY_BACKOFF_MS,
        Type.LONG,
        1_000L,
        ConfigDef.Range.atLeast(1),
        Importance.LOW,
        "Milliseconds before the first retry of a registry whose listing failed"
            + " with a retriable error (throttling, 5xx, timeout); doubles per failure, with"
            + " jitter.",
        GROUP_CONNECTOR,
        ++order,
        Width.SHORT,
        "Retry backoff (ms)");
    def.define(
        RETRY_BACKOFF_MAX_MS,
        Type.LONG,
        300_000L,
        ConfigDef.Range.atLeast(1),
        Importance.LOW,
        "Upper bound of the retry backoff in milliseconds.",
        GROUP_CONNECTOR,
        ++order,
        Width.SHORT,
        "Max retry backoff (ms)");

    order = 0;
    def.define(
        REGIONS,
        Type.LIST,
        "",
        ScopeValidators.regionsOrAll(),
        Importance.HIGH,
        "AWS regions to read, comma-separated (e.g. us-east-1,eu-west-1); a region listed twice"
            + " is read once, and the SDK's pseudo-regions for global endpoints (aws-global, ...)"
            + " are refused. 'all': every region each account has enabled, re-read every"
            + " discovery.interval.ms. Empty: the region of the AWS SDK's default region chain"
            + " (AWS_REGION, profile, instance metadata).",
        GROUP_AWS,
        ++order,
        Width.LONG,
        "Regions");
    def.define(
        REGISTRY_IDS,
        Type.LIST,
        "",
        ScopeValidators.accountIdsOrOrganization(),
        Importance.HIGH,
        "Account ids (12 digits) of the registries to read, comma-separated, or 'organization'"
            + " for every active account of the AWS Organization (listed with the credentials of"
            + " its management account or a delegated administrator, re-read every"
            + " discovery.interval.ms). Empty: the registry of the account the credentials belong"
            + " to.",
        GROUP_AWS,
        ++order,
        Width.LONG,
        "Registry ids");
    def.define(
        REPOSITORY_PREFIXES,
        Type.LIST,
        "",
        ConfigValidators.prefixes(),
        Importance.MEDIUM,
        "Only rules with these ECR repository prefixes, comma-separated. Empty: all rules. A"
            + " prefix without a rule is simply absent. Each is written as ECR lists it: 2 to 30"
            + " characters of lower-case letters and digits, with single . _ - or / between"
            + " them and no trailing /, or ROOT for the rule of the registry's root.",
        GROUP_AWS,
        ++order,
        Width.LONG,
        "Repository prefixes");
    def.define(
        MAX_RESULTS,
        Type.INT,
        AwsSettings.DEFAULT_MAX_RESULTS,
        ConfigDef.Range.between(1, 1000),
        Importance.LOW,
        "Page size of DescribePullThroughCacheRules, 1..1000. The default reads up to 1000 rules"
            + " per API call (the API's own default would be 100).",
        GROUP_AWS,
        ++order,
        Width.SHORT,
        "Page size");
    def.define(
        ENDPOINT,
        Type.STRING,
        null,
        ConfigValidators.endpoint(),
        Importance.LOW,
        "ECR endpoint override (VPC endpoint, FIPS, tests), e.g. https://ecr.us-east-1.amazonaws.com."
            + " Plain http:// is accepted only for loopback addresses.",
        GROUP_AWS,
        ++order,
        Width.LONG,
        "ECR endpoint");
    def.define(
        API_CALL_TIMEOUT_MS,
        Type.LONG,
        AwsSettings.DEFAULT_API_CALL_TIMEOUT.toMillis(),
        ConfigDef.Range.atLeast(1),
        Importance.LOW,
        "Milliseconds one API call may take, retries included.",
        GROUP_AWS,
        ++order,
        Width.SHORT,
        "API call timeout (ms)");
    def.define(
        API_CALL_ATTEMPT_TIMEOUT_MS,
        Type.LONG,
        AwsSettings.DEFAULT_API_CALL_ATTEMPT_TIMEOUT.toMillis(),
        ConfigDef.Range.atLeast(1),
        Importance.LOW,
        "Milliseconds one HTTP attempt of an API call may take.",
        GROUP_AWS,
        ++order,
        Width.SHORT,
        "API attempt timeout (ms)");
    def.define(
        MAX_ATTEMPTS,
        Type.INT,
        AwsSettings.DEFAULT_MAX_ATTEMPTS,
        ConfigDef.Range.between(1, 20),
        Importance.LOW,
        "Attempts per API call (first included) that the AWS SDK makes, with jittered backoff,"
            + " before the connector's own per-registry retry backoff takes over.",
        GROUP_AWS,
        ++order,
        Width.SHORT,
        "SDK attempts");
    def.define(
        MAX_REQUESTS_PER_SECOND,
        Type.DOUBLE,
        AwsSettings.DEFAULT_MAX_REQUESTS_PER_SECOND,
        ConfigValidators.finiteAtLeastZero(),
        Importance.LOW,
        "Most DescribePullThroughCacheRules requests (pages) one task sends per"
            + " second, shared by its registries: a token bucket that allows bursts of one"
            + " second's worth. The first polls of a task's registries are spread at this rate."
            + " One page holds up to aws.ecr.max.results rules, so a task keeps up while"
            + " registries x pages per registry / poll interval in seconds stays below it (600"
            + " single-page registries at the default 60 s); the connector as a whole sends at"
            + " most tasks.max times this. 0 turns the limit off.",
        GROUP_AWS,
        ++order,
        Width.SHORT,
        "Max requests per second");
    def.define(
        MAX_LISTINGS_IN_FLIGHT,
        Type.INT,
        DEFAULT_MAX_LISTINGS_IN_FLIGHT,
        ConfigDef.Range.between(1, 64),
        Importance.LOW,
        "Most registries one task lists at the same time, each on a thread of its own (a"
            + " registry's pages are read one after another). A listing waits one round trip per"
            + " page, so a task reads at most this many pages per round trip, whatever"
            + " aws.ecr.max.requests.per.second allows: raise it when a task reads many"
            + " registries in regions far from the worker. The request rate limit still spaces"
            + " all of the task's pages.",
        GROUP_AWS,
        ++order,
        Width.SHORT,
        "Max listings in flight");

    order = 0;
    def.define(
        ACCESS_KEY_ID,
        Type.STRING,
        null,
        Importance.MEDIUM,
        "Static access key id. Give it with aws.secret.access.key, or leave both empty to use"
            + " aws.credentials.provider.class or the AWS SDK default credentials chain.",
        GROUP_CREDENTIALS,
        ++order,
        Width.MEDIUM,
        "Access key id");
    def.define(
        SECRET_ACCESS_KEY,
        Type.PASSWORD,
        null,
        Importance.MEDIUM,
        "Static secret access key (never logged). Prefer a ConfigProvider such as"
            + " ${file:/path:key} so the REST API never shows it.",
        GROUP_CREDENTIALS,
        ++order,
        Width.MEDIUM,
        "Secret access key");
    def.define(
        SESSION_TOKEN,
        Type.PASSWORD,
        null,
        Importance.LOW,
        "Session token for temporary static credentials (never logged).",
        GROUP_CREDENTIALS,
        ++order,
        Width.MEDIUM,
        "Session token");
    def.define(
        CREDENTIALS_PROVIDER_CLASS,
        Type.CLASS,
        null,
        ConfigValidators.credentialsProviderClass(),
        Importance.LOW,
        "An AwsCredentialsProvider class (AWS SDK v2), made with its public no-argument"
            + " constructor, else its static builder().build(), else its static create();"
            + " validate() makes one to check. The connector closes only providers it made as"
            + " new instances, never one that create() returned (it may be shared, as"
            + " DefaultCredentialsProvider.create() is). Empty: the default chain.",
        GROUP_CREDENTIALS,
        ++order,
        Width.LONG,
        "Credentials provider class");
    def.define(
        ROLE_ARN,
        Type.STRING,
        null,
        ConfigValidators.roleArn(),
        Importance.MEDIUM,
        "IAM role to assume before calling ECR. May contain {registryId} to assume one role per"
            + " account listed in aws.ecr.registry.ids (or found in the organization; the"
            + " enabled regions of aws.regions=all are read through it too); validate() then"
            + " tries the role of each listed account (the first 10) and names the account whose"
            + " role fails.",
        GROUP_CREDENTIALS,
        ++order,
        Width.LONG,
        "Role ARN");
    def.define(
        ROLE_EXTERNAL_ID,
        Type.STRING,
        null,
        Importance.LOW,
        "External id to pass when assuming aws.sts.role.arn.",
        GROUP_CREDENTIALS,
        ++order,
        Width.MEDIUM,
        "Role external id");
    def.define(
        ROLE_SESSION_NAME,
        Type.STRING,
        DEFAULT_SESSION_NAME,
        ConfigValidators.sessionName(),
        Importance.LOW,
        "Session name when assuming aws.sts.role.arn (2..64 characters of [\\w+=,.@-]).",
        GROUP_CREDENTIALS,
        ++order,
        Width.MEDIUM,
        "Role session name");
    def.define(
        STS_ENDPOINT,
        Type.STRING,
        null,
        ConfigValidators.endpoint(),
        Importance.LOW,
        "STS endpoint override for assuming the role. Plain http:// only for loopback.",
        GROUP_CREDENTIALS,
        ++order,
        Width.LONG,
        "STS endpoint");

    order = 0;
    def.define(
        DISCOVERY_INTERVAL_MS,
        Type.LONG,
        3_600_000L,
        ConfigDef.Range.atLeast(1),
        Importance.MEDIUM,
        "Milliseconds between two discoveries of the organization's accounts"
            + " (aws.ecr.registry.ids=organization) and the accounts' enabled regions"
            + " (aws.regions=all); a change of the registries found reassigns the tasks.",
        GROUP_DISCOVERY,
        ++order,
        Width.SHORT,
        "Discovery interval (ms)");
    def.define(
        ORGANIZATION_ACCOUNTS_INCLUDE,
        Type.LIST,
        "",
        ConfigValidators.accountIds(),
        Importance.MEDIUM,
        "With aws.ecr.registry.ids=organization: only these account ids,"
            + " comma-separated, while they are active members. Empty: every active account.",
        GROUP_DISCOVERY,
        ++order,
        Width.LONG,
        "Accounts to include");
    def.define(
        ORGANIZATION_ACCOUNTS_EXCLUDE,
        Type.LIST,
        "",
        ConfigValidators.accountIds(),
        Importance.MEDIUM,
        "With aws.ecr.registry.ids=organization: never these account ids,"
            + " comma-separated (applied after the include list).",
        GROUP_DISCOVERY,
        ++order,
        Width.LONG,
        "Accounts to exclude");
    def.define(
        ORGANIZATIONS_ENDPOINT,
        Type.STRING,
        null,
        ConfigValidators.endpoint(),
        Importance.LOW,
        "AWS Organizations endpoint override (ListAccounts). Plain http:// only" + " for loopback.",
        GROUP_DISCOVERY,
        ++order,
        Width.LONG,
        "Organizations endpoint");
    def.define(
        ACCOUNT_ENDPOINT,
        Type.STRING,
        null,
        ConfigValidators.endpoint(),
        Importance.LOW,
        "AWS Account Management endpoint override (ListRegions). Plain http://"
            + " only for loopback.",
        GROUP_DISCOVERY,
        ++order,
        Width.LONG,
        "Account endpoint");
    return def;
  }

  public EcrSourceConfig(Map<String, String> props) {
    this(configDef(), props);
  }

  protected EcrSourceConfig(ConfigDef def, Map<String, String> props) {
    super(def, props);
  }

  public String topic() {
    return getString(TOPIC);
  }

  public String heartbeatTopic() {
    return getString(HEARTBEAT_TOPIC);
  }

  /** Zero when heartbeats are off. */
  public Duration heartbeatInterval() {
    return Duration.ofMillis(getLong(HEARTBEAT_INTERVAL_MS));
  }

  public Duration pollInterval() {
    return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
  }

  public Duration retryBackoff() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
  }

  /** Requests per second per task; 0 for no limit. */
  public double maxRequestsPerSecond() {
    return getDouble(MAX_REQUESTS_PER_SECOND);
  }

  /** How many registries a task lists at once. */
  public int maxListingsInFlight() {
    return getInt(MAX_LISTINGS_IN_FLIGHT);
  }

  /**
   * How far apart a task's first polls start: one request-rate token apart (100 ms at the default
   * 10 per second), or {@link PollSchedule#DEFAULT_FIRST_POLL_SPACING_MS} without a limit.
   */
  public Duration firstPollSpacing() {
    double perSecond = maxRequestsPerSecond();
    return Duration.ofMillis(
        perSecond > 0
            ? (long) Math.ceil(1000 / perSecond)
            : PollSchedule.DEFAULT_FIRST_POLL_SPACING_MS);
  }

  public Duration retryBackoffMax() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
  }

  public SnapshotMode snapshotMode() {
    return SnapshotMode.fromConfigValue(getString(SNAPSHOT_MODE));
  }

  public boolean tombstonesOnDelete() {
    return getBoolean(TOMBSTONES_ON_DELETE);
  }

  public PrefixFilter prefixFilter() {
    return PrefixFilter.of(getList(REPOSITORY_PREFIXES));
  }

  /**
   * Every (registry id, region) pair to read, regions outermost, in config order, each once: a
   * region or id listed twice is still one registry (one partition, on one task). Without regions,
   * the SDK's default region; without ids, the caller's own registry.
   *
   * @throws org.apache.kafka.common.config.ConfigException if no region is configured or found
   */
  public List<Registry> registries() {
    List<String> regions = getList(REGIONS);
    if (regions.isEmpty()) {
      String region = io.github.ecrconnect.ptc.aws.AwsNames.defaultRegionOrNull();
      if (region == null) {
        throw new org.apache.kafka.common.config.ConfigException(
            REGIONS,
            "",
            "no region is configured and the AWS SDK's default region chain found"
                + " none: set aws.regions (e.g. us-east-1) or AWS_REGION on the worker");
      }
      regions = List.of(region);
    }
    List<String> ids = getList(REGISTRY_IDS);
    Set<Registry> registries = new LinkedHashSet<>();
    for (String region : regions) {
      if (ids.isEmpty()) {
        registries.add(Registry.of(null, region));
      } else {
        ids.forEach(id -> registries.add(Registry.of(id, region)));
      }
    }
    return new ArrayList<>(registries);
  }

  /** The configured regions (or [all]); without any, the SDK default region's, as registries(). */
  private List<String> regionsOrDefault() {
    List<String> regions = getList(REGIONS);
    return regions.isEmpty() ? List.of(registries().get(0).region()) : regions;
  }

  /**
   * The registries to read, fixed or found at run time (aws.regions=all,
   * aws.ecr.registry.ids=organization).
   *
   * @throws org.apache.kafka.common.config.ConfigException if no region is configured or found
   */
  public RegistryScope registryScope() {
    return RegistryScope.of(
        regionsOrDefault(),
        getList(REGISTRY_IDS),
        getList(ORGANIZATION_ACCOUNTS_INCLUDE),
        getList(ORGANIZATION_ACCOUNTS_EXCLUDE));
  }

  public Duration discoveryInterval() {
    return Duration.ofMillis(getLong(DISCOVERY_INTERVAL_MS));
  }

  /**
   * The region whose partition the (global) discovery services are called in, and whose STS
   * endpoint issues the discovery's role sessions: the first configured region, else the SDK's
   * default region, else us-east-1.
   */
  public String homeRegion() {
    List<String> regions = getList(REGIONS);
    if (!regions.isEmpty() && !regions.get(0).equals(RegistryScope.ALL_REGIONS)) {
      return regions.get(0);
    }
    String region = io.github.ecrconnect.ptc.aws.AwsNames.defaultRegionOrNull();
    return region == null ? FALLBACK_HOME_REGION : region;
  }

  public AwsSettings awsSettings() {
    AwsSettings.Builder builder =
        AwsSettings.builder()
            .maxResults(getInt(MAX_RESULTS))
            .apiCallTimeout(Duration.ofMillis(getLong(API_CALL_TIMEOUT_MS)))
            .apiCallAttemptTimeout(Duration.ofMillis(getLong(API_CALL_ATTEMPT_TIMEOUT_MS)))
            .maxAttempts(getInt(MAX_ATTEMPTS))
            .maxRequestsPerSecond(getDouble(MAX_REQUESTS_PER_SECOND))
            .credentialsProviderClass(getClass(CREDENTIALS_PROVIDER_CLASS))
            .staticCredentials(
                getString(ACCESS_KEY_ID), secret(SECRET_ACCESS_KEY), secret(SESSION_TOKEN));
    String endpoint = getString(ENDPOINT);
    if (endpoint != null && !endpoint.isBlank()) {
      builder.ecrEndpoint(URI.create(endpoint.trim()));
    }
    String stsEndpoint = getString(STS_ENDPOINT);
    if (stsEndpoint != null && !stsEndpoint.isBlank()) {
      builder.stsEndpoint(URI.create(stsEndpoint.trim()));
    }
    // Role sessions from one regional STS endpoint, the home region's: not from an opt-in
    // region a member account enabled but the connector's own account may not have.
    List<String> regions = getList(REGIONS);
    if (!regions.isEmpty()) {
      builder.stsRegion(homeRegion());
    }
    String organizationsEndpoint = getString(ORGANIZATIONS_ENDPOINT);
    if (organizationsEndpoint != null && !organizationsEndpoint.isBlank()) {
      builder.organizationsEndpoint(URI.create(organizationsEndpoint.trim()));
    }
    String accountEndpoint = getString(ACCOUNT_ENDPOINT);
    if (accountEndpoint != null && !accountEndpoint.isBlank()) {
      builder.accountEndpoint(URI.create(accountEndpoint.trim()));
    }
    String roleArn = getString(ROLE_ARN);
    if (roleArn != null && !roleArn.isBlank()) {
      builder.assumeRole(roleArn.trim(), getString(ROLE_EXTERNAL_ID), getString(ROLE_SESSION_NAME));
    }
    return builder.build();
  }

  private String secret(String key) {
    Password password = getPassword(key);
    return password == null || password.value().isEmpty() ? null : password.value();
  }

  /** Prints the config reference page, docs/configuration.md (a test keeps the two equal). */
  public static void main(String[] args) {
    System.out.print(ConfigReference.markdown(configDef()));
  }
}

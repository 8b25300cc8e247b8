package io.github.ecrconnect.ptc.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What the AWS side needs from the connector's configuration, free of Kafka types. Secrets are held
 * here only to build credentials and are never part of {@link #toString()}.
 */
public final class AwsSettings {
  // The defaults, defined once: the connector's config definition uses them too.
  public static final String DEFAULT_ROLE_SESSION_NAME = "kafka-connect-ecr-pull-through-cache";
  public static final int DEFAULT_MAX_RESULTS = 1000;
  public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final double DEFAULT_MAX_REQUESTS_PER_SECOND = 10;

  private final URI ecrEndpoint;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final Class<?> credentialsProviderClass;
  private final String roleArnTemplate;
  private final String roleExternalId;
  private final String roleSessionName;
  private final URI stsEndpoint;
  private final int maxResults;
  private final Duration apiCallTimeout;
  private final Duration apiCallAttemptTimeout;
  private final int maxAttempts;
  private final double maxRequestsPerSecond;
  private final URI organizationsEndpoint;
  private final URI accountEndpoint;
  private final String stsRegion;

  private AwsSettings(Builder b) {
    this.ecrEndpoint = b.ecrEndpoint;
    this.accessKeyId = b.accessKeyId;
    this.secretAccessKey = b.secretAccessKey;
    this.sessionToken = b.sessionToken;
    this.credentialsProviderClass = b.credentialsProviderClass;
    this.roleArnTemplate = b.roleArnTemplate;
    this.roleExternalId = b.roleExternalId;
    this.roleSessionName = b.roleSessionName;
    this.stsEndpoint = b.stsEndpoint;
    this.maxResults = b.maxResults;
    this.apiCallTimeout = Objects.requireNonNull(b.apiCallTimeout);
    this.apiCallAttemptTimeout = Objects.requireNonNull(b.apiCallAttemptTimeout);
    this.maxAttempts = b.maxAttempts;
    this.maxRequestsPerSecond = b.maxRequestsPerSecond;
    this.organizationsEndpoint = b.organizationsEndpoint;
    this.accountEndpoint = b.accountEndpoint;
    this.stsRegion = b.stsRegion;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to derive variants (e.g. a quick validation call). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.ecrEndpoint = ecrEndpoint;
    b.accessKeyId = accessKeyId;
    b.secretAccessKey = secretAccessKey;
    b.sessionToken = sessionToken;
    b.credentialsProviderClass = credentialsProviderClass;
    b.roleArnTemplate = roleArnTemplate;
    b.roleExternalId = roleExternalId;
    b.roleSessionName = roleSessionName;
    b.stsEndpoint = stsEndpoint;
    b.maxResults = maxResults;
    b.apiCallTimeout = apiCallTimeout;
    b.apiCallAttemptTimeout = apiCallAttemptTimeout;
    b.maxAttempts = maxAttempts;
    b.maxRequestsPerSecond = maxRequestsPerSecond;
    b.organizationsEndpoint = organizationsEndpoint;
    b.accountEndpoint = accountEndpoint;
    b.stsRegion = stsRegion;
    return b;
  }

  /** Endpoint override for ECR, or null for the SDK's regional endpoint. */
  public URI ecrEndpoint() {
    return ecrEndpoint;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public String secretAccessKey() {
    return secretAccessKey;
  }

  public String sessionToken() {
    return sessionToken;
  }

  public boolean hasStaticKeys() {
    return accessKeyId != null && secretAccessKey != null;
  }

  public Class<?> credentialsProviderClass() {
    return credentialsProviderClass;
  }

  /** Role ARN to assume, possibly holding {@code {registryId}}; null for none. */
  public String roleArnTemplate() {
    return roleArnTemplate;
  }

  public String roleExternalId() {
    return roleExternalId;
  }

  public String roleSessionName() {
    return roleSessionName;
  }

  public URI stsEndpoint() {
    return stsEndpoint;
  }

  /** Page size of DescribePullThroughCacheRules. */
  public int maxResults() {
    return maxResults;
  }

  public Duration apiCallTimeout() {
    return apiCallTimeout;
  }

  public Duration apiCallAttemptTimeout() {
    return apiCallAttemptTimeout;
  }

  /** Attempts per API call, first included, before the SDK gives up. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** DescribePullThroughCacheRules requests per second per task; 0 for no limit. */
  public double maxRequestsPerSecond() {
    return maxRequestsPerSecond;
  }

  /** Endpoint override for AWS Organizations (account discovery), or null for the SDK's. */
  public URI organizationsEndpoint() {
    return organizationsEndpoint;
  }

  /** Endpoint override for AWS Account Management (region discovery), or null for the SDK's. */
  public URI accountEndpoint() {
    return accountEndpoint;
  }

  /**
   * The region whose STS endpoint issues role sessions (one session per role serves every region),
   * or null for the region of the first registry that needs the role.
   */
  public String stsRegion() {
    return stsRegion;
  }

  @Override
  public String toString() {
    return "AwsSettings{ecrEndpoint="
        + ecrEndpoint
        + ", credentials="
        + credentialsDescription()
        + ", maxResults="
        + maxResults
        + "}";
  }

  /** How credentials are obtained, without any secret: for logs and error messages. */
  public String credentialsDescription() {
    String base =
        hasStaticKeys()
            ? "static access key " + accessKeyId
            : credentialsProviderClass != null
                ? credentialsProviderClass.getName()
                : "the AWS SDK default credentials chain";
    return roleArnTemplate == null ? base : base + ", then assume role " + roleArnTemplate;
  }

  /** Builds settings; the defaults (the {@code DEFAULT_} constants) suit AWS. */
  public static final class Builder {
    private URI ecrEndpoint;
    private String accessKeyId;
    private String secretAccessKey;
    private String sessionToken;
    private Class<?> credentialsProviderClass;
    private String roleArnTemplate;
    private String roleExternalId;
    private String roleSessionName = DEFAULT_ROLE_SESSION_NAME;
    private URI stsEndpoint;
    private int maxResults = DEFAULT_MAX_RESULTS;
    private Duration apiCallTimeout = DEFAULT_API_CALL_TIMEOUT;
    private Duration apiCallAttemptTimeout = DEFAULT_API_CALL_ATTEMPT_TIMEOUT;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private double maxRequestsPerSecond = DEFAULT_MAX_REQUESTS_PER_SECOND;
    private URI organizationsEndpoint;
    private URI accountEndpoint;
    private String stsRegion;

    private Builder() {}

    public Builder ecrEndpoint(URI value) {
      this.ecrEndpoint = value;
      return this;
    }

    public Builder staticCredentials(String keyId, String secretKey, String token) {
      this.accessKeyId = keyId;
      this.secretAccessKey = secretKey;
      this.sessionToken = token;
      return this;
    }

    public Builder credentialsProviderClass(Class<?> value) {
      this.credentialsProviderClass = value;
      return this;
    }

    public Builder assumeRole(String arnTemplate, String externalId, String sessionName) {
      this.roleArnTemplate = arnTemplate;
      this.roleExternalId = externalId;
      if (sessionName != null) {
        this.roleSessionName = sessionName;
      }
      return this;
    }

    public Builder stsEndpoint(URI value) {
      this.stsEndpoint = value;
      return this;
    }

    public Builder maxResults(int value) {
      this.maxResults = value;
      return this;
    }

    public Builder apiCallTimeout(Duration value) {
      this.apiCallTimeout = value;
      return this;
    }

    public Builder apiCallAttemptTimeout(Duration value) {
      this.apiCallAttemptTimeout = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** 0 for no limit. */
    public Builder maxRequestsPerSecond(double value) {
      this.maxRequestsPerSecond = value;
      return this;
    }

    public Builder organizationsEndpoint(URI value) {
      this.organizationsEndpoint = value;
      return this;
    }

    public Builder accountEndpoint(URI value) {
      this.accountEndpoint = value;
      return this;
    }

    public Builder stsRegion(String value) {
      this.stsRegion = value;
      return this;
    }

    public AwsSettings build() {
      return new AwsSettings(this);
    }
  }
}

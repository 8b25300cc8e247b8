package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.ServerException;
import software.amazon.awssdk.services.ecr.model.ValidationException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The one place that decides whether an AWS error is worth retrying, and for the others says what
 * the user must fix. Messages name the registry and never contain credentials.
 */
final class EcrErrorClassifier {
  static final String IAM_ACTION = "ecr:DescribePullThroughCacheRules";

  private static final Set<String> ACCESS_DENIED =
      Set.of("AccessDeniedException", "AccessDenied", "UnauthorizedOperation");
  private static final Set<String> BAD_CREDENTIALS =
      Set.of(
          "UnrecognizedClientException",
          "InvalidClientTokenId",
          "InvalidSignatureException",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "MissingAuthenticationToken");
  private static final Set<String> EXPIRED = Set.of("ExpiredTokenException", "ExpiredToken");

  /** Transient by name; the SDK's retry strategy (asked for any other code) knows these too. */
  private static final Set<String> TRANSIENT =
      Set.of("RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete");

  private static final int REQUEST_TIMEOUT = 408;
  private static final int TOO_MANY_REQUESTS = 429;

  private final AwsSettings settings;

  EcrErrorClassifier(AwsSettings settings) {
    this.settings = settings;
  }

  RuleListingException classify(Registry registry, int page, SdkException error) {
    String where =
        "Listing pull-through cache rules of registry " + registry + " (page " + page + ")";
    if (error instanceof AwsServiceException) {
      return classifyService(where, registry, (AwsServiceException) error);
    }
    if (error instanceof SdkClientException && isCredentialsLoadFailure(error)) {
      return RuleListingException.noCredentials(
          where
              + " failed: no AWS credentials could be loaded from "
              + settings.credentialsDescription()
              + ". Set "
              + AwsConfigKeys.ACCESS_KEY_ID
              + " and "
              + AwsConfigKeys.SECRET_ACCESS_KEY
              + ", "
              + AwsConfigKeys.CREDENTIALS_PROVIDER_CLASS
              + ", or make credentials available to the worker (environment, profile, or the"
              + " instance/task role).",
          error);
    }
    // Connection refused, timeouts, unreadable responses: the service or the network, not config.
    return RuleListingException.retriable(where + " failed: " + error.getMessage(), error);
  }

  private RuleListingException classifyService(
      String where, Registry registry, AwsServiceException error) {
    String code = errorCode(error);
    String message =
        error.awsErrorDetails() == null
            ? error.getMessage()
            : error.awsErrorDetails().errorMessage();
    String detail = " (" + describe(error.statusCode(), code, message) + ")";
    if (error instanceof StsException
        && !error.isThrottlingException()
        && error.statusCode() < 500) {
      return RuleListingException.fatal(
          where
              + " failed: assuming role "
              + settings.roleArnTemplate()
              + " was refused"
              + detail
              + ". Allow sts:AssumeRole on that role for "
              + settings.credentialsDescription()
              + ", and check its trust policy and "
              + AwsConfigKeys.ROLE_EXTERNAL_ID
              + ".",
          error);
    }
    if (error.isThrottlingException()) {
      return RuleListingException.throttled(where + " was throttled" + detail, error);
    }
    if (error instanceof ServerException || error.statusCode() >= 500) {
      return RuleListingException.retriable(where + " failed on the AWS side" + detail, error);
    }
    if (isOneOf(ACCESS_DENIED, code)) {
      return RuleListingException.fatal(
          where
              + " was denied"
              + detail
              + ". Grant the IAM action "
              + IAM_ACTION
              + " on arn:aws:ecr:"
              + registry.region()
              + ":"
              + (registry.registryIdOrNull() == null ? "<account>" : registry.registryIdOrNull())
              + ":repository/* to "
              + settings.credentialsDescription()
              + (settings.roleArnTemplate() == null
                  ? "."
                  : ", and sts:AssumeRole on the role to the base credentials."),
          error);
    }
    if (isOneOf(BAD_CREDENTIALS, code)) {
      return RuleListingException.fatal(
          where
              + " was rejected: AWS does not accept the credentials"
              + detail
              + ". Check the access key of "
              + settings.credentialsDescription()
              + " (a wrong or deleted key, a secret that does not match it, or a session token"
              + " missing).",
          error);
    }
    if (isOneOf(EXPIRED, code)) {
      if (settings.hasStaticKeys() && settings.roleArnTemplate() == null) {
        return RuleListingException.fatal(
            where
                + " was rejected: the static session credentials have expired"
                + detail
                + ". Static keys with "
                + AwsConfigKeys.SESSION_TOKEN
                + " cannot be refreshed: use "
                + AwsConfigKeys.ROLE_ARN
                + " or "
                + AwsConfigKeys.CREDENTIALS_PROVIDER_CLASS
                + " instead.",
            error);
      }
      // Assumed-role or refreshing credentials: new ones are fetched before the retry.
      return RuleListingException.retriable(where + " used expired credentials" + detail, error);
    }
    if (error instanceof InvalidParameterException || error instanceof ValidationException) {
      return RuleListingException.fatal(
          where
              + " was refused as invalid"
              + detail
              + ". Check "
              + AwsConfigKeys.REGISTRY_IDS
              + " (12-digit account ids) and "
              + AwsConfigKeys.MAX_RESULTS
              + " (1..1000).",
          error);
    }
    if (error.statusCode() == TOO_MANY_REQUESTS
        || error.statusCode() == REQUEST_TIMEOUT
        || isOneOf(TRANSIENT, code)
        || error.isClockSkewException()
        || SdkRetryPolicy.wouldRetry(error)) {
      return RuleListingException.retriable(where + " failed, transiently" + detail, error);
    }
    return RuleListingException.fatal(where + " failed" + detail, error);
  }

  /** Whether AWS refused the call because the temporary credentials that signed it expired. */
  static boolean isExpiredCredentials(SdkException error) {
    return error instanceof AwsServiceException
        && isOneOf(EXPIRED, errorCode((AwsServiceException) error));
  }

  /** The AWS error code, or null when the response carried none. */
  private static String errorCode(AwsServiceException error) {
    return error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
  }

  /** Null-safe: an error without a code (an HTML page from a proxy, say) is none of them. */
  private static boolean isOneOf(Set<String> codes, String code) {
    return code != null && codes.contains(code);
  }

  /** "Code: message", or the HTTP status when a proxy or load balancer answered without a code. */
  private static String describe(int status, String code, String message) {
    if (code == null && (message == null || message.isBlank())) {
      return "HTTP " + status + " without an AWS error code";
    }
    return (code == null ? "HTTP " + status : code) + ": " + message;
  }

  private static boolean isCredentialsLoadFailure(SdkException error) {
    String message = error.getMessage();
    return message != null && message.startsWith("Unable to load credentials");
  }
}

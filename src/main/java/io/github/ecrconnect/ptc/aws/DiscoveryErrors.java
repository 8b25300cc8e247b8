package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.DiscoveryException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Whether a failed Organizations or Account Management call is worth retrying, and for the others
 * what the user must fix. Messages never contain credentials.
 */
final class DiscoveryErrors {
  private static final Set<String> ACCESS_DENIED =
      Set.of("AccessDeniedException", "AccessDenied", "UnauthorizedOperation");
  private static final Set<String> EXPIRED = Set.of("ExpiredTokenException", "ExpiredToken");

  private DiscoveryErrors() {}

  /**
   * @param what the call, e.g. "Listing the organization's accounts"
   * @param iamAction the IAM action the credentials need, e.g. organizations:ListAccounts
   * @param who how the credentials are obtained (no secrets)
   */
  static DiscoveryException classify(String what, String iamAction, String who, SdkException e) {
    if (!(e instanceof AwsServiceException)) {
      if (e.getMessage() != null && e.getMessage().startsWith("Unable to load credentials")) {
        return DiscoveryException.fatal(
            what + " failed: no AWS credentials could be loaded from " + who + ".", e);
      }
      return DiscoveryException.retriable(what + " failed: " + e.getMessage(), e);
    }
    AwsServiceException error = (AwsServiceException) e;
    String code = error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
    String message =
        error.awsErrorDetails() == null
            ? error.getMessage()
            : error.awsErrorDetails().errorMessage();
    String detail =
        " (" + (code == null ? "HTTP " + error.statusCode() : code) + ": " + message + ")";
    if (error.isThrottlingException() || error.statusCode() >= 500 || error.statusCode() == 429) {
      return DiscoveryException.retriable(what + " failed for now" + detail, e);
    }
    if (code != null && EXPIRED.contains(code)) {
      return DiscoveryException.retriable(what + " used expired credentials" + detail, e);
    }
    if (error instanceof StsException) {
      return DiscoveryException.fatal(
          what
              + " failed: assuming the role was refused"
              + detail
              + ". Allow sts:AssumeRole for "
              + who
              + ", and check the role's trust policy and "
              + AwsConfigKeys.ROLE_EXTERNAL_ID
              + ".",
          e);
    }
    if ("AWSOrganizationsNotInUseException".equals(code)) {
      return DiscoveryException.fatal(
          what
              + " failed: the account of "
              + who
              + " is not in an organization"
              + detail
              + ". "
              + AwsConfigKeys.REGISTRY_IDS
              + "=organization needs the credentials of the organization's"
              + " management account or of a delegated administrator.",
          e);
    }
    if (code != null && ACCESS_DENIED.contains(code)) {
      return DiscoveryException.fatal(
          what
              + " was denied"
              + detail
              + ". Grant the IAM action "
              + iamAction
              + " to "
              + who
              + ".",
          e);
    }
    return DiscoveryException.fatal(what + " failed" + detail, e);
  }

  /** Whether AWS refused the call because the temporary credentials that signed it expired. */
  static boolean isExpiredCredentials(SdkException e) {
    return e instanceof AwsServiceException
        && ((AwsServiceException) e).awsErrorDetails() != null
        && EXPIRED.contains(((AwsServiceException) e).awsErrorDetails().errorCode());
  }
}

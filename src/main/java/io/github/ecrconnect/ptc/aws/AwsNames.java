package io.github.ecrconnect.ptc.aws;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/** Syntax checks for AWS names that config validation needs, with the SDK's own region list. */
public final class AwsNames {
  /** Regions with their own endpoints; not the SDK's pseudo-regions for global endpoints. */
  private static final Set<String> KNOWN_REGIONS =
      Region.regions().stream()
          .filter(region -> !region.isGlobalRegion())
          .map(Region::id)
          .collect(Collectors.toSet());

  private static final Set<String> GLOBAL_PSEUDO_REGIONS =
      Region.regions().stream()
          .filter(Region::isGlobalRegion)
          .map(Region::id)
          .collect(Collectors.toSet());
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:iam::(\\d{12}|\\{registryId\\}):role/[\\w+=,.@/-]{1,512}");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  private AwsNames() {}

  /** Whether the AWS SDK knows this region id (e.g. {@code eu-west-1}) as a real region. */
  public static boolean isKnownRegion(String region) {
    return KNOWN_REGIONS.contains(region);
  }

  /**
   * Whether this is one of the SDK's pseudo-regions for global endpoints ({@code aws-global},
   * {@code aws-cn-global}, ...): ECR is regional and has no rules there.
   */
  public static boolean isGlobalPseudoRegion(String region) {
    return GLOBAL_PSEUDO_REGIONS.contains(region);
  }

  public static boolean isAccountId(String id) {
    return ACCOUNT_ID.matcher(id).matches();
  }

  /** An IAM role ARN; the account may be {@code {registryId}}. */
  public static boolean isRoleArn(String arn) {
    return ROLE_ARN.matcher(arn).matches();
  }

  public static boolean isRoleSessionName(String name) {
    return SESSION_NAME.matcher(name).matches();
  }

  /** The region of the SDK's default region chain (env, profile, instance metadata), or null. */
  public static String defaultRegionOrNull() {
    try {
      return new software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain()
          .getRegion()
          .id();
    } catch (RuntimeException e) {
      return null;
    }
  }
}

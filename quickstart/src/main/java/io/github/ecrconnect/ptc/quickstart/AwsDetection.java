package io.github.ecrconnect.ptc.quickstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Whether ./run (without --aws or --local) reads AWS: it does when the AWS SDK finds credentials
 * and a region through its default chains, less the EC2 instance metadata service. That service is
 * not asked unless --aws is given: on a machine outside EC2 each probe waits for a timeout, and on
 * any machine it is a network call the user did not ask for.
 */
final class AwsDetection {
  /** Credentials and region were found: where from (never the credentials themselves). */
  record Found(String region, String credentialsFrom) {}

  private AwsDetection() {}

  /** The AWS account to read, or empty; {@code missing} says what was not found. */
  record Detection(Optional<Found> found, String missing) {}

  static Detection detect() {
    Optional<String> region = region();
    String credentials = credentialsSource();
    if (region.isPresent() && credentials != null) {
      return new Detection(Optional.of(new Found(region.get(), credentials)), "");
    }
    List<String> missing = new ArrayList<>();
    if (credentials == null) {
      missing.add("no AWS credentials found");
    }
    if (region.isEmpty()) {
      missing.add("no AWS region found");
    }
    return new Detection(Optional.empty(), String.join(" and ", missing));
  }

  /** The region from AWS_REGION, the aws.region system property or the profile, if any. */
  static Optional<String> region() {
    try {
      Region region =
          new AwsRegionProviderChain(
                  new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
              .getRegion();
      return Optional.ofNullable(region).map(Region::id);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The name of the first provider of the chain that has credentials, or null. */
  private static String credentialsSource() {
    AwsCredentialsProvider[] providers = {
      SystemPropertyCredentialsProvider.create(),
      EnvironmentVariableCredentialsProvider.create(),
      WebIdentityTokenFileCredentialsProvider.create(),
      ProfileCredentialsProvider.create(),
      ContainerCredentialsProvider.builder().build()
    };
    String found = null;
    for (AwsCredentialsProvider provider : providers) {
      if (found == null) {
        try {
          provider.resolveCredentials();
          found = provider.getClass().getSimpleName().replace("CredentialsProvider", "");
        } catch (RuntimeException e) {
          // not this one
        }
      }
      if (provider instanceof SdkAutoCloseable closeable) {
        closeable.close();
      }
    }
    return found;
  }
}

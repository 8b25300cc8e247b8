package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.AwsNames;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validators whose messages say what a valid value looks like, as {@link
 * ConfigDef.LambdaValidator}s where Kafka's own would say less.
 */
final class ConfigValidators {
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  // ECR's ecrRepositoryPrefix, as the API reference gives it (PullThroughCacheRule,
  // DescribePullThroughCacheRules), 2 to 30 characters:
  //   ^((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*/?|ROOT)$
  // Here without the optional trailing '/': ECR assumes one after every prefix ("team" is
  // "team/"), and the filter compares prefixes exactly, so it takes them in the one spelling.
  private static final Pattern PREFIX =
      Pattern.compile("ROOT|(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");

  static final int PREFIX_MIN_LENGTH = 2;
  static final int PREFIX_MAX_LENGTH = 30;

  private ConfigValidators() {}

  /**
   * A name Kafka accepts for a topic (as the broker checks it), so the task does not fail on it.
   */
  static ConfigDef.Validator topicName() {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          String topic = value == null ? "" : ((String) value).trim();
          if (topic.isEmpty()
              || topic.length() > 249
              || topic.equals(".")
              || topic.equals("..")
              || !TOPIC.matcher(topic).matches()) {
            throw new ConfigException(
                name, value, "is not a Kafka topic name: use 1 to 249 of a-z A-Z 0-9 . _ -");
          }
        },
        () -> "a Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ -");
  }

  static ConfigDef.Validator regions() {
    return listOf(
        region -> {
          if (AwsNames.isGlobalPseudoRegion(region)) {
            return "is the AWS SDK's pseudo-region for global endpoints, where ECR has no"
                + " registries; list the regions whose rules to read, such as us-east-1";
          }
          return AwsNames.isKnownRegion(region)
              ? null
              : "is not an AWS region the AWS SDK knows; use region ids such as us-east-1 or"
                  + " eu-west-1";
        },
        "AWS region ids, e.g. us-east-1,eu-west-1");
  }

  static ConfigDef.Validator accountIds() {
    return listOf(
        id ->
            AwsNames.isAccountId(id)
                ? null
                : "is not an AWS account id; registry ids are exactly 12 digits",
        "12-digit account ids");
  }

  /** Only prefixes ECR can return: any other value would filter out every rule, silently. */
  static ConfigDef.Validator prefixes() {
    return listOf(
        prefix -> {
          if (prefix.length() > 1 && prefix.endsWith("/")) {
            return "ends with '/': ECR assumes the '/' after every prefix; write "
                + prefix.substring(0, prefix.length() - 1);
          }
          if (prefix.length() < PREFIX_MIN_LENGTH || prefix.length() > PREFIX_MAX_LENGTH) {
            return "has "
                + prefix.length()
                + " characters; ECR repository prefixes have "
                + PREFIX_MIN_LENGTH
                + " to "
                + PREFIX_MAX_LENGTH;
          }
          return PREFIX.matcher(prefix).matches()
              ? null
              : "is not an ECR repository prefix; use lower-case letters and digits, with single"
                  + " . _ - between them and single / between path parts (or ROOT)";
        },
        "ECR repository prefixes (2 to 30 characters, or ROOT)");
  }

  static ConfigDef.Validator roleArn() {
    return optionalString(
        AwsNames::isRoleArn,
        "is not an IAM role ARN; expected arn:aws:iam::<12-digit account or {registryId}>:role/<name>");
  }

  /** A key with a default: an explicit blank value is not one of the valid ones. */
  static ConfigDef.Validator sessionName() {
    return presentString(
        AwsNames::isRoleSessionName, "must be 2 to 64 characters of letters, digits and +=,.@_-");
  }

  /** A key with a default: an explicit blank value is not one of the choices. */
  static ConfigDef.Validator oneOf(List<String> allowed) {
    return presentString(
        value -> allowed.stream().anyMatch(value::equalsIgnoreCase),
        "must be one of " + String.join(", ", allowed));
  }

  /** A finite number of at least 0: NaN and Infinity parse as doubles but make no rate. */
  static ConfigDef.Validator finiteAtLeastZero() {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (value == null) {
            return;
          }
          double number = ((Number) value).doubleValue();
          if (Double.isNaN(number) || Double.isInfinite(number) || number < 0) {
            throw new ConfigException(
                name, value, "must be a finite number of at least 0 (0 turns the limit off)");
          }
        },
        () -> "[0,...] (finite; 0 = no limit)");
  }

  static ConfigDef.Validator credentialsProviderClass() {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (value != null && !isCredentialsProvider((Class<?>) value)) {
            throw new ConfigException(
                name,
                ((Class<?>) value).getName(),
                "must implement software.amazon.awssdk.auth.credentials.AwsCredentialsProvider");
          }
        },
        () -> "an AwsCredentialsProvider class");
  }

  private static boolean isCredentialsProvider(Class<?> type) {
    return software.amazon.awssdk.auth.credentials.AwsCredentialsProvider.class.isAssignableFrom(
        type);
  }

  /** An http(s) URL; plain http only to loopback, since requests carry SigV4 signatures. */
  static ConfigDef.Validator endpoint() {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (value == null || ((String) value).isBlank()) {
            return;
          }
          String text = ((String) value).trim();
          URI uri;
          try {
            uri = new URI(text);
          } catch (URISyntaxException e) {
            throw new ConfigException(name, text, "is not a URL: " + e.getReason());
          }
          if (uri.getScheme() == null || uri.getHost() == null) {
            throw new ConfigException(
                name, text, "must be an absolute URL such as https://ecr.us-east-1.amazonaws.com");
          }
          if (uri.getUserInfo() != null) {
            throw new ConfigException(name, "(hidden)", "must not contain user information");
          }
          String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
          if (scheme.equals("http")) {
            if (!isLoopback(uri.getHost())) {
              throw new ConfigException(
                  name,
                  text,
                  "uses plain http to a non-loopback host: signed AWS requests would cross the"
                      + " network in clear text. Use https://");
            }
          } else if (!scheme.equals("https")) {
            throw new ConfigException(
                name, text, "must start with https:// (or http:// to loopback)");
          }
        },
        () -> "an https:// URL (http:// only to loopback)");
  }

  /**
   * Whether {@code host} is localhost or a loopback address literal. Names are never resolved
   * during validation: a name made of hex letters only ("cafe") or digits and dots that are no
   * address ("1.2.3.4.5") would otherwise go to DNS.
   */
  static boolean isLoopback(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (IPV4.matcher(bare).matches()) {
      return bare.startsWith("127.") && isAddress(bare);
    }
    // Bracketed, InetAddress takes it as an IPv6 literal or fails; it never looks it up.
    return bare.contains(":")
        && bare.matches("[0-9a-fA-F:.]+")
        && isLoopbackAddress("[" + bare + "]");
  }

  private static boolean isAddress(String ipv4) {
    for (String octet : ipv4.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLoopbackAddress(String literal) {
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Each item checked by {@code problem}, which says what is wrong with it or returns null. */
  private static ConfigDef.Validator listOf(Function<String, String> problem, String description) {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (value == null) {
            return;
          }
          for (Object item : (List<?>) value) {
            String text = String.valueOf(item);
            String wrong = problem.apply(text);
            if (wrong != null) {
              throw new ConfigException(name, text, "'" + text + "' " + wrong);
            }
          }
        },
        () -> "comma-separated " + description);
  }

  private static ConfigDef.Validator presentString(Predicate<String> valid, String problem) {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          String text = value == null ? "" : ((String) value).trim();
          if (!valid.test(text)) {
            throw new ConfigException(name, text, problem);
          }
        },
        () -> problem);
  }

  private static ConfigDef.Validator optionalString(Predicate<String> valid, String problem) {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (value == null || ((String) value).isBlank()) {
            return;
          }
          String text = ((String) value).trim();
          if (!valid.test(text)) {
            throw new ConfigException(name, text, problem);
          }
        },
        () -> problem);
  }
}

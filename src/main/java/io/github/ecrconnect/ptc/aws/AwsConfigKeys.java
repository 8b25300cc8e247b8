package io.github.ecrconnect.ptc.aws;

/**
 * The names of the connector's config keys that the AWS side names in its error messages, so that a
 * message says what to set. Their one home: the connector's config definition uses them too.
 */
public final class AwsConfigKeys {
  public static final String REGISTRY_IDS = "aws.ecr.registry.ids";
  public static final String MAX_RESULTS = "aws.ecr.max.results";
  public static final String ACCESS_KEY_ID = "aws.access.key.id";
  public static final String SECRET_ACCESS_KEY = "aws.secret.access.key";
  public static final String SESSION_TOKEN = "aws.session.token";
  public static final String CREDENTIALS_PROVIDER_CLASS = "aws.credentials.provider.class";
  public static final String ROLE_ARN = "aws.sts.role.arn";
  public static final String ROLE_EXTERNAL_ID = "aws.sts.role.external.id";

  private AwsConfigKeys() {}
}

package io.github.ecrconnect.ptc.connect;

import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.*;

import io.github.ecrconnect.ptc.aws.EcrClientFactory;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * Checks that involve more than one key, which a per-key validator cannot see. Each problem is
 * reported on the key the user must change, with what to change; secret values are never quoted.
 */
final class CrossFieldChecks {
  private final Map<String, ConfigValue> values;

  private CrossFieldChecks(Map<String, ConfigValue> values) {
    this.values = values;
  }

  static void apply(Map<String, ConfigValue> values) {
    new CrossFieldChecks(values).run();
  }

  private void run() {
    boolean keyId = isSet(ACCESS_KEY_ID);
    boolean secret = isSet(SECRET_ACCESS_KEY);
    if (keyId && !secret) {
      error(
          SECRET_ACCESS_KEY, SECRET_ACCESS_KEY + " is required when " + ACCESS_KEY_ID + " is set");
    }
    if (secret && !keyId) {
      error(ACCESS_KEY_ID, ACCESS_KEY_ID + " is required when " + SECRET_ACCESS_KEY + " is set");
    }
    if (isSet(SESSION_TOKEN) && !(keyId && secret)) {
      error(
          SESSION_TOKEN,
          SESSION_TOKEN + " needs " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY + " as well");
    }
    if ((keyId || secret) && isSet(CREDENTIALS_PROVIDER_CLASS)) {
      error(
          CREDENTIALS_PROVIDER_CLASS,
          "give either static keys ("
              + ACCESS_KEY_ID
              + ", "
              + SECRET_ACCESS_KEY
              + ") or "
              + CREDENTIALS_PROVIDER_CLASS
              + ", not both");
    }
    if (isSet(ROLE_EXTERNAL_ID) && !isSet(ROLE_ARN)) {
      error(ROLE_EXTERNAL_ID, ROLE_EXTERNAL_ID + " is only used with " + ROLE_ARN);
    }
    if (isSet(ROLE_ARN)
        && String.valueOf(value(ROLE_ARN)).contains(EcrClientFactory.REGISTRY_ID_PLACEHOLDER)
        && isEmptyList(REGISTRY_IDS)) {
      error(
          ROLE_ARN,
          ROLE_ARN
              + " contains "
              + EcrClientFactory.REGISTRY_ID_PLACEHOLDER
              + ", so "
              + REGISTRY_IDS
              + " must list the accounts whose role to assume");
    }
    if (isSet(TOPIC)
        && values.get(TOPIC).errorMessages().isEmpty()
        && String.valueOf(value(TOPIC)).equals(String.valueOf(value(HEARTBEAT_TOPIC)))) {
      error(
          HEARTBEAT_TOPIC,
          HEARTBEAT_TOPIC
              + " must differ from "
              + TOPIC
              + ": heartbeats and state-only records"
              + " would reach consumers of the change events. Leave it at its default or name"
              + " another topic.");
    }
    if (bothValid(RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS)
        && asLong(RETRY_BACKOFF_MAX_MS) < asLong(RETRY_BACKOFF_MS)) {
      error(RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MAX_MS + " must be at least " + RETRY_BACKOFF_MS);
    }
    if (bothValid(API_CALL_ATTEMPT_TIMEOUT_MS, API_CALL_TIMEOUT_MS)
        && asLong(API_CALL_ATTEMPT_TIMEOUT_MS) > asLong(API_CALL_TIMEOUT_MS)) {
      error(
          API_CALL_ATTEMPT_TIMEOUT_MS,
          API_CALL_ATTEMPT_TIMEOUT_MS + " must not exceed " + API_CALL_TIMEOUT_MS);
    }
  }

  private Object value(String key) {
    ConfigValue value = values.get(key);
    return value == null ? null : value.value();
  }

  private boolean isSet(String key) {
    Object value = value(key);
    if (value instanceof Password) {
      value = ((Password) value).value();
    }
    return value != null && !String.valueOf(value).isBlank();
  }

  private boolean isEmptyList(String key) {
    Object value = value(key);
    return !(value instanceof List) || ((List<?>) value).isEmpty();
  }

  private boolean bothValid(String a, String b) {
    return value(a) instanceof Number
        && value(b) instanceof Number
        && values.get(a).errorMessages().isEmpty()
        && values.get(b).errorMessages().isEmpty();
  }

  private long asLong(String key) {
    return ((Number) value(key)).longValue();
  }

  private void error(String key, String message) {
    values.get(key).addErrorMessage(message);
  }
}

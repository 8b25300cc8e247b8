package io.github.ecrconnect.ptc.testkit;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who signs requests: static access keys (any is accepted unless one is required), the account each
 * belongs to, and the temporary credentials this server's STS issued. Signatures are never checked;
 * only the access key id and session token are compared.
 */
final class Identities {
  /** Why a caller is refused; each protocol answers it with its own error code. */
  enum Refusal {
    UNKNOWN_KEY,
    INVALID_TOKEN,
    EXPIRED
  }

  static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    final Refusal refusal;

    RefusedException(Refusal refusal) {
      super(refusal.name(), null, false, false);
      this.refusal = refusal;
    }
  }

  /** The authenticated caller. */
  record Principal(String accessKeyId, String account, String arn, String userId) {}

  /** Temporary credentials issued by AssumeRole. */
  record Session(
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      Instant expiration,
      String account,
      String assumedRoleArn,
      String assumedRoleId) {}

  static final Duration DEFAULT_SESSION_DURATION = Duration.ofHours(1);

  private final SecureRandom random = new SecureRandom();
  private final AtomicLong issued = new AtomicLong();
  private final Map<String, String> accounts = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Set<String> deniedRoles = ConcurrentHashMap.newKeySet();
  private final Map<String, String> externalIds = new ConcurrentHashMap<>();
  private volatile String requiredAccessKey;
  private volatile Duration sessionDuration = DEFAULT_SESSION_DURATION;

  void setAccount(String accessKeyId, String account) {
    accounts.put(accessKeyId, account);
  }

  void requireAccessKey(String accessKeyId) {
    requiredAccessKey = accessKeyId;
  }

  void denyRole(String roleArn) {
    deniedRoles.add(roleArn);
  }

  void requireExternalId(String roleArn, String externalId) {
    externalIds.put(roleArn, externalId);
  }

  void setSessionDuration(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a session lasts a positive time, not " + duration);
    }
    sessionDuration = duration;
  }

  /** Forgets every setting and issued session. */
  void reset() {
    accounts.clear();
    sessions.clear();
    deniedRoles.clear();
    externalIds.clear();
    requiredAccessKey = null;
    sessionDuration = DEFAULT_SESSION_DURATION;
  }

  /**
   * The account a key belongs to, authenticated or not: a session's role account or the set one.
   */
  String accountOf(String accessKeyId) {
    if (accessKeyId == null) {
      return FakeEcrServer.DEFAULT_ACCOUNT;
    }
    Session session = sessions.get(accessKeyId);
    if (session != null) {
      return session.account();
    }
    return accounts.getOrDefault(accessKeyId, FakeEcrServer.DEFAULT_ACCOUNT);
  }

  Principal authenticate(String accessKeyId, String sessionToken, Instant now)
      throws RefusedException {
    Session session = sessions.get(accessKeyId);
    if (session != null) {
      if (!session.sessionToken().equals(sessionToken)) {
        throw new RefusedException(Refusal.INVALID_TOKEN);
      }
      if (!now.isBefore(session.expiration())) {
        throw new RefusedException(Refusal.EXPIRED);
      }
      return new Principal(
          accessKeyId, session.account(), session.assumedRoleArn(), session.assumedRoleId());
    }
    String required = requiredAccessKey;
    if (required != null && !required.equals(accessKeyId)) {
      throw new RefusedException(Refusal.UNKNOWN_KEY);
    }
    String account = accountOf(accessKeyId);
    return new Principal(
        accessKeyId, account, "arn:aws:iam::" + account + ":user/fake-user", "AIDAFAKEUSER");
  }

  /** Whether {@code roleArn} refuses to be assumed with {@code externalId} (may be null). */
  boolean refuses(String roleArn, String externalId) {
    if (deniedRoles.contains(roleArn)) {
      return true;
    }
    String required = externalIds.get(roleArn);
    return required != null && !required.equals(externalId);
  }

  Session issue(String account, String roleName, String sessionName, Instant now) {
    long serial = issued.incrementAndGet();
    String roleId = String.format("AROAFAKE%012d", serial);
    Session session =
        new Session(
            String.format("ASIAFAKE%012d", serial),
            randomText(30),
            randomText(96),
            now.plus(sessionDuration),
            account,
            "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName,
            roleId + ":" + sessionName);
    sessions.put(session.accessKeyId(), session);
    return session;
  }

  private String randomText(int bytes) {
    byte[] data = new byte[bytes];
    random.nextBytes(data);
    return Base64.getEncoder().encodeToString(data);
  }
}

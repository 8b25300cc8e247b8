package io.github.ecrconnect.ptc.testkit;

import java.time.Instant;

/**
 * One AssumeRole call as the fake STS received it.
 *
 * @param time arrival, on the server's clock
 * @param callerAccessKeyId the access key that signed the call
 * @param roleArn requested role
 * @param roleSessionName requested session name
 * @param externalId requested external id; null if absent
 * @param durationSeconds requested duration; null if absent (recorded, not honoured)
 * @param issuedAccessKeyId the temporary key handed out; null if the call was refused
 * @param region the region of the call's SigV4 scope: which regional STS endpoint it was meant for
 */
public record RecordedAssumeRole(
    Instant time,
    String callerAccessKeyId,
    String roleArn,
    String roleSessionName,
    String externalId,
    Integer durationSeconds,
    String issuedAccessKeyId,
    String region) {

  public boolean granted() {
    return issuedAccessKeyId != null;
  }
}

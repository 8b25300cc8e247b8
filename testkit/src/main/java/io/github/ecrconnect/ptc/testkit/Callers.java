package io.github.ecrconnect.ptc.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;

/** The authenticated account of a SigV4-signed request, or the error the service would answer. */
final class Callers {
  private Callers() {}

  static String account(HttpExchange exchange, Identities identities, Instant now) throws AwsError {
    SigV4Scope scope = SigV4Scope.parse(exchange.getRequestHeaders().getFirst("Authorization"));
    if (scope == null) {
      throw new AwsError(
          400, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    try {
      return identities
          .authenticate(
              scope.accessKeyId(),
              exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"),
              now)
          .account();
    } catch (Identities.RefusedException e) {
      throw e.refusal == Identities.Refusal.EXPIRED
          ? new AwsError(
              400, "ExpiredTokenException", "The security token included in the request is expired")
          : new AwsError(
              403,
              "UnrecognizedClientException",
              "The security token included in the request is invalid.");
    }
  }
}

package io.github.ecrconnect.ptc.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS's AWS query protocol (form-encoded request, XML answer) for AssumeRole and GetCallerIdentity,
 * enough for {@code StsAssumeRoleCredentialsProvider}.
 */
final class StsProtocol {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final String CONTENT_TYPE = "text/xml";
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  private final Identities identities;
  private final Recordings recordings;
  private final Supplier<Instant> clock;

  StsProtocol(Identities identities, Recordings recordings, Supplier<Instant> clock) {
    this.identities = identities;
    this.recordings = recordings;
    this.clock = clock;
  }

  void handle(HttpExchange exchange) throws IOException {
    Map<String, String> form =
        parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String requestId = Exchanges.newRequestId();
    Instant now = clock.get();
    try {
      String action = form.get("Action");
      if (action == null) {
        throw new AwsError(400, "MissingAction", "Missing Action");
      }
      Identities.Principal caller = authenticate(exchange, now);
      String result;
      switch (action) {
        case "AssumeRole" -> result = assumeRole(form, caller, now, signingRegion(exchange));
        case "GetCallerIdentity" -> result = callerIdentity(caller);
        default ->
            throw new AwsError(
                400,
                "InvalidAction",
                "Could not find operation " + action + " for version 2011-06-15");
      }
      send(exchange, requestId, 200, response(action, result, requestId));
    } catch (AwsError error) {
      send(exchange, requestId, error.status, errorResponse(error, requestId));
    }
  }

  private static String signingRegion(HttpExchange exchange) {
    SigV4Scope scope = SigV4Scope.parse(exchange.getRequestHeaders().getFirst("Authorization"));
    return scope == null ? null : scope.region();
  }

  private Identities.Principal authenticate(HttpExchange exchange, Instant now) throws AwsError {
    SigV4Scope scope = SigV4Scope.parse(exchange.getRequestHeaders().getFirst("Authorization"));
    if (scope == null) {
      throw new AwsError(
          403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }
    try {
      return identities.authenticate(
          scope.accessKeyId(), exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"), now);
    } catch (Identities.RefusedException e) {
      throw e.refusal == Identities.Refusal.EXPIRED
          ? new AwsError(
              400, "ExpiredToken", "The security token included in the request is expired")
          : new AwsError(
              403,
              "InvalidClientTokenId",
              "The security token included in the request is invalid.");
    }
  }

  /** Issues a session for the role, unless it is denied; every call is recorded. */
  private String assumeRole(
      Map<String, String> form, Identities.Principal caller, Instant now, String region)
      throws AwsError {
    String roleArn = form.get("RoleArn");
    String sessionName = form.get("RoleSessionName");
    String externalId = form.get("ExternalId");
    Integer duration = durationSeconds(form.get("DurationSeconds"));
    String issued = null;
    try {
      Matcher role = roleArn == null ? null : ROLE_ARN.matcher(roleArn);
      if (role == null || !role.matches()) {
        throw validationError("roleArn", "must be an IAM role ARN");
      }
      if (sessionName == null || !SESSION_NAME.matcher(sessionName).matches()) {
        throw validationError(
            "roleSessionName", "Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}");
      }
      if (identities.refuses(roleArn, externalId)) {
        throw new AwsError(
            403,
            "AccessDenied",
            "User: "
                + caller.arn()
                + " is not authorized to perform: sts:AssumeRole on resource: "
                + roleArn);
      }
      Identities.Session session = identities.issue(role.group(1), role.group(2), sessionName, now);
      issued = session.accessKeyId();
      return "<AssumedRoleUser><AssumedRoleId>"
          + xml(session.assumedRoleId())
          + "</AssumedRoleId><Arn>"
          + xml(session.assumedRoleArn())
          + "</Arn></AssumedRoleUser>"
          + "<Credentials><AccessKeyId>"
          + session.accessKeyId()
          + "</AccessKeyId>"
          + "<SecretAccessKey>"
          + session.secretAccessKey()
          + "</SecretAccessKey>"
          + "<SessionToken>"
          + session.sessionToken()
          + "</SessionToken>"
          + "<Expiration>"
          + session.expiration().truncatedTo(ChronoUnit.SECONDS)
          + "</Expiration></Credentials>";
    } finally {
      recordings.add(
          new RecordedAssumeRole(
              now,
              caller.accessKeyId(),
              roleArn,
              sessionName,
              externalId,
              duration,
              issued,
              region));
    }
  }

  private static String callerIdentity(Identities.Principal caller) {
    return "<Arn>"
        + xml(caller.arn())
        + "</Arn><UserId>"
        + xml(caller.userId())
        + "</UserId>"
        + "<Account>"
        + caller.account()
        + "</Account>";
  }

  private static Integer durationSeconds(String text) throws AwsError {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      throw validationError("durationSeconds", "Member must be a number");
    }
  }

  private static AwsError validationError(String member, String constraint) {
    return new AwsError(
        400,
        "ValidationError",
        "1 validation error detected: Value at '"
            + member
            + "' failed to satisfy constraint: "
            + constraint);
  }

  private static String response(String action, String result, String requestId) {
    return "<"
        + action
        + "Response xmlns=\""
        + NAMESPACE
        + "\">"
        + "<"
        + action
        + "Result>"
        + result
        + "</"
        + action
        + "Result>"
        + "<ResponseMetadata><RequestId>"
        + requestId
        + "</RequestId></ResponseMetadata>"
        + "</"
        + action
        + "Response>";
  }

  private static String errorResponse(AwsError error, String requestId) {
    return "<ErrorResponse xmlns=\""
        + NAMESPACE
        + "\"><Error>"
        + "<Type>"
        + (error.status >= 500 ? "Receiver" : "Sender")
        + "</Type>"
        + "<Code>"
        + xml(error.code)
        + "</Code>"
        + "<Message>"
        + xml(error.getMessage())
        + "</Message>"
        + "</Error><RequestId>"
        + requestId
        + "</RequestId></ErrorResponse>";
  }

  private static void send(HttpExchange exchange, String requestId, int status, String xml)
      throws IOException {
    Exchanges.send(exchange, requestId, status, CONTENT_TYPE, xml.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      form.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return form;
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

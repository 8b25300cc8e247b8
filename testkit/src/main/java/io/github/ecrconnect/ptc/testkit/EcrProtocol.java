package io.github.ecrconnect.ptc.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Amazon ECR's AWS JSON 1.1 protocol, for the one operation the connector calls. */
final class EcrProtocol {
  private static final String DESCRIBE_TARGET =
      "AmazonEC2ContainerRegistry_V20150921.DescribePullThroughCacheRules";
  private static final int DEFAULT_MAX_RESULTS = 100;
  private static final int MAX_MAX_RESULTS = 1000;

  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final Pattern REGISTRY_ID = Pattern.compile("[0-9]{12}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RuleStore rules;
  private final FaultQueue faults;
  private final Identities identities;
  private final Recordings recordings;
  private final Supplier<Instant> clock;

  EcrProtocol(
      RuleStore rules,
      FaultQueue faults,
      Identities identities,
      Recordings recordings,
      Supplier<Instant> clock) {
    this.rules = rules;
    this.faults = faults;
    this.identities = identities;
    this.recordings = recordings;
    this.clock = clock;
  }

  void handle(HttpExchange exchange, String target) throws IOException, InterruptedException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String requestId = Exchanges.newRequestId();
    try {
      if (!DESCRIBE_TARGET.equals(target)) {
        throw new AwsError(400, "UnknownOperationException", "Unknown operation " + target);
      }
      describe(exchange, requestId, DescribeRequest.parse(body));
    } catch (AwsError error) {
      sendError(exchange, requestId, error);
    }
  }

  static void sendError(HttpExchange exchange, String requestId, AwsError error)
      throws IOException {
    ObjectNode json = JSON.createObjectNode().put("__type", error.code);
    if (error.getMessage() != null) {
      json.put("message", error.getMessage());
    }
    exchange.getResponseHeaders().set("x-amzn-ErrorType", error.code);
    Exchanges.send(exchange, requestId, error.status, CONTENT_TYPE, JSON.writeValueAsBytes(json));
  }

  /** Records the call, then answers it: a refusal, a fault, or the page. */
  private void describe(HttpExchange exchange, String requestId, DescribeRequest request)
      throws AwsError, IOException, InterruptedException {
    Instant arrival = clock.get();
    SigV4Scope scope = SigV4Scope.parse(exchange.getRequestHeaders().getFirst("Authorization"));
    String accessKeyId = scope == null ? null : scope.accessKeyId();
    String region = scope == null ? null : scope.region();
    String registryId =
        request.registryId() != null ? request.registryId() : identities.accountOf(accessKeyId);
    PageToken token = request.nextToken() == null ? null : PageToken.decode(request.nextToken());
    int page = request.nextToken() == null ? 1 : token == null ? 0 : token.page();

    AwsError refusal = refusal(exchange, scope, arrival, request, token);
    Fault fault = refusal == null ? faults.take(region, registryId, page) : null;
    recordings.add(
        new RecordedRequest(
            arrival,
            region,
            registryId,
            accessKeyId,
            request.maxResults(),
            request.nextToken() != null,
            page,
            request.prefixes(),
            fault));
    if (refusal != null) {
      throw refusal;
    }
    if (fault == null) {
      sendPage(exchange, requestId, page(region, registryId, request, token, page, null));
      return;
    }
    switch (fault.kind()) {
      case ERROR -> throw new AwsError(fault.status(), fault.code(), fault.message());
      case SERVICE_UNAVAILABLE ->
          Exchanges.send(
              exchange,
              requestId,
              503,
              "text/html",
              "<html><body><h1>503 Service Unavailable</h1></body></html>"
                  .getBytes(StandardCharsets.UTF_8));
      case MALFORMED_JSON ->
          Exchanges.send(
              exchange,
              requestId,
              200,
              CONTENT_TYPE,
              "{\"pullThroughCacheRules\":[{\"ecrRepositoryPrefix\":\"rule-,]}"
                  .getBytes(StandardCharsets.UTF_8));
      case TRUNCATED_BODY ->
          sendTruncated(exchange, requestId, page(region, registryId, request, token, page, null));
      case DELAY -> {
        Thread.sleep(fault.delay().toMillis());
        sendPage(exchange, requestId, page(region, registryId, request, token, page, null));
      }
      case HOLD -> {
        faults.awaitDisarmed(fault);
        sendPage(exchange, requestId, page(region, registryId, request, token, page, null));
      }
      case NEXT_TOKEN_LOOP, DUPLICATE_ACROSS_PAGES ->
          sendPage(exchange, requestId, page(region, registryId, request, token, page, fault));
    }
  }

  /** Why the service would refuse this request before looking at any rule, or null. */
  private AwsError refusal(
      HttpExchange exchange,
      SigV4Scope scope,
      Instant now,
      DescribeRequest request,
      PageToken token) {
    if (scope == null) {
      return new AwsError(
          400, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    String sessionToken = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
    try {
      identities.authenticate(scope.accessKeyId(), sessionToken, now);
    } catch (Identities.RefusedException e) {
      return e.refusal == Identities.Refusal.EXPIRED
          ? new AwsError(
              400, "ExpiredTokenException", "The security token included in the request is expired")
          : new AwsError(
              400,
              "UnrecognizedClientException",
              "The security token included in the request is invalid.");
    }
    if (request.registryId() != null && !REGISTRY_ID.matcher(request.registryId()).matches()) {
      return invalidParameter(
          "registryId", "must satisfy regular expression pattern: " + REGISTRY_ID);
    }
    Integer maxResults = request.maxResults();
    if (maxResults != null && (maxResults < 1 || maxResults > MAX_MAX_RESULTS)) {
      return invalidParameter(
          "maxResults",
          maxResults < 1
              ? "Member must have value greater than or equal to 1"
              : "Member must have value less than or equal to " + MAX_MAX_RESULTS);
    }
    // The API documents both as not usable with ecrRepositoryPrefixes.
    if (!request.prefixes().isEmpty() && (maxResults != null || request.nextToken() != null)) {
      return invalidParameter(
          "ecrRepositoryPrefixes", "cannot be used together with maxResults or nextToken");
    }
    if (request.nextToken() != null && token == null) {
      return invalidParameter("nextToken", "Invalid NextToken");
    }
    return null;
  }

  private static AwsError invalidParameter(String parameter, String constraint) {
    return new AwsError(
        400,
        "InvalidParameterException",
        "Invalid parameter at '"
            + parameter
            + "' failed to satisfy constraint: '"
            + constraint
            + "'");
  }

  /** The page's JSON; a nextToken-loop or duplicate fault bends its nextToken. */
  private ObjectNode page(
      String region,
      String registryId,
      DescribeRequest request,
      PageToken token,
      int page,
      Fault fault)
      throws AwsError {
    if (!request.prefixes().isEmpty()) {
      Map<String, FakeRule> found = rules.find(region, registryId, request.prefixes());
      for (String prefix : request.prefixes()) {
        if (!found.containsKey(prefix)) {
          throw new AwsError(
              400,
              "PullThroughCacheRuleNotFoundException",
              "The pull through cache rule with prefix '"
                  + prefix
                  + "' does not exist in the registry with id '"
                  + registryId
                  + "'");
        }
      }
      return pageJson(found.values(), null);
    }
    int offset = token == null ? 0 : token.offset();
    int limit = request.maxResults() == null ? DEFAULT_MAX_RESULTS : request.maxResults();
    RuleStore.Slice slice = rules.slice(region, registryId, offset, limit);
    String nextToken = slice.more() ? new PageToken(offset + limit, page + 1).encode() : null;
    if (fault != null && fault.kind() == Fault.Kind.NEXT_TOKEN_LOOP) {
      nextToken =
          request.nextToken() != null
              ? request.nextToken()
              : new PageToken(offset + limit, page + 1).encode();
    } else if (fault != null
        && fault.kind() == Fault.Kind.DUPLICATE_ACROSS_PAGES
        && slice.more()
        && limit > 1) {
      nextToken = new PageToken(offset + limit - 1, page + 1).encode();
    }
    return pageJson(slice.rules(), nextToken);
  }

  private static ObjectNode pageJson(Collection<FakeRule> page, String nextToken) {
    ObjectNode json = JSON.createObjectNode();
    ArrayNode array = json.putArray("pullThroughCacheRules");
    for (FakeRule rule : page) {
      ObjectNode item = array.addObject();
      putIfSet(item, "ecrRepositoryPrefix", rule.ecrRepositoryPrefix());
      putIfSet(item, "upstreamRegistryUrl", rule.upstreamRegistryUrl());
      putIfSet(item, "createdAt", rule.createdAt());
      putIfSet(item, "registryId", rule.registryId());
      putIfSet(item, "credentialArn", rule.credentialArn());
      putIfSet(item, "customRoleArn", rule.customRoleArn());
      putIfSet(item, "upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix());
      putIfSet(item, "upstreamRegistry", rule.upstreamRegistry());
      putIfSet(item, "updatedAt", rule.updatedAt());
    }
    putIfSet(json, "nextToken", nextToken);
    return json;
  }

  private static void putIfSet(ObjectNode json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }

  /** Epoch seconds as a double, written like the real service's {@code 1.767225600123E9}. */
  private static void putIfSet(ObjectNode json, String field, Instant value) {
    if (value != null) {
      json.put(field, value.toEpochMilli() / 1000.0);
    }
  }

  private static void sendPage(HttpExchange exchange, String requestId, ObjectNode page)
      throws IOException {
    Exchanges.send(exchange, requestId, 200, CONTENT_TYPE, JSON.writeValueAsBytes(page));
  }

  /** Announces the whole page, sends half; closing the short stream drops the connection. */
  private static void sendTruncated(HttpExchange exchange, String requestId, ObjectNode page)
      throws IOException {
    byte[] body = JSON.writeValueAsBytes(page);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.sendResponseHeaders(200, body.length);
    OutputStream out = exchange.getResponseBody();
    out.write(body, 0, body.length / 2);
    out.flush();
    exchange.close();
  }

  /** The request's members; a member of the wrong JSON type is a SerializationException. */
  private record DescribeRequest(
      String registryId, List<String> prefixes, String nextToken, Integer maxResults) {

    static DescribeRequest parse(byte[] body) throws AwsError {
      JsonNode json;
      try {
        json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw serialization("The request body is not valid JSON");
      }
      if (json == null || !json.isObject()) {
        throw serialization("The request body is not a JSON object");
      }
      return new DescribeRequest(
          text(json, "registryId"),
          texts(json, "ecrRepositoryPrefixes"),
          text(json, "nextToken"),
          integer(json, "maxResults"));
    }

    private static String text(JsonNode json, String field) throws AwsError {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        throw serialization(field + " must be a string");
      }
      return value.asText();
    }

    private static List<String> texts(JsonNode json, String field) throws AwsError {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        throw serialization(field + " must be a list");
      }
      List<String> texts = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          throw serialization(field + " must be a list of strings");
        }
        texts.add(item.asText());
      }
      return List.copyOf(texts);
    }

    private static Integer integer(JsonNode json, String field) throws AwsError {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw serialization(field + " must be an integer");
      }
      return value.asInt();
    }

    private static AwsError serialization(String message) {
      return new AwsError(400, "SerializationException", message);
    }
  }
}

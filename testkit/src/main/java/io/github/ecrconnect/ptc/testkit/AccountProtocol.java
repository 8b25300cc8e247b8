package io.github.ecrconnect.ptc.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** AWS Account Management's REST-JSON protocol for {@code POST /listRegions}. */
final class AccountProtocol {
  static final String LIST_REGIONS_PATH = "/listRegions";
  private static final String CONTENT_TYPE = "application/json";
  private static final int DEFAULT_MAX_RESULTS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeOrganization organization;
  private final Identities identities;
  private final Supplier<Instant> clock;

  AccountProtocol(FakeOrganization organization, Identities identities, Supplier<Instant> clock) {
    this.organization = organization;
    this.identities = identities;
    this.clock = clock;
  }

  void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String requestId = Exchanges.newRequestId();
    try {
      String caller = Callers.account(exchange, identities, clock.get());
      JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      String accountId = request.hasNonNull("AccountId") ? request.get("AccountId").asText() : null;
      int maxResults =
          request.hasNonNull("MaxResults")
              ? request.get("MaxResults").asInt()
              : DEFAULT_MAX_RESULTS;
      if (maxResults < 1 || maxResults > 50) {
        throw new AwsError(400, "ValidationException", "MaxResults must be 1 to 50");
      }
      Set<String> wanted = new HashSet<>();
      if (request.has("RegionOptStatusContains")) {
        request.get("RegionOptStatusContains").forEach(status -> wanted.add(status.asText()));
      }
      int offset = 0;
      if (request.hasNonNull("NextToken")) {
        try {
          offset =
              Integer.parseInt(request.get("NextToken").asText().substring("regions-".length()));
        } catch (RuntimeException e) {
          throw new AwsError(400, "ValidationException", "Invalid NextToken");
        }
      }
      List<Map.Entry<String, String>> regions = new ArrayList<>();
      for (Map.Entry<String, String> region :
          organization.regionsOf(caller, accountId).entrySet()) {
        if (wanted.isEmpty() || wanted.contains(region.getValue())) {
          regions.add(region);
        }
      }
      ObjectNode json = JSON.createObjectNode();
      ArrayNode array = json.putArray("Regions");
      int end = Math.min(regions.size(), offset + maxResults);
      for (Map.Entry<String, String> region : regions.subList(Math.min(offset, end), end)) {
        array
            .addObject()
            .put("RegionName", region.getKey())
            .put("RegionOptStatus", region.getValue());
      }
      if (end < regions.size()) {
        json.put("NextToken", "regions-" + end);
      }
      Exchanges.send(exchange, requestId, 200, CONTENT_TYPE, JSON.writeValueAsBytes(json));
    } catch (AwsError error) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", error.code);
      ObjectNode json = JSON.createObjectNode().put("message", error.getMessage());
      Exchanges.send(exchange, requestId, error.status, CONTENT_TYPE, JSON.writeValueAsBytes(json));
    }
  }
}

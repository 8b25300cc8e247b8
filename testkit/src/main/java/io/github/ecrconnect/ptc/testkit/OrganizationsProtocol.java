package io.github.ecrconnect.ptc.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** AWS Organizations' JSON 1.1 protocol for ListAccounts, paged like the service (at most 20). */
final class OrganizationsProtocol {
  static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final int MAX_RESULTS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeOrganization organization;
  private final Identities identities;
  private final Supplier<Instant> clock;

  OrganizationsProtocol(
      FakeOrganization organization, Identities identities, Supplier<Instant> clock) {
    this.organization = organization;
    this.identities = identities;
    this.clock = clock;
  }

  void handle(HttpExchange exchange, String target) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String requestId = Exchanges.newRequestId();
    try {
      if (!(TARGET_PREFIX + "ListAccounts").equals(target)) {
        throw new AwsError(400, "UnknownOperationException", "Unknown operation " + target);
      }
      String caller = Callers.account(exchange, identities, clock.get());
      JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      int maxResults =
          request.hasNonNull("MaxResults") ? request.get("MaxResults").asInt() : MAX_RESULTS;
      if (maxResults < 1 || maxResults > MAX_RESULTS) {
        throw new AwsError(400, "InvalidInputException", "MaxResults must be 1 to 20");
      }
      int offset = request.hasNonNull("NextToken") ? offset(request.get("NextToken").asText()) : 0;
      List<Map.Entry<String, String>> accounts =
          new ArrayList<>(organization.accountsFor(caller).entrySet());
      ObjectNode json = JSON.createObjectNode();
      ArrayNode array = json.putArray("Accounts");
      int end = Math.min(accounts.size(), offset + maxResults);
      for (Map.Entry<String, String> account : accounts.subList(Math.min(offset, end), end)) {
        String id = account.getKey();
        array
            .addObject()
            .put("Id", id)
            .put("Arn", "arn:aws:organizations::" + id + ":account/o-fake/" + id)
            .put("Name", "account-" + id)
            .put("Email", id + "@example.com")
            .put("State", account.getValue())
            .put("Status", status(account.getValue()))
            .put("JoinedMethod", "CREATED")
            .put("JoinedTimestamp", 1.7e9);
      }
      if (end < accounts.size()) {
        json.put("NextToken", "accounts-" + end);
      }
      Exchanges.send(exchange, requestId, 200, CONTENT_TYPE, JSON.writeValueAsBytes(json));
    } catch (AwsError error) {
      ObjectNode json =
          JSON.createObjectNode().put("__type", error.code).put("Message", error.getMessage());
      Exchanges.send(exchange, requestId, error.status, CONTENT_TYPE, JSON.writeValueAsBytes(json));
    }
  }

  /** The deprecated Status field knows only ACTIVE, SUSPENDED and PENDING_CLOSURE. */
  private static String status(String state) {
    return state.equals("ACTIVE") || state.equals("PENDING_CLOSURE") ? state : "SUSPENDED";
  }

  private static int offset(String token) throws AwsError {
    try {
      return Integer.parseInt(token.substring("accounts-".length()));
    } catch (RuntimeException e) {
      throw new AwsError(400, "InvalidInputException", "Invalid NextToken");
    }
  }
}

package io.github.ecrconnect.ptc.quickstart;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrconnect.ptc.aws.AwsNames;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rules file of the local endpoint ({@code config/quickstart-rules.json}): an object whose keys
 * are regions and whose values are lists of rules, each with the fields of the API's
 * PullThroughCacheRule that a user sets. The endpoint fills registryId (the caller's account),
 * createdAt and updatedAt.
 *
 * <pre>{@code
 * {"us-east-1": [{"ecrRepositoryPrefix": "quay", "upstreamRegistryUrl": "quay.io",
 *                 "upstreamRegistry": "quay"}]}
 * }</pre>
 */
final class RulesFile {
  static final List<String> FIELDS =
      List.of(
          "ecrRepositoryPrefix",
          "upstreamRegistryUrl",
          "upstreamRegistry",
          "upstreamRepositoryPrefix",
          "credentialArn",
          "customRoleArn");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private RulesFile() {}

  /** Thrown with a message that names the place in the file and what is wrong there. */
  static final class InvalidRulesException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidRulesException(String message) {
      super(message);
    }
  }

  /** The rules by region, regions sorted; a region may hold no rules. */
  static SortedMap<String, List<FakeRule>> parse(String json) throws InvalidRulesException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidRulesException("not valid JSON" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRulesException(
          "expected an object of regions, e.g. {\"us-east-1\": [{\"ecrRepositoryPrefix\": ...}]}");
    }
    SortedMap<String, List<FakeRule>> regions = new TreeMap<>();
    for (Map.Entry<String, JsonNode> region : root.properties()) {
      regions.put(region.getKey(), rules(region.getKey(), region.getValue()));
    }
    return Collections.unmodifiableSortedMap(regions);
  }

  private static List<FakeRule> rules(String region, JsonNode list) throws InvalidRulesException {
    if (!AwsNames.isKnownRegion(region)) {
      throw new InvalidRulesException(
          "\"" + region + "\" is not an AWS region id; use ids such as us-east-1 or eu-west-1");
    }
    if (!list.isArray()) {
      throw new InvalidRulesException(region + ": expected a list of rules [ {...}, ... ]");
    }
    List<FakeRule> rules = new ArrayList<>();
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      FakeRule rule = rule(region + "[" + i + "]", list.get(i));
      if (!prefixes.add(rule.ecrRepositoryPrefix())) {
        throw new InvalidRulesException(
            region
                + "["
                + i
                + "]: a second rule for prefix \""
                + rule.ecrRepositoryPrefix()
                + "\"; a prefix has one rule per region");
      }
      rules.add(rule);
    }
    return List.copyOf(rules);
  }

  private static FakeRule rule(String where, JsonNode node) throws InvalidRulesException {
    if (!node.isObject()) {
      throw new InvalidRulesException(
          where + ": expected a rule object {\"ecrRepositoryPrefix\": ...}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidRulesException(
            where
                + ": unknown field \""
                + name
                + "\"; the fields are "
                + String.join(", ", FIELDS)
                + " (the endpoint sets registryId, createdAt and updatedAt)");
      }
    }
    String prefix = text(where, node, "ecrRepositoryPrefix");
    if (prefix == null || prefix.isBlank()) {
      throw new InvalidRulesException(where + ": ecrRepositoryPrefix is required");
    }
    return FakeRule.builder()
        .ecrRepositoryPrefix(prefix)
        .upstreamRegistryUrl(text(where, node, "upstreamRegistryUrl"))
        .upstreamRegistry(text(where, node, "upstreamRegistry"))
        .upstreamRepositoryPrefix(text(where, node, "upstreamRepositoryPrefix"))
        .credentialArn(text(where, node, "credentialArn"))
        .customRoleArn(text(where, node, "customRoleArn"))
        .build();
  }

  private static String text(String where, JsonNode rule, String field)
      throws InvalidRulesException {
    JsonNode value = rule.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidRulesException(where + ": " + field + " must be a string");
    }
    return value.asText();
  }
}

package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring examples name only metrics that exist: the Prometheus JMX exporter rules match the
 * attributes of the task's and the discovery's MBeans (as the exporter matches them), and the
 * Grafana dashboard charts only series those rules produce.
 */
class MonitoringExamplesTest {
  private static final Path RULES = Path.of("docs/monitoring/jmx-exporter-rules.yml");
  private static final Path DASHBOARD = Path.of("docs/monitoring/grafana-dashboard.json");
  private static final Pattern SERIES = Pattern.compile("\\becr_ptc_\\w+");

  @Test
  void everyAttributeOfTheMBeanIsATaskMetricAndViceVersa() {
    Set<String> attributes =
        Arrays.stream(EcrSourceTaskMetricsMXBean.class.getMethods())
            .map(Method::getName)
            .filter(name -> name.startsWith("get"))
            .map(name -> name.substring(3))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> listed =
        TaskMetric.ALL.stream()
            .map(MetricDefinition::jmxAttribute)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(listed).isEqualTo(attributes);
    assertThat(TaskMetric.ALL.stream().map(MetricDefinition::connectName))
        .allMatch(name -> name.matches("[a-z]+(-[a-z]+)*"))
        .doesNotHaveDuplicates();
  }

  @Test
  void everyAttributeOfTheDiscoveryMBeanIsADiscoveryMetricAndViceVersa() {
    Set<String> attributes =
        Arrays.stream(EcrSourceDiscoveryMetricsMXBean.class.getMethods())
            .map(Method::getName)
            .filter(name -> name.startsWith("get"))
            .map(name -> name.substring(3))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> listed =
        DiscoveryMetric.ALL.stream()
            .map(MetricDefinition::jmxAttribute)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(listed).isEqualTo(attributes);
    Set<String> taskNames =
        TaskMetric.ALL.stream().map(MetricDefinition::connectName).collect(Collectors.toSet());
    assertThat(DiscoveryMetric.ALL.stream().map(MetricDefinition::connectName))
        .allMatch(name -> name.matches("[a-z]+(-[a-z]+)*"))
        .doesNotHaveDuplicates()
        .noneMatch(taskNames::contains);
  }

  @Test
  void eachAttributeMatchesExactlyOneExporterRuleNamedAfterIt() throws IOException {
    List<Map<String, Object>> rules = rules();
    for (MetricDefinition<?> metric : TaskMetric.ALL) {
      assertOneRule(
          rules,
          "<type=task-metrics, connector=my-connector, task=3><>" + metric.jmxAttribute(),
          metric.connectName(),
          Map.of("connector", "my-connector", "task", "3"));
    }
    for (MetricDefinition<?> metric : DiscoveryMetric.ALL) {
      assertOneRule(
          rules,
          "<type=discovery-metrics, connector=my-connector><>" + metric.jmxAttribute(),
          metric.connectName(),
          Map.of("connector", "my-connector"));
    }
    assertThat(rules).hasSize(TaskMetric.ALL.size() + DiscoveryMetric.ALL.size());
  }

  private static void assertOneRule(
      List<Map<String, Object>> rules,
      String beanAndAttribute,
      String connectName,
      Map<String, String> labels) {
    String bean = TaskMetrics.DOMAIN + beanAndAttribute + ": 1";
    List<Map<String, Object>> matching = new ArrayList<>();
    for (Map<String, Object> rule : rules) {
      // The exporter's patterns are unanchored: it wraps them so, and matches bean<>attr: value.
      Matcher matcher = Pattern.compile("^.*(?:" + rule.get("pattern") + ").*$").matcher(bean);
      if (matcher.matches()) {
        matching.add(rule);
        assertThat(labels(rule, matcher)).isEqualTo(labels);
      }
    }
    assertThat(matching).as("rules matching %s", beanAndAttribute).hasSize(1);
    assertThat(matching.get(0).get("name")).isEqualTo("ecr_ptc_" + connectName.replace('-', '_'));
  }

  @Test
  void theDashboardChartsOnlySeriesTheRulesProduce() throws IOException {
    Set<String> produced =
        rules().stream().map(rule -> (String) rule.get("name")).collect(Collectors.toSet());
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    Set<String> used = new TreeSet<>();
    List<String> queries = new ArrayList<>();
    dashboard.findValues("expr").forEach(node -> queries.add(node.asText()));
    dashboard.findValues("query").forEach(node -> queries.add(node.asText()));
    for (String query : queries) {
      Matcher matcher = SERIES.matcher(query);
      while (matcher.find()) {
        used.add(matcher.group());
      }
    }
    assertThat(dashboard.findValues("expr")).as("panel queries").hasSizeGreaterThan(5);
    assertThat(produced).containsAll(used);
    assertThat(used)
        .as("the dashboard's alerts of docs: staleness and failures")
        .contains(
            "ecr_ptc_ms_since_last_successful_poll",
            "ecr_ptc_registries_failing",
            "ecr_ptc_ms_since_last_successful_discovery",
            "ecr_ptc_accounts_failing");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules() throws IOException {
    try (Reader reader = Files.newBufferedReader(RULES)) {
      Map<String, Object> config = new Yaml().load(reader);
      return (List<Map<String, Object>>) config.get("rules");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> labels(Map<String, Object> rule, Matcher matcher) {
    Map<String, String> labels = new java.util.TreeMap<>();
    ((Map<String, String>) rule.get("labels"))
        .forEach(
            (label, value) ->
                labels.put(
                    label,
                    matcher.groupCount() < 2
                        ? value.replace("$1", matcher.group(1))
                        : value.replace("$1", matcher.group(1)).replace("$2", matcher.group(2))));
    return labels;
  }
}

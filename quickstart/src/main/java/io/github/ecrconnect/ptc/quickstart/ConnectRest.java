package io.github.ecrconnect.ptc.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The few calls of the Connect REST API that ./run makes. */
final class ConnectRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  ConnectRest(String base) {
    this.base = base;
  }

  /** One connector's state and its tasks' states, with the trace of the first failed one. */
  record Status(String connector, List<String> tasks, String failure) {
    boolean running() {
      return "RUNNING".equals(connector)
          && !tasks.isEmpty()
          && tasks.stream().allMatch("RUNNING"::equals);
    }

    boolean failed() {
      return failure != null;
    }

    @Override
    public String toString() {
      return "connector " + connector + ", tasks " + (tasks.isEmpty() ? "(none yet)" : tasks);
    }
  }

  /** An answer of the API: the status code and the body. */
  record Answer(int code, String body) {
    /** The "message" of an error body, or the body. */
    String message() {
      try {
        JsonNode node = JSON.readTree(body);
        return node.hasNonNull("message") ? node.get("message").asText() : body;
      } catch (IOException e) {
        return body;
      }
    }
  }

  /** True when the REST API answers (the worker has started its REST server). */
  boolean isUp() {
    try {
      return get("/").code() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Creates or replaces the connector; the answer tells whether the worker took it. */
  Answer putConnector(String name, Map<String, String> config)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/connectors/" + name + "/config"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
            .build());
  }

  /** The status, or null while the worker does not know the connector yet. */
  Status status(String name) throws IOException, InterruptedException {
    Answer answer = get("/connectors/" + name + "/status");
    if (answer.code() == 404) {
      return null;
    }
    if (answer.code() != 200) {
      throw new IOException("GET status answered " + answer.code() + ": " + answer.message());
    }
    JsonNode node = JSON.readTree(answer.body());
    String failure = null;
    if ("FAILED".equals(node.path("connector").path("state").asText())) {
      failure = "connector: " + node.path("connector").path("trace").asText("");
    }
    List<String> tasks = new ArrayList<>();
    for (JsonNode task : node.path("tasks")) {
      String state = task.path("state").asText();
      tasks.add(state);
      if (failure == null && "FAILED".equals(state)) {
        failure = "task " + task.path("id").asInt() + ": " + task.path("trace").asText("");
      }
    }
    return new Status(node.path("connector").path("state").asText(), tasks, failure);
  }

  private Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build());
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }
}

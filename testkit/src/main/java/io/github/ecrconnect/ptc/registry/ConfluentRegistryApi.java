package io.github.ecrconnect.ptc.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The few calls of Confluent Schema Registry's REST API that a consumer and an operator make
 * (Apicurio serves it under /apis/ccompat/v7; Confluent and Karapace at their root). Plain HTTP and
 * JSON, so what it reads depends on no converter or serde.
 */
public final class ConfluentRegistryApi {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ConfluentRegistryApi(URI base) {
    this.base = base;
  }

  /** A registry's answer: the HTTP status and the body as received. */
  public record Response(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
      }
    }
  }

  /** One version of a subject: its version number, the global schema id, the schema. */
  public record SubjectVersion(String subject, int version, int id, Schema schema) {}

  public List<String> subjects() throws IOException {
    return JSON.convertValue(ok(get("/subjects")).json(), new TypeReference<List<String>>() {});
  }

  /** {@code version} is a number or "latest". */
  public SubjectVersion version(String subject, String version) throws IOException {
    JsonNode node = ok(get("/subjects/" + encode(subject) + "/versions/" + version)).json();
    return new SubjectVersion(
        node.path("subject").asText(),
        node.path("version").asInt(),
        node.path("id").asInt(),
        parse(node.path("schema").asText()));
  }

  /** The schema a record's 4-byte id names: what a consumer needs to decode it. */
  public Schema schemaById(int id) throws IOException {
    return parse(ok(get("/schemas/ids/" + id)).json().path("schema").asText());
  }

  /** PUT /config/{subject}: NONE, BACKWARD, FORWARD, FULL (and their _TRANSITIVE forms). */
  public Response setCompatibility(String subject, String level) throws IOException {
    return send(
        HttpRequest.newBuilder(uri("/config/" + encode(subject)))
            .header("Content-Type", CONTENT_TYPE)
            .PUT(body(Map.of("compatibility", level))));
  }

  /** POST /subjects/{subject}/versions: 200 with the id; 409 if the compatibility rule refuses. */
  public Response register(String subject, Schema schema) throws IOException {
    return send(
        HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions"))
            .header("Content-Type", CONTENT_TYPE)
            .POST(body(Map.of("schema", schema.toString()))));
  }

  private Response get(String path) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private Response send(HttpRequest.Builder request) throws IOException {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).header("Accept", CONTENT_TYPE).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted calling " + base, e);
    }
  }

  private static Response ok(Response response) throws IOException {
    if (response.status() != 200) {
      throw new IOException("registry answered " + response.status() + ": " + response.body());
    }
    return response;
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static HttpRequest.BodyPublisher body(Map<String, String> fields) throws IOException {
    return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(fields));
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }
}

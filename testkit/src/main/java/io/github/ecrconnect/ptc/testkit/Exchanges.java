package io.github.ecrconnect.ptc.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

/** Writing answers the way AWS front ends do: a request id on every response. */
final class Exchanges {
  private Exchanges() {}

  static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  static void send(
      HttpExchange exchange, String requestId, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}

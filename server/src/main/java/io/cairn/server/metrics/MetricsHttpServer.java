package io.cairn.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.server.health.Readiness;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's plain-HTTP endpoint: {@code GET /metrics} (Prometheus text), {@code /livez} (200 while
 * the process serves) and {@code /readyz} (200 when ready, else 503 with the reason).
 */
public final class MetricsHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);

  private final String id;
  private final HttpServer http;
  private final ExecutorService executor;

  private MetricsHttpServer(String id, HttpServer http, ExecutorService executor) {
    this.id = id;
    this.http = http;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static MetricsHttpServer start(
      String id, String host, int port, NodeMetrics metrics, Supplier<Readiness> readiness) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "node " + id + " cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(),
          e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-" + id + "-metrics-http");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(executor);
    http.createContext(
        "/metrics", ex -> answer(id, ex, 200, MetricsText.CONTENT_TYPE, metrics.scrape()));
    http.createContext("/livez", ex -> answer(id, ex, 200, "text/plain; charset=utf-8", "ok\n"));
    http.createContext(
        "/readyz",
        ex -> {
          Readiness r = readiness.get();
          answer(id, ex, r.ready() ? 200 : 503, "text/plain; charset=utf-8", r.reason() + "\n");
        });
    http.start();
    LOG.info("[{}] metrics and health on http://{}:{}/", id, host, http.getAddress().getPort());
    return new MetricsHttpServer(id, http, executor);
  }

  /** The bound port. */
  public int port() {
    return http.getAddress().getPort();
  }

  private static void answer(String id, HttpExchange ex, int code, String type, String body)
      throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(code, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(bytes);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("[{}] HTTP {} failed: {}", id, ex.getRequestURI(), e.toString());
      throw e;
    }
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    LOG.debug("[{}] metrics endpoint stopped", id);
  }
}

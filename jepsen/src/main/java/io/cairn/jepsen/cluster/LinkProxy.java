package io.cairn.jepsen.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy for one directed link: every connection accepted on {@code listen} is one that {@code
 * src} opened to {@code dst}, forwarded to {@code dst}'s real address. Either direction can be
 * held: bytes already read in a held direction wait in the proxy (and further ones in the kernel
 * buffers behind it) until the direction opens again, so a cut delays bytes like a silent drop with
 * TCP retransmission does, and never loses or reorders any. Thread per accept loop and per
 * direction of each connection.
 */
final class LinkProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LinkProxy.class);

  private final String name;
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger opened = new AtomicInteger();
  private final Object gate = new Object();
  private boolean requestsHeld; // src to dst; guarded by gate
  private boolean repliesHeld; // dst to src; guarded by gate
  private int holding; // pumps waiting with bytes in hand; guarded by gate
  private volatile boolean closed;

  /**
   * Binds {@code listen} at once (an {@link IOException} if it is taken) and starts accepting.
   *
   * @param name for logs and thread names, e.g. {@code n1->n2}
   */
  LinkProxy(String name, InetSocketAddress listen, InetSocketAddress target) throws IOException {
    this.name = name;
    this.target = target;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    try {
      server.bind(listen, 50);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    Thread t = new Thread(this::acceptLoop, "proxy-accept-" + name);
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Holds (true) or passes (false) each direction; passing releases what was held, in order. */
  void hold(boolean requests, boolean replies) {
    synchronized (gate) {
      requestsHeld = requests;
      repliesHeld = replies;
      gate.notifyAll();
    }
  }

  /** How many directions of open connections are waiting with bytes they may not pass yet. */
  int holding() {
    synchronized (gate) {
      return holding;
    }
  }

  /** Connections accepted so far. */
  int connectionsOpened() {
    return opened.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("[{}] proxy accept failed: {}", name, e.toString());
        }
        return;
      }
      opened.incrementAndGet();
      Socket out = new Socket();
      try {
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
        out.connect(target, 5_000);
      } catch (IOException e) {
        // the destination is down: the caller sees the connection end, as it would a refusal
        closeQuietly(in);
        closeQuietly(out);
        continue;
      }
      sockets.add(in);
      sockets.add(out);
      if (closed) {
        closeQuietly(in);
        closeQuietly(out);
        return;
      }
      AtomicInteger done = new AtomicInteger();
      pump(in, out, true, done);
      pump(out, in, false, done);
    }
  }

  private void pump(Socket from, Socket to, boolean request, AtomicInteger done) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try {
                InputStream is = from.getInputStream();
                OutputStream os = to.getOutputStream();
                int n;
                while ((n = is.read(buf)) >= 0) {
                  if (!awaitPassing(request)) {
                    break;
                  }
                  os.write(buf, 0, n);
                  os.flush();
                }
                to.shutdownOutput();
              } catch (IOException e) {
                // one side reset or the proxy closed: end the whole connection
                closeQuietly(from);
                closeQuietly(to);
              }
              if (done.incrementAndGet() == 2) {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-" + name + (request ? "-req" : "-rep"));
    t.setDaemon(true);
    t.start();
  }

  /** Waits while the direction is held; false if the proxy closed meanwhile. */
  private boolean awaitPassing(boolean request) {
    synchronized (gate) {
      if (!held(request)) {
        return !closed;
      }
      holding++;
      try {
        while (held(request) && !closed) {
          gate.wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        holding--;
      }
      return !closed;
    }
  }

  private boolean held(boolean request) {
    return request ? requestsHeld : repliesHeld;
  }

  private void closeQuietly(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (gate) {
      gate.notifyAll();
    }
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}

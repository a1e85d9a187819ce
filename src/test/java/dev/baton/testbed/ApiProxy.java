package dev.baton.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP relay from one pod's address to the API server, which a test can cut and restore. */
final class ApiProxy implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int BUFFER_BYTES = 16 * 1024;

  private final InetSocketAddress address;
  private final InetSocketAddress target;
  private final ExecutorService threads;
  private final Set<Socket> sockets = new HashSet<>();
  private ServerSocket server;
  private boolean closed;

  ApiProxy(InetSocketAddress address, InetSocketAddress target, ExecutorService threads) {
    this.address = address;
    this.target = target;
    this.threads = threads;
  }

  InetSocketAddress address() {
    return address;
  }

  /** Starts listening; does nothing when already listening. */
  synchronized void listen() throws IOException {
    if (closed || server != null) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(address);
    server = socket;
    threads.execute(() -> accept(socket));
  }

  /** Stops listening and resets every live connection, so the pod cannot reach the server. */
  synchronized void cut() {
    if (server != null) {
      closeQuietly(server);
      server = null;
    }
    sockets.forEach(ApiProxy::reset);
    sockets.clear();
  }

  @Override
  public synchronized void close() {
    closed = true;
    cut();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        threads.execute(() -> relay(socket, client));
      } catch (IOException e) {
        // The listener was closed by cut() or close(); nothing else ends this loop.
      }
    }
  }

  private void relay(ServerSocket acceptedBy, Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      reset(client);
      closeQuietly(upstream);
      return;
    }
    if (!register(acceptedBy, client, upstream)) {
      return;
    }
    AtomicInteger openDirections = new AtomicInteger(2);
    threads.execute(() -> pump(client, upstream, openDirections));
    pump(upstream, client, openDirections);
  }

  /** Keeps the pair unless the listener that accepted it was cut meanwhile. */
  private synchronized boolean register(ServerSocket acceptedBy, Socket client, Socket upstream) {
    if (server != acceptedBy) {
      reset(client);
      reset(upstream);
      return false;
    }
    sockets.addAll(List.of(client, upstream));
    return true;
  }

  private void pump(Socket from, Socket to, AtomicInteger openDirections) {
    boolean ended = copy(from, to);
    if (!ended || openDirections.decrementAndGet() == 0) {
      forget(from, to);
    }
  }

  /** Copies until {@code from} ends; false when a side broke instead. */
  private static boolean copy(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER_BYTES];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        out.write(buffer, 0, read);
        out.flush();
      }
      to.shutdownOutput();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private synchronized void forget(Socket from, Socket to) {
    sockets.remove(from);
    sockets.remove(to);
    closeQuietly(from);
    closeQuietly(to);
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // Already closed: nothing to reset.
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is best effort; the peer sees the connection end either way.
    }
  }
}

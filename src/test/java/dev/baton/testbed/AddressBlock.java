package dev.baton.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * One node agent's share of 127.0.0.0/8: the block 127.B.0.0/16 for a random B, claimed by a
 * listening socket, so that runs side by side (the demo and the tests, two checkouts) never hand
 * out the same pod address.
 */
final class AddressBlock implements AutoCloseable {

  /** Low blocks stay free for the host, whose localhost, hostname and resolver stubs live there. */
  static final int LOWEST_OCTET = 10;

  static final int HIGHEST_OCTET = 254;

  /** Nodes are 127.B.0.1 upward; this last address of that row holds the claim. */
  private static final int CLAIM_HOST = 254;

  private static final int HOSTS_PER_ROW = 254;
  private static final int POD_ROWS = 255;

  private final int octet;
  private final ServerSocket claim;
  private int nextPod;

  private AddressBlock(int octet, ServerSocket claim) {
    this.octet = octet;
    this.claim = claim;
  }

  /** Claims a random free block; fails only when every block is taken. */
  static AddressBlock claim() {
    List<Integer> octets =
        new ArrayList<>(IntStream.rangeClosed(LOWEST_OCTET, HIGHEST_OCTET).boxed().toList());
    Collections.shuffle(octets, ThreadLocalRandom.current());
    return octets.stream()
        .map(AddressBlock::tryClaim)
        .flatMap(Optional::stream)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("every 127.B.0.0/16 block is taken"));
  }

  /** Claims the block {@code 127.octet.0.0/16}, or nothing when another agent holds it. */
  static Optional<AddressBlock> tryClaim(int octet) {
    String address = "127." + octet + ".0." + CLAIM_HOST;
    return bind(address).map(socket -> new AddressBlock(octet, socket));
  }

  int octet() {
    return octet;
  }

  /** The address of the {@code n}th node, counting from 1. */
  String nodeAddress(int n) {
    if (n < 1 || n >= CLAIM_HOST) {
      throw new IllegalArgumentException("a block has room for nodes 1 to " + (CLAIM_HOST - 1));
    }
    return "127." + octet + ".0." + n;
  }

  /**
   * A fresh pod address, never handed out before by this block, skipping any on which something
   * already listens on the pod's API server port.
   */
  synchronized String nextPodAddress() {
    while (nextPod < HOSTS_PER_ROW * POD_ROWS) {
      int n = nextPod++;
      String address =
          "127." + octet + "." + (1 + n / HOSTS_PER_ROW) + "." + (1 + n % HOSTS_PER_ROW);
      Optional<ServerSocket> probe = bind(address);
      probe.ifPresent(AddressBlock::closeQuietly);
      if (probe.isPresent()) {
        return address;
      }
    }
    throw new IllegalStateException("the block 127." + octet + ".0.0/16 has no pod address left");
  }

  @Override
  public void close() {
    closeQuietly(claim);
  }

  /** Listens on the pod API proxy's port at {@code address}, or nothing if that is taken. */
  private static Optional<ServerSocket> bind(String address) {
    try {
      ServerSocket socket = new ServerSocket();
      try {
        // As the pod's proxy binds: a live listener makes this fail, a closed one does not.
        socket.setReuseAddress(true);
        socket.bind(
            new InetSocketAddress(InetAddress.getByName(address), AgentContext.API_PROXY_PORT), 1);
        return Optional.of(socket);
      } catch (IOException taken) {
        closeQuietly(socket);
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do: the socket is unusable either way.
    }
  }
}

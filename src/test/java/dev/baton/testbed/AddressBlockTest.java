package dev.baton.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressBlockTest {

  @Test
  void aClaimedBlockCannotBeClaimedAgainUntilReleased() {
    int octet;
    try (AddressBlock block = AddressBlock.claim()) {
      octet = block.octet();

      assertThat(octet).isBetween(AddressBlock.LOWEST_OCTET, AddressBlock.HIGHEST_OCTET);
      assertThat(AddressBlock.tryClaim(octet)).isEmpty();
    }
    try (AddressBlock again = AddressBlock.tryClaim(octet).orElseThrow()) {
      assertThat(again.octet()).isEqualTo(octet);
    }
  }

  @Test
  void addressesAreDistinctAndInsideTheBlock() {
    try (AddressBlock block = AddressBlock.claim()) {
      String prefix = "127." + block.octet() + ".";
      Set<String> seen = new HashSet<>();
      seen.add(block.nodeAddress(1));
      seen.add(block.nodeAddress(2));
      for (int i = 0; i < 600; i++) {
        seen.add(block.nextPodAddress());
      }

      assertThat(seen).hasSize(602).allMatch(address -> address.startsWith(prefix));
      assertThat(block.nodeAddress(1)).isEqualTo(prefix + "0.1");
    }
  }

  @Test
  void skipsAPodAddressThatSomethingListensOn() throws Exception {
    try (AddressBlock block = AddressBlock.claim();
        ServerSocket squatter = new ServerSocket()) {
      String first = "127." + block.octet() + ".1.1";
      squatter.bind(
          new InetSocketAddress(InetAddress.getByName(first), AgentContext.API_PROXY_PORT));

      assertThat(block.nextPodAddress()).isEqualTo("127." + block.octet() + ".1.2");
    }
  }
}

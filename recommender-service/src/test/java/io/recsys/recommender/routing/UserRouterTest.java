package io.recsys.recommender.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.recommender.streams.StateNotReadyException;
import java.util.Set;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class UserRouterTest {

  private static KeyQueryMetadata ownedBy(String host, int port) {
    return new KeyQueryMetadata(new HostInfo(host, port), Set.of(), 0);
  }

  @Test
  void aUserOwnedHereIsAnsweredHere() {
    UserRouter router = new UserRouter(u -> ownedBy("localhost", 8080), () -> "localhost:8080");
    assertThat(router.route(1)).isEqualTo(UserRoute.here("localhost:8080"));
  }

  @Test
  void aUserOwnedElsewhereIsForwardedToItsOwnersApplicationServer() {
    UserRouter router = new UserRouter(u -> u % 2 == 0 ? ownedBy("rec-2", 8080)
        : ownedBy("rec-1", 8080), () -> "rec-1:8080");
    assertThat(router.route(2)).isEqualTo(UserRoute.peer("rec-2:8080"));
    assertThat(router.route(3).local()).isTrue();
  }

  @Test
  void unknownOwnershipDuringARebalanceIsStateNotReady() {
    UserRouter router = new UserRouter(u -> KeyQueryMetadata.NOT_AVAILABLE, () -> "rec-1:8080");
    assertThatThrownBy(() -> router.route(1)).isInstanceOf(StateNotReadyException.class)
        .hasMessageContaining("rebalance");
  }
}

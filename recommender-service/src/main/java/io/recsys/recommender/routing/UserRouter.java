package io.recsys.recommender.routing;

import io.recsys.recommender.streams.StateNotReadyException;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Decides which instance answers for a user, from Kafka Streams' interactive-query metadata
 * of the user-histories store (users are partitioned by id, so every per-user store shares
 * that owner). Metadata that is not available means a rebalance is under way: the caller
 * answers 503 rather than guess.
 */
public final class UserRouter {

  /** Looks up the owner of a user id; {@link KeyQueryMetadata#NOT_AVAILABLE} while unknown. */
  @FunctionalInterface
  public interface OwnerLookup {
    KeyQueryMetadata ownerOf(long userId);
  }

  private final OwnerLookup lookup;
  private final java.util.function.Supplier<String> self;

  public UserRouter(OwnerLookup lookup, java.util.function.Supplier<String> self) {
    this.lookup = lookup;
    this.self = self;
  }

  public UserRoute route(long userId) {
    KeyQueryMetadata owner = lookup.ownerOf(userId);
    HostInfo active = owner == null ? null : owner.activeHost();
    if (active == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)
        || active.port() < 0) {
      throw new StateNotReadyException("the owner of user " + userId
          + " is not known now (a rebalance is in progress)");
    }
    String address = active.host() + ":" + active.port();
    return address.equals(self.get()) ? UserRoute.here(address) : UserRoute.peer(address);
  }
}

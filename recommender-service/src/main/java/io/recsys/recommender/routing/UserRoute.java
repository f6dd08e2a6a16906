package io.recsys.recommender.routing;

/**
 * Where a user's state lives: on this instance, or on the peer at {@code address}
 * ({@code host:port}, its {@code application.server}).
 */
public record UserRoute(boolean local, String address) {

  public static UserRoute here(String self) {
    return new UserRoute(true, self);
  }

  public static UserRoute peer(String address) {
    return new UserRoute(false, address);
  }
}

package io.recsys.recommender.model;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model in service, swapped atomically when a new version arrives; readers take one
 * reference per unit of work so a single answer never mixes two versions.
 */
public final class ServingModelHolder {

  private final AtomicReference<ServingModel> current = new AtomicReference<>();

  public ServingModelHolder() {
  }

  public ServingModelHolder(ServingModel initial) {
    current.set(initial);
  }

  public Optional<ServingModel> current() {
    return Optional.ofNullable(current.get());
  }

  /** Puts a new model in service and returns the previous one (for the caller to close). */
  public ServingModel swap(ServingModel next) {
    return current.getAndSet(next);
  }
}

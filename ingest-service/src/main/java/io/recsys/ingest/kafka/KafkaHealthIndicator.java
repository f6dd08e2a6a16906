package io.recsys.ingest.kafka;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/** UP when the cluster answers a describeCluster within the configured timeout. */
public final class KafkaHealthIndicator implements ReactiveHealthIndicator {

  private final Admin admin;
  private final Duration timeout;
  private final String bootstrapServers;

  public KafkaHealthIndicator(Admin admin, Duration timeout, String bootstrapServers) {
    this.admin = admin;
    this.timeout = timeout;
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public Mono<Health> health() {
    return Mono.defer(() -> {
      DescribeClusterResult result = admin.describeCluster(
          new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
      return Mono.fromFuture(result.clusterId().toCompletionStage().toCompletableFuture())
          .zipWith(Mono.fromFuture(result.nodes().toCompletionStage().toCompletableFuture()))
          .map(t -> Health.up()
              .withDetail("bootstrapServers", bootstrapServers)
              .withDetail("clusterId", t.getT1())
              .withDetail("nodes", t.getT2().size())
              .build());
    }).timeout(timeout.plusMillis(500))
        .onErrorResume(e -> Mono.just(Health.down()
            .withDetail("bootstrapServers", bootstrapServers)
            .withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage())
            .build()));
  }
}

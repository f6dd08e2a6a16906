package io.recsys.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** Where the Kafka cluster is, shared by the commands that talk to one. */
public final class KafkaOptions {

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--replication-factor", paramLabel = "N",
      defaultValue = "${env:KAFKA_REPLICATION_FACTOR:-1}",
      description = "Replication factor of topics this command creates (default ${DEFAULT-VALUE}).")
  short replicationFactor;

  public Map<String, Object> clientConfig() {
    return Map.of("bootstrap.servers", bootstrapServers);
  }
}

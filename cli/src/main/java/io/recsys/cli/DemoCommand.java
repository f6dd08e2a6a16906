package io.recsys.cli;

import io.recsys.ingest.IngestApplication;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.schemas.TopicCreator;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start everything on this machine: an embedded Kafka broker and the services."
        + " Ctrl-C stops it all; a second start reuses the data directory.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = "var/demo",
      description = "Where the broker and services keep their data (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Default ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(names = "--ingest-port", defaultValue = "8081", description = "Default ${DEFAULT-VALUE}.")
  int ingestPort;

  @Override
  public Integer call() throws InterruptedException {
    Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running), "demo-shutdown"));

    System.out.println("Starting the embedded Kafka broker (data in " + dataDir.resolve("kafka")
        + ") ...");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaPort, dataDir.resolve("kafka"));
    running.push(broker);
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    var created = TopicCreator.createMissing(kafka, 0, (short) 1);
    if (!created.isEmpty()) {
      System.out.println("Created topics " + created);
    }

    System.out.println("Starting ingest-service ...");
    running.push(IngestApplication.start(Map.of(
        "server.port", ingestPort,
        "recsys.kafka.bootstrap-servers", broker.bootstrapServers()))::close);

    System.out.println();
    System.out.println("recsys demo is running. Ctrl-C stops it.");
    System.out.println("  Kafka                 " + broker.bootstrapServers());
    System.out.println("  Ingest API            http://localhost:" + ingestPort + "/ratings");
    System.out.println("  Ingest OpenAPI UI     http://localhost:" + ingestPort + "/swagger-ui.html");
    System.out.println("  Ingest health         http://localhost:" + ingestPort + "/actuator/health");
    System.out.println("  Feed it data          ./recsys replay --dataset ml-latest-small");
    Thread.currentThread().join();
    return 0;
  }

  private static void stopAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("While stopping: " + e);
      }
    }
  }
}

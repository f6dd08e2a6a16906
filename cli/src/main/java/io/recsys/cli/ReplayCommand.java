package io.recsys.cli;

import io.recsys.ingest.dataset.Dataset;
import io.recsys.ingest.dataset.DatasetLocation;
import io.recsys.ingest.replay.DatasetReplay;
import io.recsys.schemas.TopicCreator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Publish a dataset as rating events (and its movie catalogue) onto Kafka.")
final class ReplayCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--dataset", defaultValue = "ml-latest-small",
      description = "ml-latest-small (real ratings in time order) or ml-1m (the SASRec split;"
          + " no ratings, synthetic increasing times). Default: ${DEFAULT-VALUE}.")
  String dataset;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "EVENTS_PER_S",
      description = "Events per second; 0 means as fast as the broker takes them.")
  double rate;

  @Option(names = "--users", defaultValue = "0",
      description = "Replay only the first N users; 0 means all.")
  int users;

  @Option(names = "--no-catalog", negatable = false,
      description = "Do not publish the movie catalogue first.")
  boolean noCatalog;

  @Override
  public Integer call() {
    TopicCreator.createMissing(kafka.clientConfig(), 0, kafka.replicationFactor);
    DatasetReplay replay = new DatasetReplay(kafka.clientConfig(), DatasetLocation.fromEnvironment(),
        System.out);
    DatasetReplay.Result result = replay.run(
        new DatasetReplay.Options(Dataset.byName(dataset), rate, users, !noCatalog));
    System.out.printf("published %,d events in %.1f s (%,.0f events/s)%n", result.events(),
        result.seconds(), result.eventsPerSecond());
    return 0;
  }
}

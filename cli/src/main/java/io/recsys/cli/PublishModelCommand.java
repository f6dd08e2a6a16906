package io.recsys.cli;

import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.avro.ModelVersion;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code recsys publish-model DIR}: validate a bundle and announce it on model-versions. */
@Command(name = "publish-model", mixinStandardHelpOptions = true,
    description = "Validate a model bundle and announce it on model-versions for the sync worker.")
final class PublishModelCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "DIR", description = "The bundle directory.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    ModelBundle bundle = ModelBundle.load(dir);
    TopicCreator.createMissing(kafka.clientConfig(), 0, kafka.replicationFactor);
    ModelVersion version = ModelPublisher.publish(kafka.clientConfig(), bundle);
    System.out.println("announced " + version.getModelId() + " (" + version.getNumItems() + " items, d "
        + version.getDimension() + ") from " + version.getBundlePath() + " on model-versions");
    return 0;
  }
}

package io.recsys.cli.bench;

import static io.recsys.cli.bench.BenchRuntime.freePort;

import io.recsys.recommender.bench.ChildProcesses;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The system a pipeline benchmark measures: either one that already runs (given its Kafka and
 * recommender URL), or a fresh {@code recsys demo} started in a child JVM on free ports with an
 * empty data directory, so that the load generator is a separate process, as a client would be.
 */
public final class PipelineStack implements AutoCloseable {

  private final String bootstrapServers;
  private final String recommenderUrl;
  private final Process child;
  private final Path dataDir;

  private PipelineStack(String bootstrapServers, String recommenderUrl, Process child, Path dataDir) {
    this.bootstrapServers = bootstrapServers;
    this.recommenderUrl = recommenderUrl;
    this.child = child;
    this.dataDir = dataDir;
  }

  /** A system that runs already; closing it does nothing. */
  public static PipelineStack existing(String bootstrapServers, String recommenderUrl) {
    return new PipelineStack(bootstrapServers, recommenderUrl, null, null);
  }

  /**
   * Starts {@code recsys demo --replay none} with the given model in a child JVM (its output goes
   * to {@code log}) and returns once the recommender answers its health check.
   */
  public static PipelineStack launch(Path model, Path log, List<String> recommenderProperties,
                                     PrintStream progress) throws IOException, InterruptedException {
    Path dataDir = Files.createTempDirectory("recsys-bench-");
    Files.createDirectories(log.toAbsolutePath().getParent());
    int kafka = freePort();
    int recommender = freePort();
    List<String> command = ChildProcesses.javaCommand();
    command.addAll(List.of("-Dai.djl.offline=true", "-XX:+UseG1GC"));
    command.addAll(recommenderProperties.stream().map(p -> "-D" + p).toList());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.recsys.cli.RecsysCli",
        "demo", "--replay", "none", "--no-api-key", "--data-dir", dataDir.toString(),
        "--model", model.toString(),
        "--kafka-port", Integer.toString(kafka), "--recommender-port", Integer.toString(recommender),
        "--ingest-port", Integer.toString(freePort()), "--sync-port", Integer.toString(freePort())));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().put("OPT_OUT_TRACKING", "true");
    progress.println("starting the pipeline (recsys demo) in a child process; its log: " + log);
    Process child = builder.start();
    PipelineStack stack = new PipelineStack("localhost:" + kafka, "http://localhost:" + recommender,
        child, dataDir);
    try {
      ChildProcesses.awaitHealthy(child, stack.recommenderUrl + "/health", Duration.ofMinutes(3),
          "the pipeline (recsys demo)", log);
    } catch (RuntimeException | InterruptedException e) {
      stack.close();
      throw e;
    }
    progress.println("pipeline ready: Kafka " + stack.bootstrapServers + ", recommender " + stack.recommenderUrl);
    return stack;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Map<String, Object> kafka() {
    return Map.of("bootstrap.servers", bootstrapServers);
  }

  public String recommenderUrl() {
    return recommenderUrl;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (child == null) {
      return;
    }
    ChildProcesses.stop(child, Duration.ofSeconds(30));
    try (Stream<Path> walk = Files.walk(dataDir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package io.recsys.recommender.bench;

import io.recsys.recommender.RecommenderApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A recommender-service in a JVM of its own, on this JVM's classpath (see {@link ChildProcesses}).
 */
public final class RecommenderProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private RecommenderProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * @param properties further {@code name=value} settings, passed as {@code --name=value}
   */
  public static RecommenderProcess launch(String bootstrapServers, Path bundle, Path stateDir,
                                          int port, Path log, List<String> properties)
      throws IOException {
    List<String> command = ChildProcesses.javaCommand();
    // A fixed heap, touched at start-up: the process's footprint is known from the start (as the
    // README advises for production), rather than growing whenever G1 decides to enlarge the heap.
    command.addAll(List.of("-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch", "-Dai.djl.offline=true",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.recsys.schemas.avro",
        "-cp", System.getProperty("java.class.path"), RecommenderApplication.class.getName(),
        "--server.port=" + port,
        "--recsys.kafka.bootstrap-servers=" + bootstrapServers,
        "--recsys.recommender.model-dir=" + bundle,
        "--recsys.recommender.state-dir=" + stateDir));
    properties.forEach(p -> command.add("--" + p));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().put("OPT_OUT_TRACKING", "true");
    ChildProcesses.preferJemalloc(builder.environment());
    return new RecommenderProcess(builder.start(), port, log);
  }

  public String url() {
    return "http://localhost:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until {@code /health} answers 200; fails early if the process died. */
  public void awaitHealthy(Duration timeout) throws InterruptedException {
    ChildProcesses.awaitHealthy(process, url() + "/health", timeout, "the recommender", log);
  }

  /** SIGKILL, and waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    ChildProcesses.stop(process, Duration.ofSeconds(20));
  }
}

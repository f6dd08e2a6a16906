package io.recsys.cli.bench;

import static io.recsys.cli.bench.BenchRuntime.freePort;

import io.recsys.recommender.bench.ChildProcesses;
import io.recsys.sync.SyncWorkerApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A sync worker in a JVM of its own, building local index snapshots only (no Qdrant): what the
 * fault benchmark kills with SIGKILL in the middle of a rollout. Its output is appended to a log
 * that the benchmark reads to tell where the rollout was.
 */
final class SyncWorkerProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private SyncWorkerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * @param kinds the snapshot kinds it builds, comma-separated
   */
  static SyncWorkerProcess launch(String bootstrapServers, Path snapshotDir, String kinds, Path log)
      throws IOException {
    int port = freePort();
    List<String> command = ChildProcesses.javaCommand();
    command.addAll(List.of("-Xmx512m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.recsys.schemas.avro",
        "-cp", System.getProperty("java.class.path"), SyncWorkerApplication.class.getName(),
        "--" + SyncWorkerApplication.PORT + "=" + port,
        "--" + SyncWorkerApplication.BOOTSTRAP_SERVERS + "=" + bootstrapServers,
        "--" + SyncWorkerApplication.SNAPSHOT_DIR + "=" + snapshotDir,
        "--" + SyncWorkerApplication.QDRANT_ENABLED + "=false",
        "--recsys.sync.kinds=" + kinds));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new SyncWorkerProcess(process, port, log);
  }

  /** Waits until its health endpoint answers; fails early if the process died. */
  void awaitHealthy(Duration timeout) throws InterruptedException {
    ChildProcesses.awaitHealthy(process, "http://localhost:" + port + "/actuator/health", timeout,
        "the sync worker", log);
  }

  /** SIGKILL: no shutdown hook, no last write; waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    ChildProcesses.stop(process, Duration.ofSeconds(20));
  }
}

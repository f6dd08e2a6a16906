package io.recsys.recommender.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.index.filter.FilterSpec;
import io.recsys.recommender.e2e.ReferenceBundle;
import io.recsys.recommender.model.ModelRollout.Announcement;
import io.recsys.recommender.model.ModelRollout.Outcome;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Rollouts of real bundles (the reference fixture's two models), good and broken. */
@ExtendWith(OutputCaptureExtension.class)
class ModelRolloutTest {

  @TempDir
  Path dir;

  private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor();
  private final List<ServingModel> prepared = new ArrayList<>();
  private ServingModelHolder models;

  @AfterEach
  void closeModels() throws Exception {
    closer.shutdown();
    closer.awaitTermination(10, TimeUnit.SECONDS);
    if (models != null && models.current().orElse(null) instanceof AutoCloseable c) {
      c.close();
    }
  }

  private ModelRollout rollout(ServingModel initial) {
    models = new ServingModelHolder(initial);
    return new ModelRollout(models, ModelLoader.rolloutLoader("EXACT"), prepared::add,
        closer, Duration.ZERO);
  }

  private static String versionOf(Path bundle) throws IOException {
    try (GsasrecServingModel model = ModelLoader.load(bundle, "EXACT")) {
      return model.version();
    }
  }

  @Test
  void aNewVersionIsPreparedThenSwappedInAndTheOldOneClosed() throws Exception {
    Path first = ReferenceBundle.write(dir.resolve("first"));
    Path second = ReferenceBundle.writeSecond(dir.resolve("second"));
    String secondVersion = versionOf(second);
    GsasrecServingModel initial = ModelLoader.load(first, "EXACT");
    ModelRollout rollout = rollout(initial);

    assertThat(rollout.roll(new Announcement(initial.version(), first)))
        .isEqualTo(Outcome.ALREADY_IN_SERVICE);
    assertThat(rollout.roll(new Announcement(secondVersion, second)))
        .isEqualTo(Outcome.ROLLED_OUT);
    assertThat(models.current()).get().extracting(ServingModel::version).isEqualTo(secondVersion);
    assertThat(prepared).extracting(ServingModel::version).containsExactly(secondVersion);
    // the new model answers; the replaced one is closed once its grace period is over
    float[] user = models.current().get().encode(List.<long[]>of(new long[] {1001, 1002}))[0];
    assertThat(models.current().get().recommend(user, 5, FilterSpec.none())).hasSize(5);
    closer.shutdown();
    assertThat(closer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aTruncatedBundleIsRefusedNamingTheFileAndTheRunningModelStays(CapturedOutput output)
      throws Exception {
    Path first = ReferenceBundle.write(dir.resolve("first"));
    Path second = ReferenceBundle.writeSecond(dir.resolve("second"));
    String secondVersion = versionOf(second);
    Path weights;
    try (Stream<Path> files = Files.list(second)) {
      weights = files.filter(f -> f.getFileName().toString().startsWith("weights")).findFirst()
          .orElseThrow();
    }
    try (RandomAccessFile file = new RandomAccessFile(weights.toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    GsasrecServingModel initial = ModelLoader.load(first, "EXACT");
    ModelRollout rollout = rollout(initial);

    assertThat(rollout.roll(new Announcement(secondVersion, second))).isEqualTo(Outcome.REFUSED);
    assertThat(models.current()).containsSame(initial);
    assertThat(output.getAll()).contains("Refused model " + secondVersion)
        .contains(weights.getFileName().toString()).contains(initial.version() + " stays in service");
    // the running model still answers
    float[] user = initial.encode(List.<long[]>of(new long[] {1001}))[0];
    assertThat(initial.recommend(user, 3, FilterSpec.none())).hasSize(3);
  }

  @Test
  void aBundleThatIsNotTheAnnouncedVersionOrIsMissingIsRefused() throws Exception {
    Path first = ReferenceBundle.write(dir.resolve("first"));
    GsasrecServingModel initial = ModelLoader.load(first, "EXACT");
    ModelRollout rollout = rollout(initial);
    Path second = ReferenceBundle.writeSecond(dir.resolve("second"));

    assertThat(rollout.roll(new Announcement("gsasrec-0000000000000000", second)))
        .isEqualTo(Outcome.REFUSED);
    assertThat(rollout.roll(new Announcement("gsasrec-1111111111111111", dir.resolve("absent"))))
        .isEqualTo(Outcome.REFUSED);
    assertThat(models.current()).containsSame(initial);
    assertThat(prepared).isEmpty();
  }
}

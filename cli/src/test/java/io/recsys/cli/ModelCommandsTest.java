package io.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** import-checkpoint and predict end to end on the reference fixture, as a user runs them. */
class ModelCommandsTest {

  @Test
  void importedReferenceCheckpointPredictsTheReferenceTopTen(@TempDir Path dir) throws Exception {
    Path bundle = dir.resolve("bundle");
    assertThat(run("import-checkpoint", "--checkpoint", FixtureBundles.file("tiny-h1.pt").toString(),
        "--heads", "1", "--output", bundle.toString())).isZero();

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(run("predict", "--model", bundle.toString(), "--input",
          FixtureBundles.file("inputs.txt").toString(), "--k", "10")).isZero();
    } finally {
      System.setOut(original);
    }

    List<String> predicted = captured.toString(StandardCharsets.UTF_8).lines().toList();
    List<String> reference = Files.readAllLines(FixtureBundles.file("tiny-h1.top10.txt"));
    List<String> inputs = Files.readAllLines(FixtureBundles.file("inputs.txt"));
    assertThat(predicted).hasSize(reference.size());
    for (int i = 0; i < reference.size(); i++) {
      String expected = String.join(" ", Arrays.stream(reference.get(i).trim().split("\\s+"))
          .map(pair -> pair.substring(0, pair.indexOf(':'))).toList());
      assertThat(predicted.get(i)).as("line %d", i + 1).isEqualTo(expected);
      Set<String> seen = new HashSet<>(Arrays.asList(inputs.get(i).trim().split("\\s+")));
      assertThat(predicted.get(i).split(" ")).doesNotContainAnyElementsOf(seen);
    }
  }

  @Test
  void aMissingBundleIsAClearOneLineFailure(@TempDir Path dir) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = run("predict", "--model", dir.resolve("nothing").toString(), "--input",
          FixtureBundles.file("inputs.txt").toString());
    } finally {
      System.setErr(original);
    }
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("recsys predict:")
        .contains("./recsys train").doesNotContain("\tat ");
  }

  private static int run(String... args) {
    return RecsysCli.commandLine().execute(args);
  }
}

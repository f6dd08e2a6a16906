package io.recsys.cli;

import io.recsys.schemas.TrustedAvroPackages;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recsys} command: one entry point for running, feeding and measuring the system. */
@Command(name = "recsys", mixinStandardHelpOptions = true, version = "recsys 0.1.0",
    description = "Real-time gSASRec recommender on Kafka.",
    subcommands = {DemoCommand.class, ReplayCommand.class, TrainCommand.class, EvalCommand.class,
        PredictCommand.class, ImportCommand.class, PublishModelCommand.class,
        BenchCommand.class})
public final class RecsysCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    TrustedAvroPackages.ensureTrusted();
    // exit explicitly: Kafka and Netty leave non-daemon threads behind
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new RecsysCli()).setExecutionExceptionHandler(RecsysCli::reportFailure);
  }

  /**
   * A failed command says what went wrong in one line; the stack trace is for developers and
   * shows only with RECSYS_DEBUG set.
   */
  private static int reportFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    System.err.println("recsys " + command.getCommandName() + ": " + e.getMessage());
    if (System.getenv("RECSYS_DEBUG") != null) {
      e.printStackTrace();
    }
    return 1;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

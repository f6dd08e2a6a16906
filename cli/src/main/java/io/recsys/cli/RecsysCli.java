package io.recsys.cli;

import io.recsys.schemas.TrustedAvroPackages;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recsys} command: one entry point for running, feeding and measuring the system. */
@Command(name = "recsys", mixinStandardHelpOptions = true, version = "recsys 0.1.0",
    description = "Real-time gSASRec recommender on Kafka.",
    subcommands = {DemoCommand.class, ReplayCommand.class, BenchCommand.class})
public final class RecsysCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    TrustedAvroPackages.ensureTrusted();
    // exit explicitly: Kafka and Netty leave non-daemon threads behind
    System.exit(new CommandLine(new RecsysCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

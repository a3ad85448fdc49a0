package dev.meanflow.core.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the core module alone: {@code train} and {@code benchmark}, no Spark. */
@Command(name = "meanflow", mixinStandardHelpOptions = true, subcommands = {TrainCommand.class, BenchmarkCommand.class},
    description = "Flow matching and MeanFlow on DJL: single-trial commands.")
public final class CoreMain {

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command and returns its exit code: 0 ok, 1 failed trial, 2 bad usage. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(new CoreMain(), out, err).execute(args);
  }

  /** A command line over {@code root} printing to the given streams (shared with the jobs module's Main). */
  public static CommandLine commandLine(Object root, PrintStream out, PrintStream err) {
    return new CommandLine(root)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setCaseInsensitiveEnumValuesAllowed(true);
  }
}

package dev.meanflow.jobs;

import dev.meanflow.jobs.cli.BenchmarkCommand;
import dev.meanflow.jobs.cli.TrainCommand;
import dev.meanflow.jobs.maintain.CompactCommand;
import dev.meanflow.jobs.maintain.VerifyCommand;
import dev.meanflow.jobs.query.SqlCommand;
import dev.meanflow.jobs.query.SqlServerCommand;
import dev.meanflow.jobs.query.SummaryCommand;
import dev.meanflow.jobs.report.ReportCommand;
import dev.meanflow.jobs.sweep.SweepCommand;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code meanflow} command line: sweep, sql, sql-server, summary, report, verify, compact, train, benchmark. Only
 * {@link #main} exits. An unexpected error is one line (exit 1); {@code --verbose} adds its stack trace.
 */
@Command(name = "meanflow", mixinStandardHelpOptions = true, version = "meanflow 0.1.0",
    description = "Flow matching and MeanFlow experiments on Spark.")
public final class Main implements Runnable {
  private final PrintStream out;

  @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of an unexpected error.")
  boolean verbose;

  private Main(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns its exit code (2 for usage and config errors). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /** The same, with {@code in} for the statements of the sql prompt. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Main main = new Main(out);
    CommandLine cli = new CommandLine(main)
        .addSubcommand(new SweepCommand(out, err))
        .addSubcommand(new SqlCommand(in, out, err))
        .addSubcommand(new SqlServerCommand(out, err))
        .addSubcommand(new SummaryCommand(out, err))
        .addSubcommand(new ReportCommand(out, err))
        .addSubcommand(new VerifyCommand(out, err))
        .addSubcommand(new CompactCommand(out, err))
        .addSubcommand(TrainCommand.commandLine())
        .addSubcommand(new BenchmarkCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true); // --server=off, as every other value is spelled
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      if (e instanceof UsageException) {
        commandLine.getErr().println(e.getMessage());
        return 2;
      }
      if (main.verbose) {
        throw e;
      }
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      commandLine.getErr().println("meanflow " + commandLine.getCommandName() + " failed: " + e
          + (root != e ? " (caused by " + root + ")" : "") + "; --verbose prints the stack trace");
      return 1;
    });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(out);
  }
}

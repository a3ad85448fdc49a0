package dev.meanflow.jobs.report;

import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meanflow report <output root> [--out DIR]}: turns a sweep's result tables into a browsable report. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write an HTML report (index.html + PNG figures) of the result tables under <output root>.")
public final class ReportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<output root>",
      description = "Sweep output root holding the trials, evals, losses and samples tables.")
  String root;

  @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: <output root>/report).")
  Path out;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master when not launched by spark-submit (default: local[*]).")
  String master;

  private final PrintStream stdout;
  private final PrintStream stderr;

  /** Exit codes: 0 done, 1 failed while writing, 2 bad input. */
  public ReportCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    OutputRoot tables = new OutputRoot(root);
    boolean local = tables.isLocal();
    if (local && !Files.isDirectory(tables.localPath().resolve("trials"))) {
      stderr.println(new NoResultTablesException(root, Files.isDirectory(tables.localPath())
          ? "the folder has no trials table" : "the folder does not exist").getMessage());
      return 2;
    }
    if (!local && out == null) {
      stderr.println("'" + root + "' in output root is not a local folder: give the report folder with --out DIR");
      return 2;
    }
    Path outDir = out != null ? out : tables.localPath().resolve("report");
    try (SparkSessions.Session session = SparkSessions.start("meanflow-report", master)) {
      List<Path> written = ReportWriter.write(session.spark(), root, outDir);
      stdout.println("Wrote " + written.size() + " files to " + outDir + ":");
      for (Path file : written) {
        stdout.println("  " + outDir.relativize(file));
      }
      stdout.println("Open " + outDir.resolve(ReportWriter.INDEX) + " in a browser.");
      return 0;
    } catch (NoResultTablesException e) {
      stderr.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      stderr.println("Could not write the report to " + outDir + ": " + e);
      return 1;
    }
  }
}

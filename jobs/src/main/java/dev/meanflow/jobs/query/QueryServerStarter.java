package dev.meanflow.jobs.query;

import dev.meanflow.jobs.JavaCommand;
import dev.meanflow.jobs.Main;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the query server of an output root in the background: a JVM like this one running
 * {@code meanflow sql-server}, in a session of its own (a closed terminal or Ctrl-C of a later command does not
 * reach it), its output in the server's log.
 */
final class QueryServerStarter {
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private QueryServerStarter() {}

  /** Starts one unless one runs or is starting; true when this call started it. */
  static boolean startIfNone(QueryServerFiles files, String root) throws IOException {
    if (new QueryClient(files).serverRuns()) {
      return false;
    }
    files.createDirectory();
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.addAll(JavaCommand.of(Main.class.getName(), List.of("sql-server", "--output", root)));
    new ProcessBuilder(command)
        .redirectInput(Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(files.log().toFile())
        .start();
    return true;
  }
}

package dev.meanflow.jobs.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Reads the statements of {@code meanflow sql}'s prompt, each ended by {@code ;} and spanning lines as needed, and
 * hands them one by one to a consumer until {@code quit}, {@code exit} or the end of the input. On the console
 * JLine edits the lines and keeps a history, also in {@code ~/.meanflow_sql_history}; Ctrl-C drops the statement
 * being typed, or cancels the one running. From a pipe, lines are read as they come: no prompt, echo or escape codes.
 */
final class SqlPrompt {
  private static final Path HISTORY = Path.of(System.getProperty("user.home"), ".meanflow_sql_history");
  private static final String PROMPT = "meanflow> ";
  private static final String CONTINUATION = "%P ...> "; // %P pads it to the prompt's width

  /** Accepts a line once its statements are complete (or it quits); otherwise JLine continues it on a new line. */
  static final Parser STATEMENTS = new Parser() {
    private final DefaultParser words = new DefaultParser();

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      SqlStatements statements = SqlStatements.split(line);
      if (context == ParseContext.ACCEPT_LINE && statements.open() && !quits(statements.rest())) {
        throw new EOFError(-1, cursor, "statement not ended by ;");
      }
      return words.parse(line, cursor, context);
    }
  };

  private SqlPrompt() {}

  /** Statements from a pipe; one still open at the end of the input runs as if it ended with {@code ;}. */
  static void fromPipe(InputStream in, Consumer<String> run) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String open = "";
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      SqlStatements statements = SqlStatements.split(open + line + "\n");
      if (!runUntilQuit(statements, run)) {
        return;
      }
      open = statements.rest();
    }
    if (!open.isEmpty()) {
      run.accept(open.strip());
    }
  }

  /** Statements typed on the console; {@code cancel} is what Ctrl-C does while one runs. */
  static void onConsole(Consumer<String> run, Runnable cancel) throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).parser(STATEMENTS)
          .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
          .variable(LineReader.HISTORY_FILE, HISTORY)
          // history expansion would eat the ! of != and the backslashes of string escapes
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
          .build();
      while (true) {
        String text;
        try {
          text = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue; // Ctrl-C while typing: the statement is dropped
        } catch (EndOfFileException e) {
          return;
        }
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancel.run());
        try {
          if (!runUntilQuit(SqlStatements.split(text), run)) {
            return;
          }
        } finally {
          terminal.handle(Terminal.Signal.INT, previous);
        }
      }
    }
  }

  /** Runs the complete statements; false as soon as one of them, or the open rest, is quit or exit. */
  private static boolean runUntilQuit(SqlStatements statements, Consumer<String> run) {
    for (String statement : statements.complete()) {
      if (quits(statement)) {
        return false;
      }
      run.accept(statement);
    }
    return !quits(statements.rest());
  }

  private static boolean quits(String text) {
    String word = text.strip();
    return word.equalsIgnoreCase("quit") || word.equalsIgnoreCase("exit");
  }
}

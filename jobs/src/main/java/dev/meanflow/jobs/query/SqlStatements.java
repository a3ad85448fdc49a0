package dev.meanflow.jobs.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Text split into statements at the semicolons Spark's lexer would see: not those in quotes, backquotes or
 * comments, so {@code SELECT ';' AS c;} is one statement and the semicolon in {@code -- done;} ends nothing.
 *
 * @param complete the statements that ended with a semicolon, trimmed and without it; empty ones left out
 * @param rest the start of a statement not ended yet (text, or an open quote or comment); "" when there is none
 */
record SqlStatements(List<String> complete, String rest) {

  static SqlStatements split(String text) {
    List<String> complete = new ArrayList<>();
    int start = 0;
    char quote = 0; // the open quote (', " or `), else 0
    boolean lineComment = false;
    int blockComments = 0; // Spark's bracketed comments nest
    boolean content = false; // anything but blanks and comments since the last semicolon
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (lineComment) {
        lineComment = c != '\n';
      } else if (blockComments > 0) {
        if (c == '*' && next == '/' || c == '/' && next == '*') {
          blockComments += c == '/' ? 1 : -1;
          i++;
        }
      } else if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++; // an escaped character, perhaps the quote itself
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '-' && next == '-' || c == '/' && next == '*') {
        lineComment = c == '-';
        blockComments = c == '/' ? 1 : 0;
        i++;
      } else if (c == ';') {
        if (content) {
          complete.add(text.substring(start, i).strip());
        }
        start = i + 1;
        content = false;
      } else {
        quote = c == '\'' || c == '"' || c == '`' ? c : 0;
        content |= !Character.isWhitespace(c);
      }
    }
    boolean open = content || quote != 0 || blockComments > 0;
    return new SqlStatements(complete, open ? text.substring(start) : "");
  }

  /** Whether a statement is still open: more lines must come before it can run. */
  boolean open() {
    return !rest.isEmpty();
  }
}

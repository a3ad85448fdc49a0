package dev.meanflow.jobs.query;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jline.reader.EOFError;
import org.jline.reader.Parser;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.Test;

/** Statements end at the semicolons Spark's lexer sees, and the prompt's line editor continues the others. */
class SqlStatementsTest {

  @Test
  void semicolonsInQuotesAndCommentsEndNothing() {
    SqlStatements s = SqlStatements.split("""
        SELECT ';' AS a, "b;" AS `c;d`, 'it\\'s;' -- not yet;
          /* nor /* nested; */ here; */ FROM trials; SELECT 2;
        ;  -- an empty statement, left out
        SELECT 3""");
    assertEquals(List.of("""
        SELECT ';' AS a, "b;" AS `c;d`, 'it\\'s;' -- not yet;
          /* nor /* nested; */ here; */ FROM trials""", "SELECT 2"), s.complete());
    assertEquals("  -- an empty statement, left out\nSELECT 3", s.rest());
  }

  @Test
  void onlyTextOrAnOpenQuoteOrCommentKeepsAStatementOpen() {
    assertEquals("", SqlStatements.split("SELECT 1;  -- done\n").rest());
    assertEquals(List.of(), SqlStatements.split("/* only a comment */\n").complete());
    assertFalse(SqlStatements.split("/* only a comment */\n").open());
    assertTrue(SqlStatements.split("SELECT 'a;\n").open());
    assertTrue(SqlStatements.split("SELECT 1 /* ; \n").open());
  }

  @Test
  void theLineEditorContinuesAnOpenStatementAndAcceptsQuit() {
    Parser parser = SqlPrompt.STATEMENTS;
    assertThrows(EOFError.class, () -> parser.parse("SELECT flow\n  FROM trials", 0, ParseContext.ACCEPT_LINE));
    assertDoesNotThrow(() -> parser.parse("SELECT flow\n  FROM trials;", 0, ParseContext.ACCEPT_LINE));
    assertDoesNotThrow(() -> parser.parse("", 0, ParseContext.ACCEPT_LINE));
    assertDoesNotThrow(() -> parser.parse("quit", 0, ParseContext.ACCEPT_LINE));
    assertDoesNotThrow(() -> parser.parse("SELECT 1", 0, ParseContext.COMPLETE), "completion never waits for ;");
  }
}

package dev.meanflow.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meanflow.jobs.tables.Schemas;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A one-shot query registers only the views its text names; naming none registers all (SHOW TABLES). */
class SqlCommandViewsTest {

  @Test
  void registersTheTablesTheQueryNames() {
    assertEquals(List.of("evals"), SqlCommand.viewsNamedIn("SELECT count(*) FROM evals"));
    assertEquals(List.of("trials", "evals"),
        SqlCommand.viewsNamedIn("SELECT t.flow, min(e.cell_tv) FROM `Evals` e JOIN TRIALS t USING (trial_id)"));
    assertEquals(List.of("losses", "samples"),
        SqlCommand.viewsNamedIn("WITH s AS (SELECT * FROM samples) SELECT * FROM losses WHERE 1 IN (SELECT 1 FROM s)"));
  }

  @Test
  void aLongerWordIsNotATable() {
    assertEquals(List.of("samples"), SqlCommand.viewsNamedIn("SELECT trials_seen, evals_rows FROM samples"));
  }

  @Test
  void namingNoTableRegistersAll() {
    assertEquals(Schemas.TABLES, SqlCommand.viewsNamedIn("SHOW TABLES"));
  }
}

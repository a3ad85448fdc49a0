package dev.meanflow.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read-only query path decides from Spark's parse tree, not from keywords in the text. */
class ReadOnlySqlTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT count(*) FROM evals",
      "WITH best AS (SELECT trial_id, min(cell_tv) AS tv FROM evals GROUP BY trial_id) SELECT * FROM best",
      "select flow, 'insert into x' AS note FROM trials -- drop table trials",
      "EXPLAIN SELECT * FROM trials JOIN evals USING (trial_id)",
      "DESCRIBE trials",
      "DESCRIBE TABLE EXTENDED evals",
      "SHOW TABLES",
      "SHOW COLUMNS IN samples",
      "SHOW DATABASES",
      "SHOW CATALOGS",
      "SHOW CURRENT NAMESPACE",
      "DESCRIBE NAMESPACE default",
      "DESCRIBE QUERY SELECT * FROM trials",
      "VALUES (1, 2)",
      "SELECT * FROM (SELECT 1) t WHERE 1 IN (SELECT 1)"})
  void queriesAndDescriptionsPass(String sql) {
    assertEquals(Optional.empty(), ReadOnlySql.problem(sql));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "INSERT OVERWRITE DIRECTORY '/tmp/x/evals' USING parquet SELECT * FROM evals",
      "INSERT INTO trials SELECT * FROM trials",
      "WITH t AS (SELECT 1) INSERT OVERWRITE TABLE trials SELECT * FROM t",
      "CREATE TABLE x USING parquet LOCATION '/tmp/x' AS SELECT * FROM evals",
      "CREATE TABLE y (a INT)",
      "CREATE OR REPLACE TEMP VIEW trials AS SELECT 1",
      "DROP TABLE trials",
      "DROP VIEW evals",
      "DELETE FROM trials WHERE true",
      "TRUNCATE TABLE trials",
      "ALTER TABLE trials ADD COLUMNS (x INT)",
      "CACHE TABLE trials",
      "SET spark.sql.warehouse.dir=/tmp/w",
      "ADD JAR /tmp/evil.jar",
      "EXPLAIN INSERT INTO trials SELECT * FROM trials",
      "REFRESH TABLE trials",
      "MSCK REPAIR TABLE trials"})
  void everyKindOfWriteIsRefused(String sql) {
    assertEquals(Optional.of(ReadOnlySql.RULE), ReadOnlySql.problem(sql).map(p -> p.rule()), sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELEC 1", "DROP"})
  void unparsableTextSaysSo(String sql) {
    assertTrue(ReadOnlySql.problem(sql).orElseThrow().rule().startsWith("does not parse"));
  }
}

package dev.meanflow.jobs.query;

import dev.meanflow.core.spec.Problem;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DescribeColumn;
import org.apache.spark.sql.catalyst.plans.logical.DescribeFunction;
import org.apache.spark.sql.catalyst.plans.logical.DescribeNamespace;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoDir;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable;
import org.apache.spark.sql.catalyst.plans.logical.ShowFunctions;
import org.apache.spark.sql.catalyst.plans.logical.ShowPartitions;
import org.apache.spark.sql.catalyst.plans.logical.ShowTablePartition;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.ShowTablesExtended;
import org.apache.spark.sql.catalyst.plans.logical.ShowViews;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.execution.command.ShowCatalogsCommand;
import org.apache.spark.sql.execution.command.ShowCurrentNamespaceCommand;
import org.apache.spark.sql.execution.command.ShowNamespacesCommand;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Decides from Spark's own parse tree, before anything runs, whether a statement only reads: a query (SELECT,
 * WITH, VALUES, ...), EXPLAIN of one, or a DESCRIBE / SHOW. Any other command (INSERT, CREATE, DROP, CACHE, SET,
 * ...) anywhere in the tree is refused: {@code meanflow sql} never writes under the output root.
 */
final class ReadOnlySql {
  private ReadOnlySql() {}

  /** The commands that only describe: parsed as commands, but they read the catalog and nothing else. */
  private static final List<Class<?>> DESCRIBING = List.of(ShowTables.class, ShowTablesExtended.class,
      ShowViews.class, ShowColumns.class, ShowFunctions.class, ShowCreateTable.class, ShowPartitions.class,
      ShowTableProperties.class, ShowTablePartition.class, DescribeRelation.class, DescribeColumn.class,
      DescribeFunction.class, DescribeNamespace.class, DescribeQueryCommand.class, ShowCatalogsCommand.class,
      ShowCurrentNamespaceCommand.class, ShowNamespacesCommand.class);

  static final String RULE = "must be a query (SELECT, WITH, EXPLAIN, DESCRIBE or SHOW): meanflow sql never writes";

  static Optional<Problem> problem(String sql) {
    LogicalPlan plan;
    try {
      plan = new SparkSqlParser().parsePlan(sql);
    } catch (Exception e) {
      // Scala throws ParseException (checked, to javac) without declaring it: catch broadly, rethrow the rest
      if (e instanceof RuntimeException unexpected) {
        throw unexpected;
      }
      if (!(e instanceof ParseException)) {
        throw new IllegalStateException(e);
      }
      return Optional.of(Problem.invalid("QUERY", sql, "does not parse: " + e.getMessage().lines().findFirst()
          .orElse("")));
    }
    return writes(plan) ? Optional.of(Problem.invalid("QUERY", sql, RULE)) : Optional.empty();
  }

  private static boolean writes(LogicalPlan plan) {
    if (plan instanceof ExplainCommand explain) {
      return writes(explain.logicalPlan());
    }
    if (DESCRIBING.stream().anyMatch(type -> type.isInstance(plan))) {
      return false;
    }
    if (plan instanceof Command || plan instanceof InsertIntoStatement || plan instanceof InsertIntoDir) {
      return true;
    }
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      if (writes(child)) {
        return true;
      }
    }
    return false;
  }
}

package dev.meanflow.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.compare.Comparison;
import dev.meanflow.jobs.compare.ReplicateGroup;
import dev.meanflow.jobs.compare.SeedStats;
import dev.meanflow.jobs.compare.SweepResults;
import dev.meanflow.jobs.config.SweepConfigParser;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fused sweep with the real runner: one Spark task per group, every member its own trial with its group on its
 * trials row, results equal to the unfused sweep's, and a resume that trains only the members not yet landed.
 */
class FusedSweepTest {
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @TempDir Path tmp;

  private static SweepDefinition sweep(String fuse) {
    SweepConfigParser.Result r = SweepConfigParser.parse("""
        sweep { name = fused, max-parallel = 1, fuse = %s }
        grid {
          flow = [fm, mf]
          seed = [0, 1, 2]
          lr = [3e-3]
          iterations = 30, batch = 64, width = 16, depth = 2
          eval-steps = [1, 2], eval-samples = 300, kept-samples = 30, loss-points = 5
        }
        """.formatted(fuse), "fused", "fused");
    assertTrue(r.ok(), r.messages()::toString);
    return r.definition();
  }

  @Test
  void fusedMembersAreTrialsOfTheirOwnAndAResumeTrainsOnlyTheMissingOnes() throws Exception {
    SparkSession spark = TestSpark.start();
    try {
      String fusedRoot = tmp.resolve("fused").toString();
      SweepDefinition fused = sweep("3");
      // first run: 4 of 6 trials, i.e. the three fm seeds as one group and one mf seed alone
      SweepRunner.Outcome first = SweepRunner.run(spark, fused,
          new SweepRunner.Options(fusedRoot, 4, TrialFunction.CORE), QUIET);
      assertEquals(4, first.ran());
      SweepRunner.Outcome resumed = SweepRunner.run(spark, fused,
          new SweepRunner.Options(fusedRoot, 0, TrialFunction.CORE), QUIET);
      assertEquals(4, resumed.alreadyDone());
      assertEquals(2, resumed.ran(), "the group of the two mf seeds left, nothing else");
      TableAssertions.assertExactlyOnce(spark, fusedRoot, fused);

      List<Row> trials = ResultTables.read(spark, fusedRoot, Schemas.TRIALS)
          .orderBy(col("flow"), col("seed")).collectAsList();
      assertEquals(List.of(3, 3, 3, 1, 2, 2), trials.stream().map(t -> t.<Integer>getAs("fusion_size")).toList());
      assertEquals(List.of(0, 1, 2, 0, 0, 1),
          trials.stream().map(t -> t.<Integer>getAs("fusion_position")).toList());
      assertEquals(1, trials.subList(0, 3).stream().map(t -> t.getAs("fusion_group")).distinct().count());
      assertEquals(1, trials.subList(4, 6).stream().map(t -> t.getAs("fusion_group")).distinct().count());
      assertEquals(6, trials.stream().map(t -> t.getAs("attempt_id")).distinct().count(), "an attempt each");
      assertTrue(trials.stream().allMatch(t -> "OK".equals(t.getAs("status"))));
      // real trials on the checkerboard: the oracle and the truth land beside the metrics and read back
      assertTrue(trials.stream().allMatch(t -> t.getAs("truth_error") != null && t.getAs("max_grad_norm") != null));
      assertEquals(0, ResultTables.read(spark, fusedRoot, Schemas.EVALS).where(col("oracle_cell_tv").isNull())
          .count());
      Comparison comparison = Comparison.of(SweepResults.load(DeltaStore.open(fusedRoot), "fused"));
      for (ReplicateGroup group : comparison.groups()) {
        SeedStats floor = group.oracle(1, Metric.CELL_TV);
        assertEquals(3, floor.n(), "an oracle per seed");
        if (group.flow() == Flow.MF) { // one exact jump is the exact map; one Euler step of v* is not
          assertTrue(floor.mean() < group.stat(1, Metric.CELL_TV).mean(), "300 exact points beat 30 iterations");
        }
      }

      String aloneRoot = tmp.resolve("alone").toString();
      SweepRunner.run(spark, sweep("off"), new SweepRunner.Options(aloneRoot, 0, TrialFunction.CORE), QUIET);
      Map<String, Double> fusedLoss = finalLoss(spark, fusedRoot);
      Map<String, Double> aloneLoss = finalLoss(spark, aloneRoot);
      assertEquals(aloneLoss.keySet(), fusedLoss.keySet(), "the same trial ids");
      aloneLoss.forEach((id, loss) -> assertEquals(loss, fusedLoss.get(id), 1e-3 * Math.abs(loss), id));
      assertTrue(ResultTables.read(spark, aloneRoot, Schemas.TRIALS).where(col("fusion_size").notEqual(1))
          .isEmpty(), "fuse = off: every trial alone");
    } finally {
      spark.stop();
    }
  }

  private static Map<String, Double> finalLoss(SparkSession spark, String root) {
    Map<String, Double> losses = new HashMap<>();
    for (Row r : ResultTables.read(spark, root, Schemas.TRIALS).select("trial_id", "final_loss").collectAsList()) {
      losses.put(r.getString(0), r.getDouble(1));
    }
    return losses;
  }
}

package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialRunner;
import java.io.Serializable;

/** What an executor does with one trial; {@link #CORE} in production, a stand-in where a test injects faults. */
@FunctionalInterface
public interface TrialFunction extends Serializable {

  TrialFunction CORE = TrialRunner::run;

  TrialResult run(TrialSpec spec);
}

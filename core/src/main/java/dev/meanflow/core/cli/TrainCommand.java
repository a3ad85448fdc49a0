package dev.meanflow.core.cli;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialRunner;
import dev.meanflow.core.trial.TrialStatus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code meanflow train}: trains one trial on this machine and prints its metrics per step count. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one flow-matching or MeanFlow trial and print its sample-quality metrics.")
public final class TrainCommand implements Callable<Integer> {

  @Mixin SpecOptions options = new SpecOptions();

  @Option(names = "--save", description = "write the trained parameters to this file") Path save;

  @Spec CommandSpec command;

  @Override
  public Integer call() {
    TrialSpec spec;
    try {
      spec = options.toSpec();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
    TrialResult result;
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train " + spec.flow().key())
        .setInitialMax(spec.iterations()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
      result = TrialRunner.run(spec, (done, total, loss) -> {
        bar.stepTo(done);
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, "loss %.4f", loss));
      }, save);
    }
    ResultTable.print(result, command.commandLine().getOut());
    return result.status() == TrialStatus.FAILED ? 1 : 0;
  }
}

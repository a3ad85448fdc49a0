package dev.meanflow.jobs.cli;

import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialRunner;
import dev.meanflow.core.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code meanflow train}: trains one trial on this machine and prints its metrics per step count. Its options are
 * the knob registry's, named as in sweep files.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one flow-matching or MeanFlow trial and print its sample-quality metrics.")
public final class TrainCommand implements Callable<Integer> {

  private final KnobOptions knobs = new KnobOptions(Knobs.REGISTRY);

  @Option(names = "--save", paramLabel = "FILE", description = "Write the trained parameters to this file.")
  Path save;

  @Spec CommandSpec command;

  private TrainCommand() {}

  /** The command with one option per knob. */
  public static CommandLine commandLine() {
    TrainCommand train = new TrainCommand();
    CommandSpec spec = CommandSpec.forAnnotatedObject(train);
    train.knobs.addTo(spec);
    return new CommandLine(spec);
  }

  @Override
  public Integer call() {
    TrialSpec spec;
    try {
      spec = knobs.toSpec();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
    if (save != null) {
      checkWritable(save);
    }
    TrialResult result;
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train " + spec.get(Knobs.FLOW).key())
        .setInitialMax(spec.get(Knobs.ITERATIONS)).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
      result = TrialRunner.run(spec, (done, total, loss) -> {
        bar.stepTo(done);
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
      }, save);
    }
    ResultTable.print(result, command.commandLine().getOut());
    return result.status() == TrialStatus.FAILED ? 1 : 0;
  }

  /** Before training, not after: a model that cannot be saved should cost nothing. */
  private void checkWritable(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file) || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new ParameterException(command.commandLine(), "'" + file + "' in --save is invalid: "
          + "must be a file in an existing, writable folder");
    }
    try {
      Files.deleteIfExists(Files.createTempFile(dir, ".meanflow-save", ".tmp"));
    } catch (IOException e) {
      throw new ParameterException(command.commandLine(), "'" + file + "' in --save is invalid: " + e.getMessage());
    }
  }
}

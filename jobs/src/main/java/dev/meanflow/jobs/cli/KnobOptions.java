package dev.meanflow.jobs.cli;

import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.KnobRegistry;
import dev.meanflow.core.spec.Problem;
import dev.meanflow.core.spec.TrialSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The picocli side of the knob registry: one {@code --key} option per knob, its help from the knob's doc, default
 * and rules. Values stay text until {@link #toSpec()}, which parses them with the knob's own type, so a command
 * line accepts exactly what a sweep file does.
 */
final class KnobOptions {
  private final KnobRegistry registry;
  private final Map<Knob<?>, String> given = new LinkedHashMap<>();

  KnobOptions(KnobRegistry registry) {
    this.registry = registry;
  }

  /** Adds one option per knob to {@code command}. */
  void addTo(CommandSpec command) {
    for (Knob<?> knob : registry.knobs()) {
      command.addOption(OptionSpec.builder("--" + knob.key())
          .paramLabel(label(knob))
          .type(String.class)
          .description(description(knob))
          .setter(new picocli.CommandLine.Model.ISetter() {
            @Override
            public <T> T set(T value) {
              // picocli first applies the (absent) default: null means "not given", the knob keeps its own
              if (value == null) {
                given.remove(knob);
              } else {
                given.put(knob, (String) value);
              }
              return null;
            }
          })
          .build());
    }
  }

  /** The spec the given options describe, or an {@link IllegalArgumentException} with one line per problem. */
  TrialSpec toSpec() {
    List<Problem> problems = new ArrayList<>();
    TrialSpec.Builder builder = registry.builder();
    given.forEach((knob, text) -> {
      try {
        builder.set(knob, knob.type().parse(text));
      } catch (IllegalArgumentException e) {
        problems.add(Problem.invalid(knob.key(), text, e.getMessage()));
      }
    });
    TrialSpec spec = builder.build();
    if (problems.isEmpty()) {
      problems.addAll(spec.problems());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n",
          problems.stream().map(p -> p.under("--").message()).toList()));
    }
    return spec;
  }

  private static String label(Knob<?> knob) {
    String accepted = knob.type().accepted();
    return accepted.startsWith("one of ") ? accepted.substring("one of ".length()).replace(" ", "")
        : knob.listValued() ? "N,N,..." : accepted.startsWith("a number") ? "NUMBER"
        : accepted.startsWith("an integer") ? "N" : "TEXT";
  }

  /** The knob's doc, its default (a derived default is described by the doc itself) and where it applies. */
  private static String description(Knob<?> knob) {
    StringBuilder text = new StringBuilder(knob.doc());
    if (knob.defaultValue() != null) {
      text.append(" Default ").append(knob.render(knob.defaultValue())).append('.');
    }
    if (!knob.appliesDoc().isEmpty()) {
      text.append(' ').append(knob.appliesDoc()).append('.');
    }
    return text.toString();
  }
}

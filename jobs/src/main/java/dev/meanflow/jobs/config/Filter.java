package dev.meanflow.jobs.config;

import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.TrialSpec;
import java.util.Map;
import java.util.Set;

/** One include/exclude object: a trial matches when every listed knob holds one of the listed values. */
public record Filter(Map<Knob<?>, Set<Object>> values) {

  public Filter {
    values = Map.copyOf(values);
  }

  public boolean matches(TrialSpec spec) {
    return values.entrySet().stream().allMatch(e -> e.getValue().contains(spec.get(e.getKey())));
  }
}

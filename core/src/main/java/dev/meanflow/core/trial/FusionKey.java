package dev.meanflow.core.trial;

import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.TrialSpec;
import java.util.stream.Collectors;

/**
 * What trials must share to train as one fused group: the value of every knob not declared
 * {@link Knob#perMember()} (network shape, flow, batch, iterations, conditioning, JVP mode, precision, device,
 * threads). Equal keys fuse; everything else may differ per member.
 */
public record FusionKey(String shared) {

  public static FusionKey of(TrialSpec spec) {
    return new FusionKey(spec.registry().knobs().stream()
        .filter(knob -> !knob.perMember())
        .map(knob -> knob.key() + "=" + knob.render(spec.get(knob)))
        .collect(Collectors.joining(";")));
  }
}

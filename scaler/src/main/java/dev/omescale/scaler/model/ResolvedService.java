package dev.omescale.scaler.model;

import java.util.List;
import java.util.Optional;

/**
 * The effective scaling spec of one InferenceService: one entry per component present, and every problem found.
 *
 * @param isvc         the InferenceService as read
 * @param serviceMode  the ISVC-level deployment mode ({@code ome.io/deploymentMode} on metadata, else RawDeployment)
 * @param components   engine, decoder, router, in that order, for those present
 * @param decoderRatio the engine:decoder bounds for the pair, when both are present and a ratio is set
 * @param problems     errors and warnings, each naming object, field, value and fix
 */
public record ResolvedService(
        InferenceService isvc,
        DeploymentMode serviceMode,
        List<EffectiveComponentSpec> components,
        DecoderRatio decoderRatio,
        List<SpecProblem> problems) {

    public ResolvedService {
        components = List.copyOf(components);
        problems = List.copyOf(problems);
    }

    public Optional<EffectiveComponentSpec> component(ComponentKind kind) {
        return components.stream().filter(c -> c.kind() == kind).findFirst();
    }

    public Optional<DecoderRatio> ratio() {
        return Optional.ofNullable(decoderRatio);
    }

    public List<SpecProblem> errors() {
        return problems.stream().filter(p -> p.severity() == SpecProblem.Severity.ERROR).toList();
    }

    public List<SpecProblem> warnings() {
        return problems.stream().filter(p -> p.severity() == SpecProblem.Severity.WARNING).toList();
    }
}

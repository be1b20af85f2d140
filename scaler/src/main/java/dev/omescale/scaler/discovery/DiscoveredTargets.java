package dev.omescale.scaler.discovery;

import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import java.util.List;

/**
 * One immutable view of what discovery found: the targets to scrape, sorted by id and each listed once, and
 * the pods that could not become targets with the reason and the fix.
 *
 * @param generation grows by at least one with every change; equal generations mean equal contents
 * @param targets    engine/decoder/router and DCGM targets, sorted by {@link ScrapeTarget#id()}
 * @param problems   one line per pod whose annotations are unusable or whose address another pod also serves
 * @param synced     whether the pod caches had finished their first listing; before that the set may be partial
 */
public record DiscoveredTargets(long generation, List<ScrapeTarget> targets, List<String> problems, boolean synced) {

    public static final DiscoveredTargets EMPTY = new DiscoveredTargets(0, List.of(), List.of(), false);

    public DiscoveredTargets {
        targets = List.copyOf(targets);
        problems = List.copyOf(problems);
    }

    public List<ScrapeTarget> engineTargets() {
        return targets.stream().filter(t -> t.kind() == TargetKind.ENGINE).toList();
    }

    public List<ScrapeTarget> dcgmTargets() {
        return targets.stream().filter(t -> t.kind() == TargetKind.DCGM).toList();
    }
}

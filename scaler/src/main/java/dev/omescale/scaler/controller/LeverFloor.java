package dev.omescale.scaler.controller;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.model.ScalingLever;
import java.util.ArrayList;
import java.util.List;

/**
 * With the MultiNode lever, {@code spec.<c>.minReplicas} is omescale's output, not a bound: read as a bound it would
 * pin the component at whatever omescale wrote last and it could never scale down. So the decision for a lever
 * component runs with OME's floor (1) as minimum; maxReplicas stays the user's. The floor survives restarts and
 * failovers because it is not remembered anywhere.
 */
final class LeverFloor {
    static final int FLOOR = 1;

    private LeverFloor() {
    }

    static ResolvedService apply(ResolvedService service) {
        boolean any = false;
        List<EffectiveComponentSpec> components = new ArrayList<>(service.components().size());
        for (EffectiveComponentSpec c : service.components()) {
            if (c.lever() == ScalingLever.ISVC_MIN_REPLICAS && c.minReplicas() != FLOOR) {
                any = true;
                components.add(new EffectiveComponentSpec(c.kind(), c.objectName(), FLOOR,
                        Math.max(FLOOR, c.maxReplicas()), c.scaleMetric(), c.scaleTarget(), c.autoscalerClass(),
                        c.deploymentMode(), c.metricsAnnotation(), c.keda(), c.omescale(), c.annotations(),
                        c.spec()));
            } else {
                components.add(c);
            }
        }
        return any ? new ResolvedService(service.isvc(), service.serviceMode(), components, service.decoderRatio(),
                service.problems()) : service;
    }
}

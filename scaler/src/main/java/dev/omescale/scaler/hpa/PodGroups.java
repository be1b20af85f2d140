package dev.omescale.scaler.hpa;

import java.util.List;

/**
 * The HPA's classification of the selected pods for one metric (section 4 of the spec).
 *
 * @param ready    samples of the pods that count as ready, in pod order
 * @param unready  pods whose samples were dropped as not ready yet (Pending, or cpu readiness rules)
 * @param missing  pods without a sample
 * @param ignored  deleted or Failed pods
 * @param unlisted samples for pods that are not in the pod list (the metrics API saw a pod the pod lister did
 *                 not); the HPA keeps them in its sample map, so they enter averages and sample counts, but they
 *                 are not ready pods and have no request
 */
public record PodGroups(List<PodSample> ready, List<String> unready, List<String> missing, List<String> ignored,
        List<PodSample> unlisted) {

    public PodGroups {
        ready = List.copyOf(ready);
        unlisted = List.copyOf(unlisted);
        unready = List.copyOf(unready);
        missing = List.copyOf(missing);
        ignored = List.copyOf(ignored);
    }
}

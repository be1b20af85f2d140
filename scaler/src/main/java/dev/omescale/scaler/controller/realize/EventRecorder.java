package dev.omescale.scaler.controller.realize;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events on the InferenceService: one per replica change, and one per refusal. A refusal that repeats
 * unchanged tick after tick is written once; it is written again when its reason or numbers change. Failing to write
 * an Event never fails a reconcile.
 */
public final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    /** The API server's limit on an Event message. */
    static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final String instance;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, String> lastRefusal = new ConcurrentHashMap<>();

    /** @param instance this controller's identity (pod name), as {@code reportingInstance} */
    public EventRecorder(KubernetesClient client, String instance) {
        this.client = client;
        this.instance = instance;
    }

    public void normal(GenericKubernetesResource isvc, String component, String reason, String message) {
        lastRefusal.remove(key(isvc, component));
        write(isvc, "Normal", reason, message);
    }

    /** A refusal; written unless the last refusal for this component had the same {@code sameAs} text. */
    public void refusal(GenericKubernetesResource isvc, String component, String reason, String sameAs,
            String message) {
        String previous = lastRefusal.put(key(isvc, component), reason + "|" + sameAs);
        if (!(reason + "|" + sameAs).equals(previous)) {
            write(isvc, "Warning", reason, message);
        }
    }

    /** Forgets the last refusal, e.g. when the component is written or decided without refusal again. */
    public void clear(GenericKubernetesResource isvc, String component) {
        lastRefusal.remove(key(isvc, component));
    }

    /** Forgets the refusals of a deleted InferenceService. */
    public void forget(String namespace, String name) {
        lastRefusal.keySet().removeIf(k -> k.startsWith(namespace + "/" + name + "/"));
    }

    private static String key(GenericKubernetesResource isvc, String component) {
        return isvc.getMetadata().getNamespace() + "/" + isvc.getMetadata().getName() + "/" + component;
    }

    private void write(GenericKubernetesResource isvc, String type, String reason, String message) {
        String ns = isvc.getMetadata().getNamespace();
        String name = isvc.getMetadata().getName();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String text = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(name + "." + Long.toHexString(System.currentTimeMillis()) + sequence.incrementAndGet())
                .withNamespace(ns)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(isvc.getApiVersion())
                        .withKind(isvc.getKind())
                        .withNamespace(ns)
                        .withName(name)
                        .withUid(isvc.getMetadata().getUid())
                        .withResourceVersion(isvc.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(text)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent("omescale").endSource()
                .withReportingComponent("omescale")
                .withReportingInstance(instance)
                .build();
        try {
            client.v1().events().inNamespace(ns).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("could not write Event {} on InferenceService {}/{}: {}; grant create on events (README, RBAC)",
                    reason, ns, name, e.getMessage());
        }
    }
}

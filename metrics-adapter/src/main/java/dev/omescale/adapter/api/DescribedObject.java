package dev.omescale.adapter.api;

/**
 * The Kubernetes object a custom metric value describes ({@code describedObject}, an ObjectReference).
 *
 * @param namespace null for cluster-scoped objects (a Namespace)
 */
public record DescribedObject(String kind, String namespace, String name, String apiVersion) {

    public static DescribedObject pod(String namespace, String name) {
        return new DescribedObject("Pod", namespace, name, "v1");
    }

    public static DescribedObject inferenceService(String namespace, String name) {
        return new DescribedObject("InferenceService", namespace, name, "ome.io/v1beta1");
    }

    public static DescribedObject deployment(String namespace, String name) {
        return new DescribedObject("Deployment", namespace, name, "apps/v1");
    }

    public static DescribedObject namespace(String name) {
        return new DescribedObject("Namespace", null, name, "v1");
    }
}

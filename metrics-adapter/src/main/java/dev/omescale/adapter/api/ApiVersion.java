package dev.omescale.adapter.api;

import java.util.Optional;

/** The group versions the adapter serves. */
public enum ApiVersion {
    CUSTOM_V1BETA1(ApiVersion.CUSTOM_GROUP, "v1beta1", "MetricValueList"),
    CUSTOM_V1BETA2(ApiVersion.CUSTOM_GROUP, "v1beta2", "MetricValueList"),
    EXTERNAL_V1BETA1(ApiVersion.EXTERNAL_GROUP, "v1beta1", "ExternalMetricValueList");

    public static final String CUSTOM_GROUP = "custom.metrics.k8s.io";
    public static final String EXTERNAL_GROUP = "external.metrics.k8s.io";

    private final String group;
    private final String version;
    private final String listKind;

    ApiVersion(String group, String version, String listKind) {
        this.group = group;
        this.version = version;
        this.listKind = listKind;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    /** {@code group/version}, the {@code apiVersion} of this version's lists. */
    public String groupVersion() {
        return group + "/" + version;
    }

    public String listKind() {
        return listKind;
    }

    public static Optional<ApiVersion> custom(String version) {
        return switch (version) {
            case "v1beta1" -> Optional.of(CUSTOM_V1BETA1);
            case "v1beta2" -> Optional.of(CUSTOM_V1BETA2);
            default -> Optional.empty();
        };
    }
}

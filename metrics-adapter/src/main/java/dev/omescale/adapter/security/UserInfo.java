package dev.omescale.adapter.security;

import java.util.List;
import java.util.Map;

/** Who made a request, as Kubernetes' authenticators describe a user. */
public record UserInfo(String name, List<String> groups, Map<String, List<String>> extra) {
    public UserInfo {
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }
}

package dev.omescale.scaler.controller.testing;

import dev.omescale.scaler.controller.ControllerRbac;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The one RBAC audit: maps requests recorded on the {@link MockCluster} onto RBAC permissions
 * ({@code verb group/resource[/subresource]}, as the API server authorizes them) and compares them with
 * {@link ControllerRbac}'s rules both ways. The app's manifest test compares the same rules with {@code deploy/}.
 */
public final class RbacAudit {
    private RbacAudit() {
    }

    /** The distinct permissions ({@code verb group/resource}) the requests of {@code userAgent} needed. */
    public static SortedSet<String> used(MockCluster cluster, String userAgent) {
        SortedSet<String> rules = new TreeSet<>();
        for (RecordingScaleDispatcher.Call c : cluster.calls()) {
            if (userAgent.equals(c.userAgent())) {
                rules.add(c.rbacRule());
            }
        }
        return rules;
    }

    /** The permissions of {@code used} that no documented rule allows. */
    public static List<String> undocumented(Set<String> used) {
        return used.stream().filter(rule -> {
            String[] verbAndResource = rule.split(" ", 2);
            String[] groupAndResource = verbAndResource[1].split("/", 2);
            return groupAndResource.length < 2
                    || !ControllerRbac.allowed(verbAndResource[0], groupAndResource[0], groupAndResource[1]);
        }).toList();
    }

    /** Permissions {@code used} needs that {@code rules} does not grant. */
    public static SortedSet<String> missing(Set<String> used, List<ControllerRbac.Rule> rules) {
        SortedSet<String> out = new TreeSet<>(used);
        out.removeAll(ControllerRbac.permissions(rules));
        return out;
    }

    /** Permissions {@code rules} grants that {@code used} never needed. */
    public static SortedSet<String> unused(Set<String> used, List<ControllerRbac.Rule> rules) {
        SortedSet<String> out = new TreeSet<>(ControllerRbac.permissions(rules));
        out.removeAll(used);
        return out;
    }
}

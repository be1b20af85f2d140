package dev.omescale.scaler.controller.testing;

import dev.omescale.scaler.controller.ControllerRbac;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Maps recorded requests onto RBAC permissions and checks them against {@link ControllerRbac#RULES}. */
public final class RbacAudit {
    private RbacAudit() {
    }

    /** The distinct permissions ({@code verb group/resource}) the requests of {@code userAgent} needed. */
    public static Set<String> used(MockCluster cluster, String userAgent) {
        Set<String> rules = new TreeSet<>();
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
}

package dev.omescale.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code omescale controller} as the manifests use it, and the routes its --listen server
 * serves. The controller subcommand is being built on another branch; until it is merged into this one, this is
 * its announced contract (flags --namespace NS, --tick D, --leader-election, --listen ADDR and --config FILE for the
 * servers' sections; routes /healthz, /readyz, /explain/NS/ISVC, /metrics). Once merged, check the arguments with
 * the controller's own parser instead, as the sidecar test does with {@code ServeCommand}.
 */
final class ControllerFlags {
    static final Set<String> WITH_VALUE = Set.of("--namespace", "--tick", "--listen", "--config");
    static final Set<String> SWITCHES = Set.of("--leader-election");
    static final Set<String> ROUTES = Set.of("/healthz", "/readyz", "/metrics");

    private ControllerFlags() {
    }

    /** Flag → value ("" for a switch); fails on anything the controller does not take. */
    static Map<String, String> parse(List<String> args) {
        if (args == null || args.isEmpty() || !args.get(0).equals("controller")) {
            throw new AssertionError("not an omescale controller command line: " + args);
        }
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (SWITCHES.contains(arg)) {
                flags.put(arg, "");
            } else if (WITH_VALUE.contains(arg)) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new AssertionError(arg + " needs a value: " + args);
                }
                flags.put(arg, args.get(++i));
            } else {
                throw new AssertionError("omescale controller takes no " + arg + " (" + args + ")");
            }
        }
        return flags;
    }
}

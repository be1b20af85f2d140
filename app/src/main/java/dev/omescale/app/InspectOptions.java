package dev.omescale.app;

import dev.omescale.telemetry.config.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What `omescale inspect` was asked to do.
 *
 * @param config      targets file, or null
 * @param url         a single engine or DCGM target, or null
 * @param demo        whether to start the embedded example fleet and inspect it
 * @param duration    how long to scrape before printing; null means one window
 * @param json        print JSON instead of tables
 * @param staleAfter  missed intervals after which a target's data is stale
 */
record InspectOptions(Path config, URI url, boolean demo, Duration duration, boolean json, int staleAfter) {

    static final String USAGE = """
            usage: omescale inspect (--demo | --config FILE | --url URL) [options]

              --demo              start a small example fleet (3 vLLM pods and a dcgm-exporter on loopback,
                                  built from real captures) and inspect it
              --config FILE       standalone targets file (YAML: scrape, window, targets)
              --url URL           one target; vLLM, SGLang or dcgm-exporter, recognised by its metric names
              --duration D        how long to scrape before printing (default: one window; e.g. 30s, 2m)
              --output FORMAT     table (default) or json
              --stale-after N     missed scrape intervals before a target's data is stale (default 3)
            """;

    static InspectOptions parse(String[] args) throws UsageException {
        Path config = null;
        URI url = null;
        boolean demo = false;
        Duration duration = null;
        boolean json = false;
        int staleAfter = 3;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--demo" -> demo = true;
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--url" -> url = parseUrl(value(args, ++i, arg));
                case "--duration" -> duration = parseDuration(value(args, ++i, arg));
                case "--output" -> json = parseOutput(value(args, ++i, arg));
                case "--stale-after" -> staleAfter = parseStaleAfter(value(args, ++i, arg));
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        int sources = (demo ? 1 : 0) + (config != null ? 1 : 0) + (url != null ? 1 : 0);
        if (sources != 1) {
            throw new UsageException("give exactly one of --demo, --config FILE or --url URL");
        }
        return new InspectOptions(config, url, demo, duration, json, staleAfter);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static URI parseUrl(String text) throws UsageException {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url '" + text + "' is not an absolute http(s) URL; "
                    + "write it like http://127.0.0.1:8000/metrics");
        }
    }

    private static Duration parseDuration(String text) throws UsageException {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                throw new IllegalArgumentException("zero");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--duration '" + text + "' is not a positive duration; write it like 30s or 2m");
        }
    }

    private static boolean parseOutput(String text) throws UsageException {
        return switch (text) {
            case "json" -> true;
            case "table" -> false;
            default -> throw new UsageException("--output '" + text + "' is not a format; use table or json");
        };
    }

    private static int parseStaleAfter(String text) throws UsageException {
        try {
            int n = Integer.parseInt(text);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--stale-after '" + text + "' must be a whole number of intervals, 1 or more");
        }
    }
}

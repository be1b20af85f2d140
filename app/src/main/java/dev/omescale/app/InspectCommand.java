package dev.omescale.app;

import dev.omescale.telemetry.config.ConfigException;
import dev.omescale.telemetry.config.TargetConfig;
import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.config.TelemetryConfigLoader;
import dev.omescale.telemetry.config.Durations;
import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.scrape.ScrapeResult;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import dev.omescale.telemetry.scrape.Scraper;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.store.TargetStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** {@code omescale inspect}: scrape for a while, then print what omescale makes of the exporters. */
final class InspectCommand {
    /** The demo scrapes fast so the whole run takes seconds, not a minute. */
    static final Duration DEMO_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEMO_WINDOW = Duration.ofSeconds(10);

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock = Clock.systemUTC();

    InspectCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(InspectOptions.USAGE);
            return 0;
        }
        InspectOptions options;
        try {
            options = InspectOptions.parse(args);
        } catch (UsageException e) {
            err.println("omescale inspect: " + e.getMessage());
            err.print(InspectOptions.USAGE);
            return 2;
        }
        DemoFleet fleet = null;
        try {
            TelemetryConfig config;
            if (options.demo()) {
                fleet = DemoFleet.start(DemoFleet.Options.standard());
                for (int i = 0; i < 120; i++) {
                    fleet.advance(0.25); // start mid-run, with queues and latencies already there to see
                }
                config = fleet.config(DEMO_INTERVAL, Duration.ofMillis(800), DEMO_WINDOW);
            } else if (options.config() != null) {
                config = TelemetryConfigLoader.load(options.config());
            } else {
                config = singleTarget(options.url());
            }
            return inspect(config, options);
        } catch (ConfigException e) {
            err.println("omescale inspect: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("omescale inspect: cannot start the demo fleet: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("omescale inspect: interrupted");
            return 1;
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    private int inspect(TelemetryConfig config, InspectOptions options) throws InterruptedException {
        Duration duration = options.duration() != null ? options.duration() : config.window();
        if (duration.compareTo(config.scrapeInterval().multipliedBy(2)) < 0) {
            err.println("omescale inspect: warning: --duration " + Durations.format(duration)
                    + " is under two scrape intervals; rates and latency quantiles will be empty");
        }
        err.println("omescale inspect: scraping " + config.targets().size() + " target(s) every "
                + Durations.format(config.scrapeInterval()) + " for " + Durations.format(duration)
                + " (window " + Durations.format(config.window()) + ")");
        TelemetryReport report;
        try (TelemetryPipeline pipeline = new TelemetryPipeline(config, ScraperOptions.DEFAULT,
                options.staleAfter(), clock)) {
            pipeline.start();
            Thread.sleep(duration.toMillis());
            report = pipeline.report();
        }
        if (options.json()) {
            out.println(ReportJson.write(report));
            for (TargetStatus t : report.targets()) {
                if (!t.up()) {
                    err.println("target " + t.target() + " failed: " + t.lastError());
                }
            }
        } else {
            out.print(ReportTable.render(report));
        }
        boolean anyUp = report.targets().stream().anyMatch(TargetStatus::up);
        return anyUp ? 0 : 1;
    }

    /** A target from {@code --url}; one probe tells an engine from a dcgm-exporter by its metric names. */
    private TelemetryConfig singleTarget(URI url) {
        Duration interval = Duration.ofSeconds(5);
        Duration timeout = Duration.ofSeconds(3);
        String pod = url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
        TargetConfig engine = new TargetConfig(url, TargetKind.ENGINE, "default", pod, null, "engine");
        TargetKind kind = TargetKind.ENGINE;
        try (Scraper probe = new Scraper(ScraperOptions.DEFAULT, clock, r -> { })) {
            ScrapeResult r = probe.scrapeOnce(ScrapeTarget.from(engine, interval, timeout));
            if (r.ok() && r.page().samples().stream().anyMatch(s -> s.name().startsWith("DCGM_"))) {
                kind = TargetKind.DCGM;
            }
        }
        TargetConfig target = kind == TargetKind.DCGM
                ? new TargetConfig(url, TargetKind.DCGM, null, null, null, null)
                : engine;
        return new TelemetryConfig(interval, timeout, Duration.ofSeconds(60), List.of(target));
    }
}

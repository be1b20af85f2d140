package dev.omescale.bench;

import dev.omescale.telemetry.exposition.ExpositionException;
import dev.omescale.telemetry.exposition.ExpositionFormat;
import dev.omescale.telemetry.exposition.ExpositionHandler;
import dev.omescale.telemetry.exposition.ExpositionParser;
import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;
import dev.omescale.telemetry.exposition.ParseLimits;
import dev.omescale.telemetry.exposition.ParseSummary;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Pages parsed per second by {@link ExpositionParser} in the Prometheus text format, on the pages of
 * {@link BenchPages}. One op is one whole page; MB/s and samples/s follow from the page's bytes and sample
 * lines, and {@code -prof gc}'s {@code gc.alloc.rate.norm} divided by the samples gives bytes per sample.
 * {@code bench/run-parse-comparison.sh} runs it beside Go's expfmt on the same bytes and the same core.
 *
 * <p>Every sample reaches a {@link Blackhole}, so nothing the parser builds for the handler is dead code.
 * The parser is reused across pages, as a scraper reuses one per target (the Go side reuses its
 * {@code TextParser} too).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBenchmark {

    @Param({BenchPages.VLLM_REAL, BenchPages.VLLM_BUSY, BenchPages.DCGM_REAL})
    public String page;

    private byte[] data;
    private ExpositionParser parser;
    private ExpositionHandler handler;

    @Setup
    public void setUp(Blackhole blackhole) throws ExpositionException {
        data = BenchPages.page(page);
        parser = new ExpositionParser(ParseLimits.DEFAULT);
        handler = new BlackholeHandler(blackhole);
        // Both sides must count the same thing: one sample per sample line (see bench/go/expfmt-bench).
        ParseSummary summary = parser.parse(data, data.length, ExpositionFormat.PROMETHEUS_TEXT, handler);
        int lines = sampleLines(data);
        if (summary.samples() != lines) {
            throw new IllegalStateException("page " + page + ": parser reports " + summary.samples()
                    + " samples but the page has " + lines + " sample lines; fix the counting before comparing");
        }
    }

    @Benchmark
    public ParseSummary parse() throws ExpositionException {
        return parser.parse(data, data.length, ExpositionFormat.PROMETHEUS_TEXT, handler);
    }

    /** Lines that are neither blank nor comments. */
    static int sampleLines(byte[] page) {
        int count = 0;
        boolean lineStart = true;
        boolean counted = false;
        for (byte b : page) {
            if (b == '\n') {
                lineStart = true;
                counted = false;
            } else if (lineStart && (b == ' ' || b == '\t')) {
                continue;
            } else if (lineStart) {
                lineStart = false;
                if (b != '#' && !counted) {
                    count++;
                    counted = true;
                }
            }
        }
        return count;
    }

    /** Hands every callback argument to JMH's blackhole. */
    private static final class BlackholeHandler implements ExpositionHandler {
        private final Blackhole blackhole;

        BlackholeHandler(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void family(String name, MetricType type, String help, String unit) {
            blackhole.consume(name);
            blackhole.consume(type);
            blackhole.consume(help);
            blackhole.consume(unit);
        }

        @Override
        public void sample(String family, MetricType type, String name, Labels labels, double value,
                long timestampMillis) {
            blackhole.consume(family);
            blackhole.consume(type);
            blackhole.consume(name);
            blackhole.consume(labels);
            blackhole.consume(value);
            blackhole.consume(timestampMillis);
        }
    }
}

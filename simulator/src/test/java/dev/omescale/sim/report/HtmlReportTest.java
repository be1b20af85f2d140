package dev.omescale.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.omescale.sim.report.ReportData.PolicyRun;

class HtmlReportTest {
    private final ReportData data = ReportFixtures.sample(true);
    private final String html = HtmlReport.render(data);

    @Test
    void everyTextIsEscaped() {
        assertThat(html).doesNotContain("<kpa>", "<demo>", "<CC-BY 4.0>");
        assertThat(html).contains("knative &lt;kpa&gt; &amp; &quot;q&quot; &#39;x&#39;");
        assertThat(html).contains("<title>Simulation &lt;demo&gt; &amp; test</title>");
        assertThat(html).contains("Azure LLM inference trace 2023 (code) &lt;CC-BY 4.0&gt; &amp; Splitwise");
        assertThat(Html.escape("a\u0001b")).isEqualTo("a\uFFFDb");
    }

    @Test
    void selfContainedNothingToFetch() {
        assertThat(html).doesNotContainIgnoringCase("src=").doesNotContainIgnoringCase("href=")
                .doesNotContainIgnoringCase("<link").doesNotContainIgnoringCase("@import")
                .doesNotContainIgnoringCase("url(").doesNotContain("fetch(").doesNotContain("XMLHttpRequest");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "<script>");
    }

    @Test
    void summaryTableHasEveryFieldWithItsUnit() {
        for (String header : List.of("TTFT SLO attainment<br><span class=\"unit\">(%)", "ITL SLO attainment<br><span class=\"unit\">(%)",
                "TTFT p50<br><span class=\"unit\">(s)", "TTFT p95<br><span class=\"unit\">(s)", "TTFT p99<br><span class=\"unit\">(s)",
                "ITL p50<br><span class=\"unit\">(ms)", "ITL p95<br><span class=\"unit\">(ms)", "ITL p99<br><span class=\"unit\">(ms)",
                "GPU-hours<br><span class=\"unit\">(GPU·h)", "Scale events", "Flaps", "Dropped<br><span class=\"unit\">(requests)",
                "Preempted<br><span class=\"unit\">(requests)", "Burst → scale-up<br><span class=\"unit\">(s)",
                "Burst → pods ready<br><span class=\"unit\">(s)",
                "Burst → p95 TTFT back in SLO<br><span class=\"unit\">(s)",
                "Burst end → scale-down<br><span class=\"unit\">(s)")) {
            assertThat(html).contains(header);
        }
        String firstRow = row("omescale-slo");
        // 0.995 -> 99.5 %, 0.999 -> 99.9 %, TTFT 0.4/1.2/2.5 s, ITL 20/35/50 ms, 10.5 GPU-h, 12 events, 0 flaps ...
        assertThat(cells(firstRow)).containsExactly("99.5", "99.9", "0.4", "1.2", "2.5", "20", "35", "50", "10.5", "12", "0",
                "0", "0", "12", "140", "95", "400");
        // a part of the chain that never happened
        assertThat(cells(row("static-peak"))).endsWith("13", "141", "n/a", "401");
    }

    private String row(String policy) {
        Matcher m = Pattern.compile("<tr data-policy=\"" + Pattern.quote(Html.escape(policy)) + "\">(.*?)</tr>").matcher(html);
        assertThat(m.find()).as("row for %s", policy).isTrue();
        return m.group(1);
    }

    private static List<String> cells(String row) {
        return Pattern.compile("<td[^>]*>([^<]*)</td>").matcher(row).results().map(r -> r.group(1)).toList();
    }

    @Test
    void seriesPathsHoldOnePointPerFiniteSample() {
        Matcher m = Pattern.compile("<path class=\"series (\\S+)\" data-series=\"[^\"]*\" data-points=\"(\\d+)\" d=\"([^\"]*)\"")
                .matcher(html);
        int paths = 0;
        while (m.find()) {
            paths++;
            String cls = m.group(1);
            int points = Integer.parseInt(m.group(2));
            String d = m.group(3);
            long moves = d.chars().filter(c -> c == 'M').count();
            long steps = d.chars().filter(c -> c == (cls.startsWith("engine") || cls.startsWith("decoder") ? 'H' : 'L')).count();
            assertThat(moves + steps).as("vertices of %s", cls).isEqualTo(points);
            int expected = cls.equals("ttft") || cls.equals("itl") ? ReportFixtures.finiteTtftSamples() : ReportFixtures.SAMPLES;
            assertThat(points).as("points of %s", cls).isEqualTo(expected);
            if (cls.equals("ttft")) {
                assertThat(moves).as("NaN samples split the TTFT line").isGreaterThan(1);
            }
        }
        // 3 policies x (4 replica series + arrivals + queue + TTFT + ITL)
        assertThat(paths).isEqualTo(3 * 8);
    }

    @Test
    void latencyAxisStopsAtAFewTimesTheSloAndSaysSo() {
        // The third policy's TTFT reaches 30 s against a 2 s SLO: the axis stops at 10 s and the caption says so.
        assertThat(html).contains("values above 10 s drawn at the top edge");
        assertThat(html).contains("data-target=\"2\"").contains("data-target=\"50\"");
    }

    @Test
    void unifiedFleetsShowReadyAndTotalWithoutDecoderLines() {
        String unified = HtmlReport.render(ReportFixtures.sample(false));
        assertThat(unified).contains("data-series=\"ready\"", "data-series=\"total (incl. starting)\"")
                .doesNotContain("class=\"series decoder-ready\"");
        assertThat(html).contains("data-series=\"engine ready\"", "data-series=\"decoder total\"");
    }

    @Test
    void seriesOfTheWrongLengthAreRejectedWithTheFix() {
        PolicyRun good = ReportFixtures.run("p1", 0, false);
        PolicyRun bad = new PolicyRun("p1", good.timesSeconds(), good.arrivalRatePerSecond(), good.engineReplicasReady(),
                good.engineReplicasTotal(), good.decoderReplicasReady(), good.decoderReplicasTotal(),
                new double[3], good.itlP95Seconds(), good.queueLength());
        ReportData broken = new ReportData("t", "w", "a", 1, 0.1, List.of(bad), List.of());
        assertThatThrownBy(() -> HtmlReport.render(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("report: policy p1: ttftP95Seconds has 3 samples but timesSeconds has 121; "
                        + "fix: sample every series at the same instants");
    }

    @Test
    void emptyReportStillRenders() {
        String empty = HtmlReport.render(new ReportData(null, "w", "a", 1, 0.1, List.of(), List.of()));
        assertThat(empty).contains("<title>omescale simulation</title>", "No runs to show.");
    }

    @Test
    void writeCreatesFoldersAndWritesTheRenderedPage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out/nested/report.html");
        HtmlReport.write(data, file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(html);
        Path blocked = dir.resolve("a-file");
        Files.writeString(blocked, "x");
        assertThatThrownBy(() -> HtmlReport.write(data, blocked.resolve("report.html")))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("cannot write the HTML report to");
    }

    @Test
    void ticksAreRound() {
        assertThat(Ticks.of(10)).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0, 10.0);
        assertThat(Ticks.of(3600)).containsExactly(0.0, 1000.0, 2000.0, 3000.0);
        assertThat(Ticks.of(0.05)).containsExactly(0.0, 0.01, 0.02, 0.03, 0.04, 0.05);
        assertThat(Ticks.of(Double.NaN)).containsExactly(0.0);
    }
}

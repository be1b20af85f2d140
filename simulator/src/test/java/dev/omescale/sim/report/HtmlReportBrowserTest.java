package dev.omescale.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report opened in a real browser (Debian's chromium, headless, offline): it runs its script
 * without console output of any kind, and the rendered DOM holds every chart, row and the attribution.
 */
class HtmlReportBrowserTest {
    @TempDir
    Path dir;

    @Test
    void reportRendersItsChartsTableAndAttributionWithoutConsoleErrors() throws Exception {
        Path file = dir.resolve("report.html");
        HtmlReport.write(ReportFixtures.sample(true), file);
        HeadlessChromium.Page page = HeadlessChromium.open(file, dir);

        // The report writes nothing to the console: any line is an error, a warning or a failed load.
        assertThat(page.consoleLines()).as("console output of the report page").isEmpty();
        String dom = page.dom();
        assertThat(dom).as("the inline script ran to its end").contains("data-script=\"ready\"");

        for (String policy : ReportFixtures.POLICIES) {
            for (String chart : List.of("replicas", "load", "queue", "ttft", "itl")) {
                String svg = svg(dom, chart, policy);
                List<Integer> points = Pattern.compile("data-points=\"(\\d+)\"").matcher(svg).results()
                        .map(r -> Integer.parseInt(r.group(1))).toList();
                assertThat(points).as("%s chart of %s", chart, policy).isNotEmpty().allMatch(n -> n > 100);
                assertThat(points).hasSize(chart.equals("replicas") ? 4 : 1);
                if (chart.equals("ttft") || chart.equals("itl")) {
                    assertThat(svg).as("SLO line on %s", chart).contains("class=\"target\"");
                }
            }
        }
        String tradeoff = svgOf(dom, "tradeoff");
        assertThat(count(tradeoff, "<circle class=\"point point-ttft\"")).isEqualTo(3);
        assertThat(count(tradeoff, "<rect class=\"point point-itl\"")).isEqualTo(3);

        String tbody = dom.substring(dom.indexOf("<tbody>"), dom.indexOf("</tbody>"));
        assertThat(count(tbody, "<tr data-policy=")).isEqualTo(3);
        assertThat(unescape(tbody)).contains(ReportFixtures.NASTY_POLICY);
        assertThat(unescape(dom)).contains("Azure LLM inference trace 2023 (code) <CC-BY 4.0> & Splitwise");
        // Escaped text stays text: the nasty policy name did not become a <kpa> element.
        assertThat(dom).doesNotContain("<kpa>");
    }

    @Test
    void consoleErrorsAndUncaughtExceptionsAreSeen() throws Exception {
        // The check above is only worth something if a broken page fails it.
        Path file = dir.resolve("broken.html");
        Files.writeString(file, "<!DOCTYPE html><html><body><script>console.error('broken-on-purpose');"
                + "document.body.setAttribute('data-script','ready'); missingFunction();</script></body></html>");
        HeadlessChromium.Page page = HeadlessChromium.open(file, dir);
        assertThat(page.consoleLines()).anyMatch(l -> l.contains("broken-on-purpose"))
                .anyMatch(l -> l.contains("Uncaught ReferenceError: missingFunction is not defined"));
        assertThat(page.dom()).contains("data-script=\"ready\"");
    }

    private static String svg(String dom, String chart, String policy) {
        Matcher m = Pattern.compile("<svg[^>]*data-chart=\"" + chart + "\"[^>]*>.*?</svg>", Pattern.DOTALL).matcher(dom);
        while (m.find()) {
            String svg = m.group();
            Matcher attr = Pattern.compile("data-policy=\"([^\"]*)\"").matcher(svg);
            if (attr.find() && unescape(attr.group(1)).equals(policy)) {
                return svg;
            }
        }
        throw new AssertionError("no " + chart + " chart for policy " + policy + " in the rendered page");
    }

    private static String svgOf(String dom, String chart) {
        Matcher m = Pattern.compile("<svg[^>]*data-chart=\"" + chart + "\"[^>]*>.*?</svg>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("%s chart", chart).isTrue();
        return m.group();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}

package dev.omescale.sim.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One time-series chart drawn as inline SVG: axes with round ticks, one path per series (NaN samples
 * leave gaps), an optional horizontal target line. Values above the y range are drawn at the top
 * edge and the caption says so, so one policy's runaway latency does not flatten everyone's chart.
 */
final class LineChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 220;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 34;

    /** A series: {@code step} draws a staircase (replica counts), otherwise straight segments. */
    record Series(String name, String cssClass, double[] y, boolean step) {
    }

    /** A horizontal reference line, e.g. the SLO. */
    record Target(String label, double value) {
    }

    private final String kind;
    private final String policy;
    private final String title;
    private final String yLabel;
    private final double[] x;
    private final double xMax;
    private final double yMax;
    private final double timeDivisor;
    private final String timeUnit;
    private final List<Series> series = new ArrayList<>();
    private Target target;

    /**
     * @param kind        chart kind, written as {@code data-chart} (replicas, load, queue, ttft, itl)
     * @param x           sample times in seconds
     * @param xMax        right end of the time axis in seconds (shared by all policies)
     * @param yMax        top of the value axis (shared by all policies)
     */
    LineChart(String kind, String policy, String title, String yLabel, double[] x, double xMax, double yMax) {
        this.kind = kind;
        this.policy = policy;
        this.title = title;
        this.yLabel = yLabel;
        this.x = x;
        this.xMax = xMax > 0 ? xMax : 1;
        this.yMax = yMax > 0 ? yMax : 1;
        // Minutes read better than thousands of seconds.
        this.timeDivisor = this.xMax > 1200 ? 60 : 1;
        this.timeUnit = this.xMax > 1200 ? "min" : "s";
    }

    LineChart add(Series s) {
        series.add(s);
        return this;
    }

    LineChart target(Target t) {
        this.target = t;
        return this;
    }

    private double px(double seconds) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (seconds / xMax);
    }

    private double py(double value) {
        double clipped = Math.max(0, Math.min(yMax, value));
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - clipped / yMax);
    }

    String render() {
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" data-chart=\"").append(kind)
                .append("\" data-policy=\"").append(Html.escape(policy)).append("\" aria-label=\"")
                .append(Html.escape(title + " for " + policy)).append("\">");
        svg.append("<title>").append(Html.escape(title + " — " + policy)).append("</title>");
        axes(svg);
        boolean clipped = false;
        for (Series s : series) {
            clipped |= path(svg, s);
        }
        if (target != null && target.value() <= yMax) {
            double y = py(target.value());
            svg.append("<line class=\"target\" data-target=\"").append(Html.number(target.value(), 6))
                    .append("\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(Html.coord(y)).append("\" y2=\"").append(Html.coord(y)).append("\"/>")
                    .append("<text class=\"target-label\" x=\"").append(WIDTH - RIGHT - 4).append("\" y=\"")
                    .append(Html.coord(y - 4)).append("\" text-anchor=\"end\">").append(Html.escape(target.label()))
                    .append("</text>");
        }
        svg.append("</svg><figcaption>").append(Html.escape(title));
        for (Series s : series) {
            svg.append(" <span class=\"key ").append(s.cssClass()).append("\">").append(Html.escape(s.name())).append("</span>");
        }
        if (target != null) {
            svg.append(" <span class=\"key target\">").append(Html.escape(target.label())).append("</span>");
        }
        if (clipped) {
            svg.append(" <span class=\"clipped\">values above ").append(Html.number(yMax, 3)).append(' ')
                    .append(Html.escape(yLabel)).append(" drawn at the top edge</span>");
        }
        svg.append("</figcaption></figure>\n");
        return svg.toString();
    }

    private void axes(StringBuilder svg) {
        int bottom = HEIGHT - BOTTOM;
        svg.append("<g class=\"axes\">");
        for (double v : Ticks.of(yMax)) {
            double y = py(v);
            svg.append("<line class=\"gridline\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(Html.coord(y)).append("\" y2=\"").append(Html.coord(y)).append("\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Html.coord(y + 4))
                    .append("\" text-anchor=\"end\">").append(Html.number(v, 3)).append("</text>");
        }
        for (double v : Ticks.of(xMax / timeDivisor)) {
            double xx = px(v * timeDivisor);
            svg.append("<line class=\"tick\" x1=\"").append(Html.coord(xx)).append("\" x2=\"").append(Html.coord(xx))
                    .append("\" y1=\"").append(bottom).append("\" y2=\"").append(bottom + 4).append("\"/>")
                    .append("<text x=\"").append(Html.coord(xx)).append("\" y=\"").append(bottom + 16)
                    .append("\" text-anchor=\"middle\">").append(Html.number(v, 3)).append("</text>");
        }
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y1=\"").append(bottom).append("\" y2=\"").append(bottom).append("\"/>")
                .append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT)
                .append("\" y1=\"").append(TOP).append("\" y2=\"").append(bottom).append("\"/>")
                .append("<text class=\"axis-label\" x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"")
                .append(HEIGHT - 4).append("\" text-anchor=\"middle\">time (").append(timeUnit).append(")</text>")
                .append("<text class=\"axis-label\" transform=\"rotate(-90)\" x=\"").append(-(TOP + bottom) / 2)
                .append("\" y=\"12\" text-anchor=\"middle\">").append(Html.escape(yLabel)).append("</text>");
        svg.append("</g>");
    }

    /** Appends the series' path; returns whether any value lay above the axis. */
    private boolean path(StringBuilder svg, Series s) {
        StringBuilder d = new StringBuilder(s.y().length * 14);
        int points = 0;
        boolean clipped = false;
        boolean open = false;
        double previousY = 0;
        for (int i = 0; i < s.y().length; i++) {
            double v = s.y()[i];
            if (!Double.isFinite(v)) {
                open = false;
                continue;
            }
            clipped |= v > yMax;
            double xx = px(x[i]);
            double yy = py(v);
            if (!open) {
                d.append('M').append(Html.coord(xx)).append(' ').append(Html.coord(yy));
                open = true;
            } else if (s.step()) {
                // Hold the previous value until this sample, then move to the new one.
                d.append('H').append(Html.coord(xx));
                if (yy != previousY) {
                    d.append('V').append(Html.coord(yy));
                }
            } else {
                d.append('L').append(Html.coord(xx)).append(' ').append(Html.coord(yy));
            }
            previousY = yy;
            points++;
        }
        svg.append("<path class=\"series ").append(s.cssClass()).append("\" data-series=\"").append(Html.escape(s.name()))
                .append("\" data-points=\"").append(points).append("\" d=\"").append(d).append("\"><title>")
                .append(Html.escape(s.name())).append("</title></path>");
        return clipped;
    }
}

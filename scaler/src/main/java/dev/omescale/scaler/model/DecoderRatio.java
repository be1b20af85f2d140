package dev.omescale.scaler.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounds on decoders per engine for prefill/decode disaggregation, written {@code engine:decoder}:
 * {@code 1:1-1:4} means between 1 and 4 decoders per engine, {@code 2:1-1:1} between 0.5 and 1, and a single
 * {@code 1:2} exactly 2. Integer arithmetic throughout, so {@code 3:2} means exactly 1.5 and never 1.4999.
 *
 * @param lowEngines   engines in the lower bound (the ratio with fewer decoders per engine)
 * @param lowDecoders  decoders in the lower bound
 * @param highEngines  engines in the upper bound
 * @param highDecoders decoders in the upper bound
 */
public record DecoderRatio(int lowEngines, int lowDecoders, int highEngines, int highDecoders) {

    /** Parts above this are surely typos; it also keeps every product within a long. */
    public static final int MAX_PART = 10_000;

    private static final String FORMAT = "write engine:decoder bounds like 1:1-1:4, or one ratio like 1:2";
    private static final Pattern RATIO = Pattern.compile("\\s*(\\d+)\\s*:\\s*(\\d+)\\s*");
    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*:\\s*(\\d+)\\s*-\\s*(\\d+)\\s*:\\s*(\\d+)\\s*");

    public DecoderRatio {
        for (int part : new int[] {lowEngines, lowDecoders, highEngines, highDecoders}) {
            if (part < 1 || part > MAX_PART) {
                throw new IllegalArgumentException("ratio parts must be 1.." + MAX_PART + ", got " + part);
            }
        }
        if ((long) lowDecoders * highEngines > (long) highDecoders * lowEngines) {
            throw new IllegalArgumentException("lower bound " + lowEngines + ":" + lowDecoders
                    + " is above upper bound " + highEngines + ":" + highDecoders);
        }
    }

    /**
     * Parses {@code 1:1-1:4} or {@code 1:2}.
     *
     * @throws IllegalArgumentException with what is wrong and the fix (the caller names the annotation and value)
     */
    public static DecoderRatio parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("not a ratio; " + FORMAT);
        }
        Matcher single = RATIO.matcher(text);
        Matcher range = RANGE.matcher(text);
        int[] p;
        if (single.matches()) {
            p = new int[] {part(single.group(1)), part(single.group(2))};
            p = new int[] {p[0], p[1], p[0], p[1]};
        } else if (range.matches()) {
            p = new int[] {part(range.group(1)), part(range.group(2)), part(range.group(3)), part(range.group(4))};
        } else {
            throw new IllegalArgumentException("not a ratio; " + FORMAT);
        }
        for (int i = 0; i < 4; i += 2) {
            if (p[i] == 0 || p[i + 1] == 0) {
                throw new IllegalArgumentException(p[i] + ":" + p[i + 1] + " has a zero part; engines and decoders "
                        + "must both be at least 1 (omit the annotation to leave the ratio free)");
            }
        }
        if ((long) p[1] * p[2] > (long) p[3] * p[0]) {
            throw new IllegalArgumentException("the bounds are inverted: " + p[0] + ":" + p[1] + " ("
                    + perEngine(p[1], p[0]) + " decoders per engine) is above " + p[2] + ":" + p[3] + " ("
                    + perEngine(p[3], p[2]) + "); write the smaller ratio first, e.g. " + p[2] + ":" + p[3] + "-"
                    + p[0] + ":" + p[1]);
        }
        return new DecoderRatio(p[0], p[1], p[2], p[3]);
    }

    private static int part(String digits) {
        if (digits.length() > 5 || Integer.parseInt(digits) > MAX_PART) {
            throw new IllegalArgumentException(digits + " is too large; ratio parts go up to " + MAX_PART);
        }
        return Integer.parseInt(digits);
    }

    public double minDecodersPerEngine() {
        return (double) lowDecoders / lowEngines;
    }

    public double maxDecodersPerEngine() {
        return (double) highDecoders / highEngines;
    }

    /** Fewest decoders allowed beside {@code engines} engines: ceil(engines × low). */
    public int minDecoders(int engines) {
        return (int) ceilDiv((long) engines * lowDecoders, lowEngines);
    }

    /** Most decoders allowed beside {@code engines} engines: floor(engines × high). */
    public int maxDecoders(int engines) {
        return (int) ((long) engines * highDecoders / highEngines);
    }

    /** Fewest engines allowed beside {@code decoders} decoders: ceil(decoders / high). */
    public int minEngines(int decoders) {
        return (int) ceilDiv((long) decoders * highEngines, highDecoders);
    }

    /** Most engines allowed beside {@code decoders} decoders: floor(decoders / low). */
    public int maxEngines(int decoders) {
        return (int) ((long) decoders * lowEngines / lowDecoders);
    }

    /** Whether {@code decoders / engines} lies within the bounds, inclusive. */
    public boolean allows(int engines, int decoders) {
        return (long) decoders * lowEngines >= (long) engines * lowDecoders
                && (long) decoders * highEngines <= (long) engines * highDecoders;
    }

    /** The canonical text: {@code 1:2} for a single ratio, else {@code 1:1-1:4}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        String low = lowEngines + ":" + lowDecoders;
        String high = highEngines + ":" + highDecoders;
        return low.equals(high) ? low : low + "-" + high;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static String perEngine(int decoders, int engines) {
        return new BigDecimal(decoders).divide(new BigDecimal(engines), 3, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }
}

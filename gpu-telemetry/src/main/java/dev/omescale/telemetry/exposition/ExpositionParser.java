package dev.omescale.telemetry.exposition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a Prometheus text 0.0.4 or OpenMetrics 1.0 page in one pass over its bytes and hands families and samples
 * to an {@link ExpositionHandler} in page order.
 *
 * <p>Cheap by construction, because every target is scraped every few seconds: no regex, no per-line Strings;
 * names and short label values come from bounded byte-keyed caches kept between parses, so a steady page costs
 * about one label array and one {@link Labels} per sample. Numbers are read from the bytes, with
 * {@link Double#parseDouble} only for literals the exact fast path cannot round.
 *
 * <p>Family resolution: a sample belongs to the family a TYPE (or HELP, UNIT) line named if its name is that
 * family's name or the name plus a suffix the family's type has ({@code _total}/{@code _created} for counters,
 * {@code _bucket}/{@code _sum}/{@code _count}/{@code _created} for histograms, {@code _sum}/{@code _count}/{@code
 * _created} for summaries, {@code _bucket}/{@code _gcount}/{@code _gsum} for gauge histograms, {@code _info} for
 * info); otherwise it is a family of its own, untyped (text) or unknown (OpenMetrics). Families are announced at
 * their first sample; a family without samples is announced when a later family's sample arrives or at the end of
 * the page, so announcements stay in page order.
 *
 * <p>Every fault in the page, including an exceeded {@link ParseLimits} bound, is an {@link ExpositionException}
 * with a 1-based line and byte column. {@code maxSeries} bounds the page's families as well as its samples, since
 * metadata lines alone can declare families. Not thread-safe: use one instance per thread.
 */
public final class ExpositionParser {

    private static final byte[][] SUFFIXES = {
        null, ascii("_bucket"), ascii("_sum"), ascii("_count"), ascii("_total"), ascii("_created"),
        ascii("_gcount"), ascii("_gsum"), ascii("_info"),
    };
    private static final int NO_SUFFIX = 0;
    private static final int BUCKET = 1;
    private static final int SUM = 2;
    private static final int COUNT = 3;
    private static final int TOTAL = 4;
    private static final int CREATED = 5;
    private static final int GCOUNT = 6;
    private static final int GSUM = 7;
    private static final int INFO = 8;

    private static final byte[] QUANTILE = ascii("quantile");
    private static final byte[] NAME_LABEL = ascii("__name__");

    private static final int KEYWORD_NONE = 0;
    private static final int KEYWORD_HELP = 1;
    private static final int KEYWORD_TYPE = 2;
    private static final int KEYWORD_UNIT = 3;
    private static final int KEYWORD_EOF = 4;

    private static final String FIX_LIMITS = "raise the parse limits or drop series at the exporter";
    private static final String TEXT_TYPES = "counter, gauge, histogram, summary or untyped";
    private static final String OPENMETRICS_TYPES =
            "counter, gauge, histogram, gaugehistogram, stateset, info, summary or unknown";

    private final ParseLimits limits;
    private final ByteStringCache names = new ByteStringCache(4096, 256);
    private final ByteStringCache labelValueCache = new ByteStringCache(8192, 64);
    private final ByteStringCache helpCache = new ByteStringCache(1024, 1024);
    private final NumberParser numbers = new NumberParser();
    private final Map<String, FamilyState> families = new HashMap<>();
    private final List<FamilyState> pending = new ArrayList<>();
    private int pendingHead;

    private byte[] scratch = new byte[256];
    private byte[] nameScratch = new byte[64];
    private String[] labelNames = new String[16];
    private String[] labelValues = new String[16];
    // The label names of the last sort and their order by name, reused while samples repeat those names.
    private String[] sortedNames = new String[16];
    private int[] sortedOrder = new int[16];
    private int sortedCount = -1;

    // The page being read.
    private byte[] buf;
    private int end;
    private int pos;
    private int lineStart;
    private int line;
    private boolean openMetrics;
    private ExpositionHandler handler;
    private FamilyState current;
    private int sampleCount;
    private int familyCount;

    // The name just read: bytes in buf or nameScratch, unescaped.
    private byte[] nameBuf;
    private int nameOff;
    private int nameLen;

    // The sample line being read.
    private String sampleName;
    private FamilyState sampleFamily;
    private int sampleSuffix;
    private int labelCount;
    private int leIndex;
    private int leColumn;
    private boolean leIsNumber;
    private int quantileIndex;
    private int quantileColumn;
    private boolean quantileIsNumber;
    private String lastLabelValue;
    private boolean lastValueIsNumber;

    public ExpositionParser(ParseLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Parses {@code data[0, length)} in the given format, calling the handler in page order. Not thread-safe: one
     * instance per thread (it keeps bounded caches of names between parses).
     *
     * @throws ExpositionException      for any fault in the page or any exceeded limit
     * @throws IllegalArgumentException if {@code length} is outside {@code data}
     */
    public ParseSummary parse(byte[] data, int length, ExpositionFormat format, ExpositionHandler handler)
            throws ExpositionException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(handler, "handler");
        if (length < 0 || length > data.length) {
            throw new IllegalArgumentException("length " + length + " is outside the " + data.length + "-byte buffer");
        }
        if (length > limits.maxPageBytes()) {
            throw new ExpositionException(1, 1, "page is " + length + " bytes, over the limit of "
                    + limits.maxPageBytes() + " bytes (maxPageBytes); " + FIX_LIMITS);
        }
        this.buf = data;
        this.end = length;
        this.pos = 0;
        this.lineStart = 0;
        this.line = 0;
        this.openMetrics = format == ExpositionFormat.OPENMETRICS;
        this.handler = handler;
        this.current = null;
        this.sampleCount = 0;
        this.familyCount = 0;
        families.clear();
        pending.clear();
        pendingHead = 0;
        try {
            boolean sawEof = false;
            while (pos < end) {
                if (readLine()) {
                    sawEof = true;
                    break;
                }
            }
            if (openMetrics) {
                if (!sawEof) {
                    throw atEndOfPage("OpenMetrics page does not end with # EOF; the exporter's output was cut off"
                            + " or is not OpenMetrics (check the target's Content-Type)");
                }
                if (pos < end) {
                    throw new ExpositionException(line + 1, 1, "content after # EOF; an OpenMetrics page ends at"
                            + " # EOF and an optional final newline");
                }
            }
            flushPending();
            return new ParseSummary(line, familyCount, sampleCount);
        } finally {
            // Keep caches, drop the page: an idle parser must not pin a scraped body.
            this.buf = null;
            this.handler = null;
            this.current = null;
            this.sampleFamily = null;
            this.nameBuf = null;
            families.clear();
            pending.clear();
            Arrays.fill(labelNames, null);
            Arrays.fill(labelValues, null);
            if (scratch.length > 65536) {
                scratch = new byte[256];
            }
        }
    }

    // ---- lines ----

    /** Reads the line at {@link #pos} and moves past it; true when it was the OpenMetrics {@code # EOF}. */
    private boolean readLine() throws ExpositionException {
        line++;
        lineStart = pos;
        int p = skipBlanks(pos);
        if (atLineEnd(p)) {
            if (openMetrics) {
                throw fail(p, "empty line; OpenMetrics pages have no blank lines, so this page is damaged or not"
                        + " OpenMetrics (check the target's Content-Type)");
            }
            pos = nextLine(p);
            return false;
        }
        if (buf[p] == '#') {
            return readHashLine(p);
        }
        readSample(p);
        return false;
    }

    private boolean readHashLine(int hash) throws ExpositionException {
        int p = hash + 1;
        if (p < end && isBlank(buf[p])) {
            int k = skipBlanks(p);
            int kEnd = tokenEnd(k);
            int keyword = keyword(k, kEnd);
            if (keyword == KEYWORD_HELP || keyword == KEYWORD_TYPE || (openMetrics && keyword == KEYWORD_UNIT)) {
                readMetadata(keyword, kEnd);
                return false;
            }
            if (openMetrics && keyword == KEYWORD_EOF) {
                int r = skipBlanks(kEnd);
                if (!atLineEnd(r)) {
                    throw fail(r, "unexpected text after # EOF");
                }
                pos = nextLine(r);
                return true;
            }
        }
        if (openMetrics) {
            throw fail(hash, "comment line; OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF lines, so"
                    + " this page is damaged or not OpenMetrics (check the target's Content-Type)");
        }
        pos = nextLine(lineEnd(hash));
        return false;
    }

    private int keyword(int from, int to) {
        int n = to - from;
        if (n == 4) {
            if (matches(from, "HELP")) {
                return KEYWORD_HELP;
            }
            if (matches(from, "TYPE")) {
                return KEYWORD_TYPE;
            }
            if (matches(from, "UNIT")) {
                return KEYWORD_UNIT;
            }
        } else if (n == 3 && matches(from, "EOF")) {
            return KEYWORD_EOF;
        }
        return KEYWORD_NONE;
    }

    // ---- metadata: # HELP, # TYPE, # UNIT ----

    private void readMetadata(int keyword, int afterKeyword) throws ExpositionException {
        String what = keyword == KEYWORD_HELP ? "HELP" : keyword == KEYWORD_TYPE ? "TYPE" : "UNIT";
        int n = skipBlanks(afterKeyword);
        if (atLineEnd(n)) {
            throw fail(n, what + " line without a metric name");
        }
        int afterName = buf[n] == '"' ? readQuotedName(n, "metric name") : readBareMetricName(n);
        if (!atLineEnd(afterName) && !isBlank(buf[afterName])) {
            throw fail(afterName, "invalid character " + describe(buf[afterName]) + " in the metric name of this "
                    + what + " line; quote names outside [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        String name = names.get(nameBuf, nameOff, nameLen);
        FamilyState f = families.get(name);
        if (f == null) {
            f = newFamily(name, n);
            f.pending = true;
            pending.add(f);
        } else if (f.samples > 0) {
            throw fail(n, what + " line for " + name + " after its samples; metadata must come before a family's"
                    + " first sample");
        } else if (openMetrics && f != current) {
            throw interleaved(n, name);
        } else if (f.announced) {
            throw fail(n, what + " line for " + name + " is separated from its family's other lines by other"
                    + " families' samples; keep each family's lines together");
        }
        int p = skipBlanks(afterName);
        switch (keyword) {
            case KEYWORD_HELP:
                readHelp(f, n, p);
                break;
            case KEYWORD_TYPE:
                readType(f, n, p);
                break;
            default:
                readUnit(f, n, p);
                break;
        }
        current = f;
    }

    private void readHelp(FamilyState f, int nameColumn, int p) throws ExpositionException {
        if (f.hasHelp) {
            throw fail(nameColumn, "second HELP line for " + f.name + "; a family has at most one");
        }
        int i = p;
        while (i < end && buf[i] != '\n' && buf[i] != '\\') {
            i++;
        }
        if (i < end && buf[i] == '\\') {
            int n = i - p;
            ensureScratch(n);
            System.arraycopy(buf, p, scratch, 0, n);
            while (i < end && buf[i] != '\n') {
                byte c = buf[i];
                if (c == '\\') {
                    byte e = i + 1 < end ? buf[i + 1] : (byte) '\n';
                    if (e == '\\') {
                        c = '\\';
                    } else if (e == 'n') {
                        c = '\n';
                    } else if (e == '"' && openMetrics) {
                        c = '"';
                    } else {
                        throw fail(i, "invalid escape sequence \\" + describeEscaped(e) + " in the HELP text of "
                                + f.name + "; only " + (openMetrics ? "\\\\, \\\" and \\n are" : "\\\\ and \\n are")
                                + " allowed, so the exporter must escape backslashes");
                    }
                    i += 2;
                } else {
                    i++;
                }
                ensureScratch(n + 1);
                scratch[n++] = c;
            }
            f.help = helpCache.get(scratch, 0, n);
        } else {
            f.help = helpCache.get(buf, p, i - p);
        }
        f.hasHelp = true;
        pos = nextLine(i);
    }

    private void readType(FamilyState f, int nameColumn, int p) throws ExpositionException {
        if (f.typed) {
            throw fail(nameColumn, "second TYPE line for " + f.name + "; a family has at most one");
        }
        int wordEnd = tokenEnd(p);
        if (p == wordEnd) {
            throw fail(p, "TYPE line for " + f.name + " names no type; use "
                    + (openMetrics ? OPENMETRICS_TYPES : TEXT_TYPES));
        }
        MetricType type = typeWord(p, wordEnd);
        if (type == null) {
            throw fail(p, "unknown metric type " + quoteBytes(p, wordEnd) + " for " + f.name + "; "
                    + (openMetrics ? "OpenMetrics types are " + OPENMETRICS_TYPES
                            : "Prometheus text types are " + TEXT_TYPES));
        }
        int r = skipBlanks(wordEnd);
        if (!atLineEnd(r)) {
            throw fail(r, "unexpected text after the type of " + f.name);
        }
        f.type = type;
        f.typed = true;
        pos = nextLine(r);
    }

    private MetricType typeWord(int from, int to) {
        if (eqIgnoreCase(from, to, "counter")) {
            return MetricType.COUNTER;
        }
        if (eqIgnoreCase(from, to, "gauge")) {
            return MetricType.GAUGE;
        }
        if (eqIgnoreCase(from, to, "histogram")) {
            return MetricType.HISTOGRAM;
        }
        if (eqIgnoreCase(from, to, "summary")) {
            return MetricType.SUMMARY;
        }
        if (openMetrics) {
            if (eqIgnoreCase(from, to, "gaugehistogram")) {
                return MetricType.GAUGE_HISTOGRAM;
            }
            if (eqIgnoreCase(from, to, "stateset")) {
                return MetricType.STATESET;
            }
            if (eqIgnoreCase(from, to, "info")) {
                return MetricType.INFO;
            }
            if (eqIgnoreCase(from, to, "unknown")) {
                return MetricType.UNKNOWN;
            }
        } else if (eqIgnoreCase(from, to, "untyped")) {
            return MetricType.UNTYPED;
        }
        return null;
    }

    private void readUnit(FamilyState f, int nameColumn, int p) throws ExpositionException {
        if (f.hasUnit) {
            throw fail(nameColumn, "second UNIT line for " + f.name + "; a family has at most one");
        }
        int unitEnd = tokenEnd(p);
        int r = skipBlanks(unitEnd);
        if (!atLineEnd(r)) {
            throw fail(r, "unexpected text after the unit of " + f.name);
        }
        String unit = names.get(buf, p, unitEnd - p);
        if (!unit.isEmpty() && !f.name.endsWith("_" + unit)) {
            throw fail(p, "unit " + unit + " is not a suffix of family name " + f.name
                    + "; OpenMetrics requires the name to end in _" + unit);
        }
        f.unit = unit;
        f.hasUnit = true;
        pos = nextLine(r);
    }

    // ---- samples ----

    private void readSample(int start) throws ExpositionException {
        if (sampleCount >= limits.maxSeries()) {
            throw fail(start, "sample " + (sampleCount + 1) + " is over the limit of " + limits.maxSeries()
                    + " series per page (maxSeries); " + FIX_LIMITS);
        }
        sampleName = null;
        sampleFamily = null;
        labelCount = 0;
        leIndex = -1;
        quantileIndex = -1;
        int p = start;
        if (buf[p] != '{') {
            p = readBareMetricName(start);
            setSampleName(start);
            if (!atLineEnd(p) && isBlank(buf[p])) {
                int b = skipBlanks(p);
                if (b < end && buf[b] == '{') {
                    p = b; // expfmt allows blanks between the name and its labels
                }
            }
        }
        if (p < end && buf[p] == '{') {
            p = readLabelSet(p, true);
        } else if (!atLineEnd(p) && !isBlank(buf[p])) {
            throw fail(p, "invalid character " + describe(buf[p]) + " in metric name; names outside"
                    + " [a-zA-Z_:][a-zA-Z0-9_:]* must be quoted inside the braces: {\"name\"}");
        }
        if (sampleName == null) {
            throw fail(start, "sample without a metric name; write name{labels} or {\"name\", labels}");
        }
        p = skipBlanks(p);
        if (atLineEnd(p)) {
            throw fail(p, "missing value for " + sampleName);
        }
        int valueEnd = tokenEnd(p);
        if (!numbers.parseDouble(buf, p, valueEnd)) {
            throw fail(p, "invalid value " + quoteBytes(p, valueEnd) + " for " + sampleName
                    + "; expected a float, NaN, +Inf or -Inf" + carriageReturnHint(valueEnd));
        }
        double value = numbers.value;
        long timestamp = ExpositionHandler.NO_TIMESTAMP;
        p = skipBlanks(valueEnd);
        boolean hasTimestamp = false;
        if (!atLineEnd(p) && buf[p] != '#') {
            int tsEnd = tokenEnd(p);
            timestamp = readTimestamp(p, tsEnd);
            hasTimestamp = true;
            p = skipBlanks(tsEnd);
        }
        if (!atLineEnd(p) && buf[p] == '#') {
            if (!openMetrics) {
                throw fail(p, "exemplar or comment after the sample value; exemplars are only valid in OpenMetrics,"
                        + " so serve application/openmetrics-text or drop exemplars at the exporter");
            }
            p = skipExemplar(p);
        }
        if (!atLineEnd(p)) {
            throw fail(p, "unexpected text after the " + (hasTimestamp ? "timestamp" : "value") + " of "
                    + sampleName + carriageReturnHint(p + 1));
        }
        FamilyState f = sampleFamily;
        checkSpecialLabels(f, start);
        sampleCount++;
        announceBeforeSample(f);
        f.samples++;
        current = f;
        Labels labels = buildLabels();
        pos = nextLine(p);
        handler.sample(f.name, f.type, sampleName, labels, value, timestamp);
    }

    private void setSampleName(int column) throws ExpositionException {
        if (sampleName != null) {
            throw fail(column, "second metric name in one sample (" + sampleName + "); a sample has one name");
        }
        sampleName = names.get(nameBuf, nameOff, nameLen);
        sampleFamily = resolveFamily(sampleName, column);
    }

    /**
     * The family a sample name belongs to: the current family (by name or a suffix its type allows), else a known
     * family, else a new family of its own with the default type.
     */
    private FamilyState resolveFamily(String name, int column) throws ExpositionException {
        FamilyState cur = current;
        if (cur != null) {
            int suffix = suffixWithin(cur);
            if (suffix >= 0) {
                sampleSuffix = suffix;
                return cur;
            }
        }
        FamilyState f = families.get(name);
        if (f != null) {
            sampleSuffix = NO_SUFFIX;
            checkNotInterleaved(f, column);
            return f;
        }
        for (int s = 1; s < SUFFIXES.length; s++) {
            byte[] suffix = SUFFIXES[s];
            int baseLen = nameLen - suffix.length;
            if (baseLen > 0 && Arrays.equals(nameBuf, nameOff + baseLen, nameOff + nameLen, suffix, 0, suffix.length)) {
                FamilyState base = families.get(names.get(nameBuf, nameOff, baseLen));
                if (base != null && allowsSuffix(base.type, s)) {
                    sampleSuffix = s;
                    checkNotInterleaved(base, column);
                    return base;
                }
            }
        }
        f = newFamily(name, column);
        sampleSuffix = NO_SUFFIX;
        return f;
    }

    /**
     * A family named by the current name. Metadata lines alone can declare families without samples, so
     * {@code maxSeries} bounds the families of a page as well as its samples.
     */
    private FamilyState newFamily(String name, int column) throws ExpositionException {
        if (families.size() >= limits.maxSeries()) {
            throw fail(column, "family " + (families.size() + 1) + " (" + name + ") is over the limit of "
                    + limits.maxSeries() + " families per page (maxSeries bounds families too); " + FIX_LIMITS);
        }
        FamilyState f = new FamilyState(name, Arrays.copyOfRange(nameBuf, nameOff, nameOff + nameLen), defaultType());
        families.put(name, f);
        return f;
    }

    /** The suffix code by which the current name belongs to {@code f}, or -1. */
    private int suffixWithin(FamilyState f) {
        byte[] fn = f.nameBytes;
        int fl = fn.length;
        if (nameLen < fl || !Arrays.equals(nameBuf, nameOff, nameOff + fl, fn, 0, fl)) {
            return -1;
        }
        if (nameLen == fl) {
            return NO_SUFFIX;
        }
        int from = nameOff + fl;
        int to = nameOff + nameLen;
        for (int s = 1; s < SUFFIXES.length; s++) {
            byte[] suffix = SUFFIXES[s];
            if (to - from == suffix.length && Arrays.equals(nameBuf, from, to, suffix, 0, suffix.length)) {
                return allowsSuffix(f.type, s) ? s : -1;
            }
        }
        return -1;
    }

    private static boolean allowsSuffix(MetricType type, int suffix) {
        switch (type) {
            case COUNTER:
                return suffix == TOTAL || suffix == CREATED;
            case HISTOGRAM:
                return suffix == BUCKET || suffix == SUM || suffix == COUNT || suffix == CREATED;
            case SUMMARY:
                return suffix == SUM || suffix == COUNT || suffix == CREATED;
            case GAUGE_HISTOGRAM:
                return suffix == BUCKET || suffix == GCOUNT || suffix == GSUM;
            case INFO:
                return suffix == INFO;
            default:
                return false;
        }
    }

    private void checkNotInterleaved(FamilyState f, int column) throws ExpositionException {
        if (openMetrics && f != current) {
            throw interleaved(column, f.name);
        }
    }

    private ExpositionException interleaved(int column, String family) {
        return fail(column, "family " + family + " continues after other families; OpenMetrics families must not"
                + " interleave, so the exporter must write each family's lines together");
    }

    private void checkSpecialLabels(FamilyState f, int column) throws ExpositionException {
        if (f.type == MetricType.HISTOGRAM || f.type == MetricType.GAUGE_HISTOGRAM) {
            if (sampleSuffix == BUCKET && leIndex < 0) {
                throw fail(column, "histogram bucket " + sampleName + " has no le label; every _bucket sample"
                        + " needs le=\"<upper bound>\"");
            }
            if (leIndex >= 0 && !leIsNumber) {
                throw fail(leColumn, "le label of " + sampleName + " is " + quoteString(labelValues[leIndex])
                        + ", not a float; bucket bounds are numbers such as \"0.5\" or \"+Inf\"");
            }
        } else if (f.type == MetricType.SUMMARY && quantileIndex >= 0 && !quantileIsNumber) {
            throw fail(quantileColumn, "quantile label of " + sampleName + " is "
                    + quoteString(labelValues[quantileIndex]) + ", not a float; quantiles are numbers such as"
                    + " \"0.99\"");
        }
    }

    private long readTimestamp(int from, int to) throws ExpositionException {
        if (openMetrics) {
            if (!numbers.parseDouble(buf, from, to) || Double.isNaN(numbers.value)
                    || Math.abs(numbers.value * 1000.0) >= 9.2e18) {
                throw fail(from, "invalid timestamp " + quoteBytes(from, to) + " for " + sampleName
                        + "; OpenMetrics timestamps are finite seconds since the epoch"
                        + carriageReturnHint(to));
            }
            return Math.round(numbers.value * 1000.0);
        }
        if (!numbers.parseLong(buf, from, to) || numbers.longValue == ExpositionHandler.NO_TIMESTAMP) {
            throw fail(from, "invalid timestamp " + quoteBytes(from, to) + " for " + sampleName
                    + "; text-format timestamps are integer milliseconds since the epoch" + carriageReturnHint(to));
        }
        return numbers.longValue;
    }

    private void announceBeforeSample(FamilyState f) {
        if (f.pending) {
            // Families whose metadata came before f's are announced first, in page order.
            while (pendingHead < pending.size()) {
                FamilyState g = pending.get(pendingHead++);
                announce(g);
                if (g == f) {
                    break;
                }
            }
            compactPending();
        } else {
            flushPending();
            if (!f.announced) {
                announce(f);
            }
        }
    }

    private void flushPending() {
        while (pendingHead < pending.size()) {
            announce(pending.get(pendingHead++));
        }
        compactPending();
    }

    private void compactPending() {
        if (pendingHead == pending.size()) {
            pending.clear();
            pendingHead = 0;
        }
    }

    private void announce(FamilyState f) {
        f.pending = false;
        f.announced = true;
        familyCount++;
        handler.family(f.name, f.type, f.help, f.unit);
    }

    /**
     * The sample's labels, handed over already sorted by name: consecutive samples nearly always repeat the
     * previous label names in the same order, so the sort order is remembered and {@link Labels} only confirms it.
     */
    private Labels buildLabels() {
        int n = labelCount;
        if (n == 0) {
            return Labels.EMPTY;
        }
        if (!sameNamesAsLastSort(n)) {
            sortOrder(n);
        }
        String[] pairs = new String[2 * n];
        int[] order = sortedOrder;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            pairs[2 * k] = labelNames[i];
            pairs[2 * k + 1] = labelValues[i];
        }
        for (int i = 0; i < n; i++) {
            labelValues[i] = null;
        }
        return Labels.ofPairsOwned(pairs);
    }

    private boolean sameNamesAsLastSort(int n) {
        if (n != sortedCount) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (labelNames[i] != sortedNames[i]) {
                return false;
            }
        }
        return true;
    }

    private void sortOrder(int n) {
        if (sortedNames.length < n) {
            sortedNames = new String[labelNames.length];
            sortedOrder = new int[labelNames.length];
        }
        int[] order = sortedOrder;
        for (int i = 0; i < n; i++) {
            sortedNames[i] = labelNames[i];
            int j = i;
            while (j > 0 && labelNames[order[j - 1]].compareTo(labelNames[i]) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        sortedCount = n;
    }

    // ---- label sets ----

    /**
     * Reads {@code {...}} at {@code open}. With {@code collect}, labels go to the sample and a quoted metric name
     * becomes the sample's name; without, the set is only checked (exemplars). Returns the index after '}'.
     */
    private int readLabelSet(int open, boolean collect) throws ExpositionException {
        int p = open + 1;
        while (true) {
            p = skipBlanks(p);
            if (atLineEnd(p)) {
                throw fail(open, "label set is not closed with }");
            }
            byte c = buf[p];
            if (c == '}') {
                return p + 1;
            }
            int item = p;
            boolean quoted = c == '"';
            int nameEnd;
            if (quoted) {
                nameEnd = readQuotedName(p, "label name");
            } else if (isLabelNameStart(c)) {
                nameEnd = readBareLabelName(p);
            } else {
                throw fail(p, "invalid label name start " + describe(c) + "; label names match"
                        + " [a-zA-Z_][a-zA-Z0-9_]* or are quoted");
            }
            int r = skipBlanks(nameEnd);
            if (quoted && r < end && (buf[r] == ',' || buf[r] == '}')) {
                if (!collect) {
                    throw fail(item, "quoted name without a value in an exemplar; exemplar labels need values");
                }
                setSampleName(item);
                p = buf[r] == ',' ? r + 1 : r;
                continue;
            }
            if (r >= end || buf[r] != '=') {
                throw fail(r, "expected = after a label name, found " + (r >= end ? "end of page" : describe(buf[r])));
            }
            boolean isLe = nameLen == 2 && nameBuf[nameOff] == 'l' && nameBuf[nameOff + 1] == 'e';
            boolean isQuantile = nameLen == 8 && Arrays.equals(nameBuf, nameOff, nameOff + 8, QUANTILE, 0, 8);
            if (nameLen == 8 && Arrays.equals(nameBuf, nameOff, nameOff + 8, NAME_LABEL, 0, 8)) {
                throw fail(item, "label name __name__ is reserved for the metric name");
            }
            String labelName = null;
            if (collect) {
                if (labelCount == limits.maxLabelsPerSeries()) {
                    throw fail(item, "sample " + sampleNameOrUnknown() + " has more than "
                            + limits.maxLabelsPerSeries() + " labels (maxLabelsPerSeries); " + FIX_LIMITS);
                }
                labelName = names.get(nameBuf, nameOff, nameLen);
                int h = labelName.hashCode();
                for (int i = 0; i < labelCount; i++) {
                    String other = labelNames[i];
                    if (other.hashCode() == h && other.equals(labelName)) {
                        throw fail(item, "duplicate label name " + labelName + " in one sample of "
                                + sampleNameOrUnknown() + "; each label may appear once");
                    }
                }
            }
            p = skipBlanks(r + 1);
            if (p >= end || buf[p] != '"') {
                throw fail(p, "expected \" to start the value of label " + (labelName != null ? labelName
                        : names.get(nameBuf, nameOff, nameLen)) + ", found "
                        + (p >= end ? "end of page" : describe(buf[p])));
            }
            boolean needNumber = collect && (isLe || isQuantile);
            int valueColumn = p;
            p = readLabelValue(p, collect, needNumber);
            if (collect) {
                ensureLabelCapacity();
                labelNames[labelCount] = labelName;
                labelValues[labelCount] = lastLabelValue;
                if (isLe) {
                    leIndex = labelCount;
                    leColumn = valueColumn;
                    leIsNumber = lastValueIsNumber;
                } else if (isQuantile) {
                    quantileIndex = labelCount;
                    quantileColumn = valueColumn;
                    quantileIsNumber = lastValueIsNumber;
                }
                labelCount++;
            }
            p = skipBlanks(p);
            if (p < end && buf[p] == ',') {
                p++;
            } else if (p < end && buf[p] == '}') {
                return p + 1;
            } else {
                throw fail(p, "expected , or } after a label value, found "
                        + (atLineEnd(p) ? "end of line" : describe(buf[p])));
            }
        }
    }

    private String sampleNameOrUnknown() {
        return sampleName != null ? sampleName : "(name not yet read)";
    }

    /**
     * Reads the quoted label value whose opening quote is at {@code quote}; returns the index after the closing
     * quote. With {@code collect} the value is left in {@link #lastLabelValue}; with {@code needNumber}, whether it
     * is a float in {@link #lastValueIsNumber}.
     */
    private int readLabelValue(int quote, boolean collect, boolean needNumber) throws ExpositionException {
        int start = quote + 1;
        int max = limits.maxLabelValueLength();
        int i = start;
        while (true) {
            if (i >= end || buf[i] == '\n') {
                throw fail(quote, "label value is not closed with \"; a newline inside a value must be written \\n");
            }
            byte c = buf[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                return readEscapedLabelValue(quote, i, collect, needNumber);
            }
            if (++i - start > max) {
                throw valueTooLong(quote);
            }
        }
        if (collect) {
            lastLabelValue = labelValueCache.get(buf, start, i - start);
            lastValueIsNumber = needNumber && numbers.parseDouble(buf, start, i);
        }
        return i + 1;
    }

    private int readEscapedLabelValue(int quote, int firstEscape, boolean collect, boolean needNumber)
            throws ExpositionException {
        int start = quote + 1;
        int max = limits.maxLabelValueLength();
        int n = firstEscape - start;
        ensureScratch(n);
        System.arraycopy(buf, start, scratch, 0, n);
        int i = firstEscape;
        while (true) {
            if (i >= end || buf[i] == '\n') {
                throw fail(quote, "label value is not closed with \"; a newline inside a value must be written \\n");
            }
            byte c = buf[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (i + 1 >= end || buf[i + 1] == '\n') {
                    throw fail(quote, "label value is not closed with \"; it ends in a lone backslash");
                }
                byte e = buf[i + 1];
                if (e == 'n') {
                    c = '\n';
                } else if (e == '\\' || e == '"') {
                    c = e;
                } else {
                    throw fail(i, "invalid escape sequence \\" + describeEscaped(e) + " in a label value; only \\\\,"
                            + " \\\" and \\n are allowed, so the exporter must escape backslashes");
                }
                i += 2;
            } else {
                i++;
            }
            if (i - start > max) {
                throw valueTooLong(quote);
            }
            ensureScratch(n + 1);
            scratch[n++] = c;
        }
        if (collect) {
            lastLabelValue = labelValueCache.get(scratch, 0, n);
            lastValueIsNumber = needNumber && numbers.parseDouble(scratch, 0, n);
        }
        return i + 1;
    }

    private ExpositionException valueTooLong(int quote) {
        return fail(quote, "label value is longer than " + limits.maxLabelValueLength()
                + " bytes (maxLabelValueLength); " + FIX_LIMITS);
    }

    /** Checks an OpenMetrics exemplar {@code # {labels} value [timestamp]} and returns the index after it. */
    private int skipExemplar(int hash) throws ExpositionException {
        int p = hash + 1;
        if (p >= end || !isBlank(buf[p])) {
            throw fail(hash, "malformed exemplar; expected \" # {labels} value [timestamp]\"");
        }
        p = skipBlanks(p);
        if (p >= end || buf[p] != '{') {
            throw fail(p, "exemplar without a label set; expected \" # {labels} value [timestamp]\"");
        }
        p = skipBlanks(readLabelSet(p, false));
        int valueEnd = tokenEnd(p);
        if (!numbers.parseDouble(buf, p, valueEnd)) {
            throw fail(p, "invalid exemplar value " + quoteBytes(p, valueEnd) + " for " + sampleName);
        }
        p = skipBlanks(valueEnd);
        if (!atLineEnd(p)) {
            int tsEnd = tokenEnd(p);
            if (!numbers.parseDouble(buf, p, tsEnd) || !Double.isFinite(numbers.value)) {
                throw fail(p, "invalid exemplar timestamp " + quoteBytes(p, tsEnd) + " for " + sampleName);
            }
            p = skipBlanks(tsEnd);
        }
        return p;
    }

    // ---- names ----

    /** Reads a name matching [a-zA-Z_:][a-zA-Z0-9_:]* into the name fields; returns the index after it. */
    private int readBareMetricName(int start) throws ExpositionException {
        byte c = buf[start];
        if (!isMetricNameStart(c)) {
            throw fail(start, "invalid metric name start " + describe(c) + "; names match"
                    + " [a-zA-Z_:][a-zA-Z0-9_:]* or are quoted inside the braces: {\"name\"}");
        }
        int i = start + 1;
        while (i < end && isMetricNameChar(buf[i])) {
            i++;
        }
        return setBareName(start, i);
    }

    private int readBareLabelName(int start) throws ExpositionException {
        int i = start + 1;
        while (i < end && isLabelNameChar(buf[i])) {
            i++;
        }
        return setBareName(start, i);
    }

    private int setBareName(int start, int stop) throws ExpositionException {
        if (stop - start > limits.maxNameLength()) {
            throw nameTooLong(start, stop - start, true);
        }
        nameBuf = buf;
        nameOff = start;
        nameLen = stop - start;
        return stop;
    }

    /** Reads a quoted name (escapes as in label values) into the name fields; returns the index after it. */
    private int readQuotedName(int quote, String what) throws ExpositionException {
        int max = limits.maxNameLength();
        int i = quote + 1;
        int n = 0;
        boolean escaped = false;
        while (true) {
            if (i >= end || buf[i] == '\n') {
                throw fail(quote, "quoted " + what + " is not closed with \"");
            }
            byte c = buf[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (!escaped) {
                    escaped = true;
                    ensureNameScratch(n);
                    System.arraycopy(buf, quote + 1, nameScratch, 0, n);
                }
                byte e = i + 1 < end ? buf[i + 1] : (byte) '\n';
                if (e == 'n') {
                    c = '\n';
                } else if (e == '\\' || e == '"') {
                    c = e;
                } else if (e == '\n') {
                    throw fail(quote, "quoted " + what + " is not closed with \"");
                } else {
                    throw fail(i, "invalid escape sequence \\" + describeEscaped(e) + " in a quoted " + what
                            + "; only \\\\, \\\" and \\n are allowed");
                }
                i += 2;
            } else {
                i++;
            }
            if (n == max) {
                throw nameTooLong(quote, n + 1, false);
            }
            if (escaped) {
                ensureNameScratch(n + 1);
                nameScratch[n] = c;
            }
            n++;
        }
        if (n == 0) {
            throw fail(quote, "empty quoted " + what);
        }
        if (escaped) {
            nameBuf = nameScratch;
            nameOff = 0;
        } else {
            nameBuf = buf;
            nameOff = quote + 1;
        }
        nameLen = n;
        if (!Utf8.isValid(nameBuf, nameOff, nameLen)) {
            throw fail(quote, "quoted " + what + " is not valid UTF-8");
        }
        return i + 1;
    }

    private ExpositionException nameTooLong(int column, int length, boolean exact) {
        return fail(column, "name is " + (exact ? length + " bytes" : "longer than " + limits.maxNameLength()
                + " bytes") + ", over the limit of " + limits.maxNameLength() + " bytes (maxNameLength); "
                + FIX_LIMITS);
    }

    // ---- bytes ----

    private MetricType defaultType() {
        return openMetrics ? MetricType.UNKNOWN : MetricType.UNTYPED;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isMetricNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isMetricNameChar(byte c) {
        return isMetricNameStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean isLabelNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isLabelNameChar(byte c) {
        return isLabelNameStart(c) || (c >= '0' && c <= '9');
    }

    private boolean atLineEnd(int p) {
        return p >= end || buf[p] == '\n';
    }

    private int skipBlanks(int p) {
        while (p < end && isBlank(buf[p])) {
            p++;
        }
        return p;
    }

    /** The end of the token at {@code p}: the next blank, newline or end of page. */
    private int tokenEnd(int p) {
        while (p < end) {
            byte c = buf[p];
            if (c == ' ' || c == '\t' || c == '\n') {
                break;
            }
            p++;
        }
        return p;
    }

    private int lineEnd(int p) {
        while (p < end && buf[p] != '\n') {
            p++;
        }
        return p;
    }

    /** The start of the next line, given {@code p} at a newline or the end of the page. */
    private int nextLine(int p) {
        return p < end ? p + 1 : end;
    }

    private boolean matches(int from, String ascii) {
        if (from + ascii.length() > end) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (buf[from + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean eqIgnoreCase(int from, int to, String lowerAscii) {
        return NumberParser.equalsIgnoreCase(buf, from, to, lowerAscii);
    }

    private void ensureScratch(int capacity) {
        if (capacity > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(capacity, scratch.length * 2));
        }
    }

    private void ensureNameScratch(int capacity) {
        if (capacity > nameScratch.length) {
            nameScratch = Arrays.copyOf(nameScratch, Math.max(capacity, nameScratch.length * 2));
        }
    }

    private void ensureLabelCapacity() {
        if (labelCount == labelNames.length) {
            labelNames = Arrays.copyOf(labelNames, labelCount * 2);
            labelValues = Arrays.copyOf(labelValues, labelCount * 2);
        }
    }

    private ExpositionException fail(int p, String reason) {
        return new ExpositionException(line, p - lineStart + 1, reason);
    }

    private ExpositionException atEndOfPage(String reason) {
        if (end == 0) {
            return new ExpositionException(1, 1, reason);
        }
        if (buf[end - 1] == '\n') {
            return new ExpositionException(line + 1, 1, reason);
        }
        return new ExpositionException(line, end - lineStart + 1, reason);
    }

    /** A short quoted excerpt of page bytes for a message. */
    private String quoteBytes(int from, int to) {
        int n = Math.min(to - from, 64);
        String s = new String(buf, from, n, StandardCharsets.UTF_8);
        return quoteString(n < to - from ? s + "..." : s);
    }

    private static String quoteString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > 64) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    private static String describe(byte c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return String.format("byte 0x%02x", c & 0xff);
    }

    private static String describeEscaped(byte c) {
        return c >= 0x21 && c < 0x7f ? String.valueOf((char) c) : String.format("<0x%02x>", c & 0xff);
    }

    private String carriageReturnHint(int afterToken) {
        return afterToken > 0 && afterToken <= end && buf[afterToken - 1] == '\r'
                ? " (the line ends in \\r\\n; the format needs \\n line endings)" : "";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

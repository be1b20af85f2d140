package dev.omescale.sim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request traces from CSV or JSONL (optionally gzip-compressed) into sorted requests.
 *
 * <p>Columns (CSV header names or JSON fields, matched ignoring case):
 * <ul>
 *   <li>arrival as an offset in seconds from the start: {@code arrival_s}, {@code arrival_seconds},
 *       {@code time_s}; used as given (must be &gt;= 0);</li>
 *   <li>or arrival as an absolute time: {@code timestamp} (Azure's {@code TIMESTAMP}), {@code time}:
 *       date-time text such as {@code 2023-11-16 18:17:03.9799600} or ISO-8601 with an optional offset
 *       (no offset means UTC), or a number of seconds since the epoch; shifted so the first request
 *       arrives at 0. The fraction is parsed exactly to the nanosecond, so offsets are the exact
 *       difference rounded once to a double;</li>
 *   <li>prompt tokens: {@code prompt_tokens}, {@code ContextTokens}, {@code context_tokens},
 *       {@code input_tokens};</li>
 *   <li>output tokens: {@code output_tokens}, {@code GeneratedTokens}, {@code generated_tokens},
 *       {@code completion_tokens}.</li>
 * </ul>
 * Other columns are ignored. Blank lines and CSV lines starting with {@code #} are skipped.
 * Rows out of arrival order are sorted (stable, so ties keep file order) and the workload's
 * description says how many were out of order: a trace merged from several sources is common and
 * replaying it sorted is what the user wants, but silently reordering would hide a broken export.
 */
final class TraceFileReader {
    static final List<String> OFFSET_NAMES = List.of("arrival_s", "arrival_seconds", "time_s");
    static final List<String> TIMESTAMP_NAMES = List.of("timestamp", "time");
    static final List<String> PROMPT_NAMES = List.of("prompt_tokens", "contexttokens", "context_tokens", "input_tokens");
    static final List<String> OUTPUT_NAMES = List.of("output_tokens", "generatedtokens", "generated_tokens",
            "completion_tokens");

    private static final String ARRIVAL_FIX = "add an arrival column: arrival_s (seconds from the start) or timestamp "
            + "(absolute time, e.g. 2023-11-16 18:17:03.9799600)";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter(Locale.ROOT);

    /** What a file held: requests sorted by arrival, and how many rows were out of order. */
    record Parsed(List<TraceRequest> requests, String format, int outOfOrder, boolean absoluteTimes) {
    }

    /** One row before arrivals are made relative: {@code arrivalNanos} is absolute or an offset. */
    private record Row(long arrivalNanos, int prompt, int output) {
    }

    private TraceFileReader() {
    }

    static Parsed read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TraceFileException(file, 0, null, Files.exists(file) ? "is not a regular file" : "does not exist",
                    "pass the path of a CSV or JSONL trace file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".gz");
        String inner = gzip ? name.substring(0, name.length() - 3) : name;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            return read(file, in, inner);
        } catch (NoSuchFileException e) {
            throw new TraceFileException(file, 0, null, "does not exist", "pass the path of a CSV or JSONL trace file");
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new TraceFileException(file, 0, null, "ends in .gz but is not complete gzip data (" + e.getMessage() + ")",
                    "compress it with gzip, or drop the .gz from its name if it is plain text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads from a stream; {@code file} names the source in errors, {@code name} picks the format. */
    static Parsed read(Path file, InputStream in, String name) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        boolean jsonl;
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            jsonl = true;
        } else if (name.endsWith(".csv")) {
            jsonl = false;
        } else {
            jsonl = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                    .map(l -> l.startsWith("{")).orElse(false);
        }
        List<Row> rows = new ArrayList<>();
        boolean absolute = jsonl ? readJsonl(file, lines, rows) : readCsv(file, lines, rows);
        if (rows.isEmpty()) {
            throw new TraceFileException(file, 0, null, "holds no requests",
                    jsonl ? "write one JSON object per line, e.g. {\"arrival_s\": 0.5, \"prompt_tokens\": 512, \"output_tokens\": 64}"
                            : "add rows under the header, e.g. 0.5,512,64 under arrival_s,prompt_tokens,output_tokens");
        }
        return toRequests(rows, jsonl ? "JSONL" : "CSV", absolute);
    }

    private static Parsed toRequests(List<Row> rows, String format, boolean absolute) {
        int outOfOrder = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).arrivalNanos() < rows.get(i - 1).arrivalNanos()) {
                outOfOrder++;
            }
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(Row::arrivalNanos)); // List.sort is stable
        long origin = absolute ? sorted.get(0).arrivalNanos() : 0L;
        List<TraceRequest> requests = new ArrayList<>(sorted.size());
        for (Row row : sorted) {
            // The difference is exact in nanoseconds; the one rounding happens in the division.
            requests.add(new TraceRequest((row.arrivalNanos() - origin) / 1e9, row.prompt(), row.output()));
        }
        return new Parsed(requests, format, outOfOrder, absolute);
    }

    // ---- CSV ---------------------------------------------------------------------------------

    private static boolean readCsv(Path file, List<String> lines, List<Row> rows) {
        int headerIndex = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                headerIndex = i;
                break;
            }
        }
        if (headerIndex < 0) {
            throw new TraceFileException(file, 0, null, "is empty",
                    "start the file with a header such as arrival_s,prompt_tokens,output_tokens and one row per request");
        }
        List<String> header = splitCsv(lines.get(headerIndex));
        int headerLine = headerIndex + 1;
        int offsetColumn = find(header, OFFSET_NAMES);
        int timestampColumn = find(header, TIMESTAMP_NAMES);
        int promptColumn = find(header, PROMPT_NAMES);
        int outputColumn = find(header, OUTPUT_NAMES);
        if (offsetColumn < 0 && timestampColumn < 0) {
            if (!header.isEmpty() && looksNumeric(header.get(0))) {
                throw new TraceFileException(file, headerLine, null, "the first line " + quote(lines.get(headerIndex))
                        + " is data, not a header", "add a header line such as arrival_s,prompt_tokens,output_tokens");
            }
            throw new TraceFileException(file, headerLine, null, "no arrival time column in header " + header,
                    ARRIVAL_FIX);
        }
        if (promptColumn < 0) {
            throw new TraceFileException(file, headerLine, null, "no prompt token column in header " + header,
                    "add a column prompt_tokens (or ContextTokens)");
        }
        if (outputColumn < 0) {
            throw new TraceFileException(file, headerLine, null, "no output token column in header " + header,
                    "add a column output_tokens (or GeneratedTokens)");
        }
        boolean absolute = offsetColumn < 0;
        int arrivalColumn = absolute ? timestampColumn : offsetColumn;
        String arrivalName = header.get(arrivalColumn);
        for (int i = headerIndex + 1; i < lines.size(); i++) {
            String text = lines.get(i);
            String stripped = text.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            List<String> fields = splitCsv(text);
            if (fields.size() != header.size()) {
                throw new TraceFileException(file, lineNo, null, "has " + fields.size() + " fields, the header has "
                        + header.size() + " (" + String.join(",", header) + ")",
                        "give every row one value per header column, separated by commas");
            }
            long arrival = absolute ? timestamp(file, lineNo, arrivalName, fields.get(arrivalColumn))
                    : offset(file, lineNo, arrivalName, fields.get(arrivalColumn));
            int prompt = tokens(file, lineNo, header.get(promptColumn), fields.get(promptColumn));
            int output = tokens(file, lineNo, header.get(outputColumn), fields.get(outputColumn));
            rows.add(new Row(arrival, prompt, output));
        }
        return absolute;
    }

    /** Splits on commas; fields may be wrapped in double quotes (a doubled quote inside is one quote). */
    private static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().strip());
        return fields;
    }

    private static int find(List<String> header, List<String> names) {
        for (String name : names) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(name)) {
                    return i;
                }
            }
        }
        return -1;
    }

    // ---- JSONL -------------------------------------------------------------------------------

    private static boolean readJsonl(Path file, List<String> lines, List<Row> rows) {
        Boolean absolute = null;
        int firstLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            int lineNo = i + 1;
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JacksonException e) {
                throw new TraceFileException(file, lineNo, null, "is not valid JSON (" + e.getOriginalMessage() + ")",
                        "write one JSON object per line, e.g. {\"arrival_s\": 0.5, \"prompt_tokens\": 512, \"output_tokens\": 64}");
            }
            if (node == null || !node.isObject()) {
                throw new TraceFileException(file, lineNo, null, "is not a JSON object",
                        "write one JSON object per line, e.g. {\"arrival_s\": 0.5, \"prompt_tokens\": 512, \"output_tokens\": 64}");
            }
            Map.Entry<String, JsonNode> offset = field(node, OFFSET_NAMES);
            Map.Entry<String, JsonNode> timestamp = field(node, TIMESTAMP_NAMES);
            if (offset == null && timestamp == null) {
                throw new TraceFileException(file, lineNo, null, "has no arrival field among " + fieldNames(node),
                        "add \"arrival_s\" (seconds from the start) or \"timestamp\" (absolute time)");
            }
            boolean rowAbsolute = offset == null;
            if (absolute == null) {
                absolute = rowAbsolute;
                firstLine = lineNo;
            } else if (absolute != rowAbsolute) {
                throw new TraceFileException(file, lineNo, rowAbsolute ? timestamp.getKey() : offset.getKey(),
                        "gives the arrival as " + (rowAbsolute ? "an absolute timestamp" : "seconds from the start")
                                + " but line " + firstLine + " gives it as "
                                + (absolute ? "an absolute timestamp" : "seconds from the start"),
                        "use the same arrival field on every line");
            }
            long arrival = rowAbsolute ? timestamp(file, lineNo, timestamp.getKey(), scalar(timestamp.getValue()))
                    : offset(file, lineNo, offset.getKey(), scalar(offset.getValue()));
            rows.add(new Row(arrival, jsonTokens(file, lineNo, node, PROMPT_NAMES, "prompt_tokens"),
                    jsonTokens(file, lineNo, node, OUTPUT_NAMES, "output_tokens")));
        }
        return absolute != null && absolute;
    }

    private static int jsonTokens(Path file, int lineNo, JsonNode node, List<String> names, String canonical) {
        Map.Entry<String, JsonNode> entry = field(node, names);
        if (entry == null) {
            throw new TraceFileException(file, lineNo, null, "has no " + canonical + " field among " + fieldNames(node),
                    "add \"" + canonical + "\" with a whole number >= 1");
        }
        return tokens(file, lineNo, entry.getKey(), scalar(entry.getValue()));
    }

    private static Map.Entry<String, JsonNode> field(JsonNode node, List<String> names) {
        for (String name : names) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    /** The text of a scalar as written; containers and null come back as their JSON so errors show them. */
    private static String scalar(JsonNode value) {
        if (value.isNumber()) {
            return value.numberValue() instanceof BigDecimal d ? d.toPlainString() : value.asString();
        }
        return value.isString() ? value.asString() : value.toString();
    }

    // ---- values ------------------------------------------------------------------------------

    private static long offset(Path file, int lineNo, String column, String text) {
        BigDecimal seconds = decimal(text);
        if (seconds == null) {
            throw new TraceFileException(file, lineNo, column, quote(text) + " is not a number of seconds",
                    "write the arrival as seconds from the start of the trace, e.g. 12.5");
        }
        if (seconds.signum() < 0) {
            throw new TraceFileException(file, lineNo, column, quote(text) + " is negative",
                    "write arrivals as seconds >= 0 from the start of the trace");
        }
        return nanos(file, lineNo, column, text, seconds);
    }

    private static long timestamp(Path file, int lineNo, String column, String text) {
        BigDecimal epochSeconds = decimal(text);
        if (epochSeconds != null) {
            return nanos(file, lineNo, column, text, epochSeconds);
        }
        try {
            TemporalAccessor parsed = DATE_TIME.parse(text.strip());
            LocalDateTime local = LocalDateTime.from(parsed);
            ZoneOffset zone = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
            return Math.addExact(Math.multiplyExact(local.toEpochSecond(zone), 1_000_000_000L), local.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new TraceFileException(file, lineNo, column, quote(text) + " is not a timestamp",
                    "write date and time like 2023-11-16 18:17:03.9799600 or 2023-11-16T18:17:03.98Z, "
                            + "seconds since the epoch, or use an arrival_s column of seconds from the start");
        } catch (DateTimeException e) {
            throw new TraceFileException(file, lineNo, column, quote(text) + " is not a valid date and time ("
                    + e.getMessage() + ")", "correct the date and time");
        }
    }

    private static long nanos(Path file, int lineNo, String column, String text, BigDecimal seconds) {
        try {
            // Nanosecond resolution is finer than any trace; rounding below it is not an error.
            return seconds.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (ArithmeticException e) {
            throw new TraceFileException(file, lineNo, column, quote(text) + " is out of range",
                    "write seconds below 9e9");
        }
    }

    private static int tokens(Path file, int lineNo, String column, String text) {
        String t = text.strip();
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new TraceFileException(file, lineNo, column, quote(text) + " is not a whole number of tokens",
                    "write the token count as an integer >= 1");
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new TraceFileException(file, lineNo, column, quote(text) + " is out of range",
                    "write a token count >= 1 (a request with no tokens cannot be replayed; drop the row)");
        }
        return (int) value;
    }

    private static BigDecimal decimal(String text) {
        String t = text.strip();
        if (t.isEmpty() || !(Character.isDigit(t.charAt(0)) || t.charAt(0) == '-' || t.charAt(0) == '+'
                || t.charAt(0) == '.')) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean looksNumeric(String text) {
        return decimal(text) != null;
    }

    private static String quote(String text) {
        return "'" + text + "'";
    }
}

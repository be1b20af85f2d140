package dev.omescale.sim.run;

import dev.omescale.sim.report.ReportData;
import tools.jackson.databind.json.JsonMapper;

/** The report's data as JSON, for scripts ({@code --output json}) and next to the HTML report. */
public final class ReportJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ReportJson() {
    }

    public static String write(ReportData data) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(data);
    }
}

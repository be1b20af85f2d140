package dev.omescale.telemetry.promql;

/**
 * Turns a query result into one number the way KEDA's Prometheus scaler does
 * ({@code pkg/scalers/prometheus_scaler.go}; spec/keda-external-scaler.md section 7), so a ScaledObject
 * behaves the same whether KEDA or omescale evaluates its query:
 *
 * <table>
 *   <caption>KEDA's rule</caption>
 *   <tr><th>result</th><th>ignoreNullValues = true</th><th>false</th></tr>
 *   <tr><td>no series</td><td>0</td><td>error (target may be lost)</td></tr>
 *   <tr><td>more than one series</td><td>error</td><td>error</td></tr>
 *   <tr><td>empty value array</td><td>0</td><td>error</td></tr>
 *   <tr><td>NaN or ±Inf</td><td>0</td><td>error</td></tr>
 *   <tr><td>null sample</td><td>-1</td><td>-1</td></tr>
 * </table>
 *
 * A value array with one entry is already an error in {@link PrometheusClient#query}, as in KEDA. One
 * difference: KEDA cannot read a scalar answer at all; here a scalar counts as one series.
 */
public final class KedaValueRule {

    private KedaValueRule() {
    }

    /**
     * @param query            the PromQL, for the error message
     * @param ignoreNullValues KEDA's {@code ignoreNullValues} (default true there)
     * @return the value KEDA would report
     * @throws PromQlException where KEDA would report an error
     */
    public static double kedaValue(String query, QueryResult r, boolean ignoreNullValues) throws PromQlException {
        String context = "Prometheus query \"" + query + "\"";
        int count = r.series().size();
        if (count == 0) {
            if (ignoreNullValues) {
                return 0;
            }
            throw new PromQlException(context + " returned no series, so the target may be lost; check the query's"
                    + " labels, or set ignoreNullValues to true to read an empty result as 0");
        }
        if (count > 1) {
            throw new PromQlException(context + " returned " + count + " series, but a scaler needs exactly one;"
                    + " aggregate with sum() or max()");
        }
        SeriesValue sample = r.series().get(0);
        if (sample.emptyValue()) {
            if (ignoreNullValues) {
                return 0;
            }
            throw new PromQlException(context + " returned a series with an empty value list, so the target may be"
                    + " lost; set ignoreNullValues to true to read it as 0");
        }
        if (sample.nullSample()) {
            // KEDA starts from -1 and only overwrites it when the value is not null.
            return -1;
        }
        double value = sample.value();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            if (ignoreNullValues) {
                return 0;
            }
            throw new PromQlException(context + " returned " + (Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf"
                    : "-Inf") + "; guard the query (e.g. a division by zero) or set ignoreNullValues to true to"
                    + " read it as 0");
        }
        return value;
    }
}

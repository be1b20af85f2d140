package dev.omescale.app.observe;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * One process's metrics: a {@link PrometheusRegistry} that omescale's instruments register on, with Micrometer's
 * JVM and process binders on the same registry (Micrometer's registry is one collector of it), so one
 * {@code /metrics} page serves both and each family appears once. Create one per process and pass
 * {@link #registry()} to every instrument set; nothing here is static.
 */
public final class OmescaleMetrics implements AutoCloseable {
    private final PrometheusRegistry registry;
    private final PrometheusMeterRegistry micrometer;
    private final JvmGcMetrics gc;

    public OmescaleMetrics() {
        this.registry = new PrometheusRegistry();
        this.micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, registry, Clock.SYSTEM);
        new JvmMemoryMetrics().bindTo(micrometer);
        this.gc = new JvmGcMetrics();
        gc.bindTo(micrometer);
        new JvmThreadMetrics().bindTo(micrometer);
        new ClassLoaderMetrics().bindTo(micrometer);
        new ProcessorMetrics().bindTo(micrometer);
        new UptimeMetrics().bindTo(micrometer);
        new FileDescriptorMetrics().bindTo(micrometer);
    }

    /** Where omescale's own instruments register. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Stops the GC listener; the registry keeps answering. */
    @Override
    public void close() {
        gc.close();
        micrometer.close();
    }
}

package dev.omescale.scaler.controller.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io/v1 Lease} with fabric8's LeaderElector. The leader renews the
 * lease every {@code retryPeriod}; when it cannot renew within {@code renewDeadline} it stops writing, and another
 * replica takes over once {@code leaseDuration} has passed since the last renewal. {@link #close()} releases the
 * lease (ReleaseOnCancel), so a graceful shutdown hands over at once.
 */
public final class LeaseLeadership implements Leadership, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

    /**
     * @param leaseDuration how long a lease holds without renewal, e.g. 15 s
     * @param renewDeadline how long the leader keeps trying to renew before it gives up, shorter than leaseDuration
     * @param retryPeriod   how often candidates try to acquire and the leader renews
     */
    public record Settings(String namespace, String leaseName, String identity, Duration leaseDuration,
            Duration renewDeadline, Duration retryPeriod) {
        public Settings {
            Objects.requireNonNull(namespace, "lease namespace");
            Objects.requireNonNull(leaseName, "lease name");
            Objects.requireNonNull(identity, "identity");
            if (renewDeadline.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("lease renew deadline " + renewDeadline + " must be shorter than "
                        + "the lease duration " + leaseDuration);
            }
        }

        /** Kubernetes' controller-manager defaults: 15 s lease, 10 s renew deadline, 2 s retry. */
        public static Settings defaults(String namespace, String identity) {
            return new Settings(namespace, "omescale-controller", identity, Duration.ofSeconds(15),
                    Duration.ofSeconds(10), Duration.ofSeconds(2));
        }
    }

    private final Settings settings;
    private final KubernetesClient client;
    private final Runnable onStart;
    private final Runnable onStop;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final ExecutorService executor;
    private volatile LeaderElector elector;
    private volatile CompletableFuture<?> running;
    private volatile boolean closed;

    /**
     * @param onStart runs when this replica becomes leader, before it writes anything
     * @param onStop  runs when it stops being leader
     */
    public LeaseLeadership(KubernetesClient client, Settings settings, Runnable onStart, Runnable onStop) {
        this.client = client;
        this.settings = settings;
        this.onStart = onStart;
        this.onStop = onStop;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "omescale-leader-election");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        campaign();
    }

    /**
     * One campaign: fabric8's elector tries to acquire until it leads, renews while it can, and completes when it
     * loses the Lease. A replica that lost the Lease (a partition, a slow API server) campaigns again, or two
     * replicas could end up with nobody willing to lead.
     */
    private synchronized void campaign() {
        if (closed) {
            return;
        }
        LeaderCallbacks callbacks = new LeaderCallbacks(() -> {
            onStart.run();
            leader.set(true);
            LOG.info("{} leads (lease {}/{})", settings.identity(), settings.namespace(), settings.leaseName());
        }, () -> {
            leader.set(false);
            LOG.info("{} stopped leading", settings.identity());
            onStop.run();
        }, id -> LOG.info("leader of {}/{} is {}", settings.namespace(), settings.leaseName(), id));
        elector = new LeaderElector(client, new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(callbacks)
                .build(), executor);
        CompletableFuture<?> campaign = elector.start();
        running = campaign;
        campaign.whenComplete((ignored, error) -> {
            if (!closed) {
                LOG.info("{} campaigns for Lease {}/{} again", settings.identity(), settings.namespace(),
                        settings.leaseName());
                CompletableFuture.delayedExecutor(settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                        .execute(this::campaign);
            }
        });
    }

    @Override
    public boolean isLeader() {
        return leader.get();
    }

    public String identity() {
        return settings.identity();
    }

    /** Stops campaigning and releases the lease if held. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        leader.set(false);
        CompletableFuture<?> r = running;
        if (r != null) {
            r.cancel(true);
        }
        LeaderElector e = elector;
        if (e != null) {
            // ReleaseOnCancel runs asynchronously; release here too so the Lease is free when close() returns
            try {
                e.release();
            } catch (RuntimeException ex) {
                LOG.warn("could not release Lease {}/{}: {}", settings.namespace(), settings.leaseName(),
                        ex.getMessage());
            }
        }
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

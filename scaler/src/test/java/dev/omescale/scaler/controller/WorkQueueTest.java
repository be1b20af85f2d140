package dev.omescale.scaler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The work queue's promises: events coalesce, one worker per key, a key changed while worked on comes back. */
class WorkQueueTest {

    @Test
    void manyEventsForOneKeyQueueItOnceInArrivalOrder() throws Exception {
        WorkQueue q = new WorkQueue();
        for (int i = 0; i < 100; i++) {
            q.add("ns/a");
            q.add("ns/b");
        }
        assertThat(q.depth()).isEqualTo(2);
        assertThat(q.take()).isEqualTo("ns/a");
        assertThat(q.take()).isEqualTo("ns/b");
        assertThat(q.depth()).isZero();
    }

    @Test
    void aKeyBeingWorkedOnIsNotHandedOutAgainButComesBackWhenDoneIfItChanged() throws Exception {
        WorkQueue q = new WorkQueue();
        q.add("ns/a");
        assertThat(q.take()).isEqualTo("ns/a");
        q.add("ns/a");                       // changed while a worker holds it
        q.add("ns/b");
        assertThat(q.take()).isEqualTo("ns/b");
        assertThat(q.depth()).isZero();      // not handed to a second worker
        q.done("ns/a");
        assertThat(q.take()).isEqualTo("ns/a");
        q.done("ns/a");
        q.done("ns/b");
        assertThat(q.awaitIdle(100)).isTrue();
    }

    @Test
    void awaitIdleWaitsForRunningKeysAndCloseReleasesWaitingWorkers() throws Exception {
        WorkQueue q = new WorkQueue();
        q.add("ns/a");
        String key = q.take();
        assertThat(q.awaitIdle(50)).isFalse();
        q.done(key);
        assertThat(q.awaitIdle(50)).isTrue();
        Thread worker = new Thread(() -> {
            try {
                assertThat(q.take()).isNull();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        q.close();
        worker.join(1_000);
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void retryDelaysDoubleFromTheBaseAndStopAtTheCap() {
        ControllerConfig c = ControllerConfig.defaults();   // 1 s, capped at 5 min
        assertThat(c.retryDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.retryDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.retryDelay(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(c.retryDelay(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.retryDelay(1_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void lwsNamesKeepTheLast50CharactersOfTheComponentNameAsOmeDoes() {
        assertThat(WorkloadResolver.lwsName("deepseek-r1-engine")).isEqualTo("lws-deepseek-r1-engine");
        String longName = "a-very-long-inference-service-name-that-goes-on-and-on-engine";
        assertThat(WorkloadResolver.lwsName(longName)).isEqualTo("lws-" + longName.substring(longName.length() - 50));
    }
}

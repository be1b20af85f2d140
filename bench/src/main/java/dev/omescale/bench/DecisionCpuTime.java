package dev.omescale.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link DecisionBenchmark}'s 10,000-component tick outside JMH, reporting per tick the CPU time of the deciding thread,
 * the CPU time of the whole process (GC and JIT threads included) and the wall time. On a machine shared with other
 * work, CPU time is a steadier figure than JMH's wall time (it does not count time the thread waited for a core,
 * though it still pays for caches others thrash); JMH remains the reference.
 *
 * <p>{@code java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar dev.omescale.bench.DecisionCpuTime shipped 100 30 3}:
 * policies ({@code simple} or {@code shipped}), warm-up ticks, ticks per round, rounds.
 */
public final class DecisionCpuTime {
    private DecisionCpuTime() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: DecisionCpuTime simple|shipped WARMUP_TICKS TICKS ROUNDS, e.g. "
                    + "shipped 100 30 3");
        }
        DecisionBenchmark.Fleet f = new DecisionBenchmark.Fleet();
        f.policies = args[0];
        int warm = Integer.parseInt(args[1]);
        int ticks = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        f.setUp();
        for (int i = 0; i < warm; i++) {
            DecisionBenchmark.tickOnce(f);
        }
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            long c0 = t.getCurrentThreadCpuTime();
            long p0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < ticks; i++) {
                DecisionBenchmark.tickOnce(f);
            }
            long c1 = t.getCurrentThreadCpuTime();
            long p1 = os.getProcessCpuTime();
            long w1 = System.nanoTime();
            System.out.printf("%s round %d: thread cpu %.1f ms/tick, process cpu %.1f ms/tick, wall %.1f ms/tick%n",
                    args[0], r, (c1 - c0) / 1e6 / ticks, (p1 - p0) / 1e6 / ticks, (w1 - w0) / 1e6 / ticks);
        }
    }
}

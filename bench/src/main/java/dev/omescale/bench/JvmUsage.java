package dev.omescale.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this JVM has used so far: CPU (the whole process, and per Java thread), bytes allocated per thread, and
 * garbage collections. Two of these, taken before and after a measurement, give its cost; per-thread numbers
 * are grouped by thread name with the numbers taken out ("omescale-scrape-N"), so pools read as one line.
 *
 * @param threadCpuNanos   by thread group, threads alive at the time
 * @param threadAllocBytes by thread group, threads alive at the time
 */
record JvmUsage(
        long wallNanos,
        long processCpuNanos,
        long gcCount,
        long gcMillis,
        Map<String, Long> threadCpuNanos,
        Map<String, Long> threadAllocBytes) {

    static JvmUsage now() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long wall = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long[] cpus = threads.getThreadCpuTime(ids);
        long[] allocs = threads.getThreadAllocatedBytes(ids);
        Map<String, Long> threadCpu = new HashMap<>();
        Map<String, Long> threadAlloc = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || cpus[i] < 0) {
                continue; // ended between the calls
            }
            String group = infos[i].getThreadName().replaceAll("\\d+", "N");
            threadCpu.merge(group, cpus[i], Long::sum);
            threadAlloc.merge(group, Math.max(0, allocs[i]), Long::sum);
        }
        return new JvmUsage(wall, cpu, gcCount, gcMillis, threadCpu, threadAlloc);
    }

    /**
     * CPU per thread group from {@code before} to this, as % of one core, biggest first; the process CPU that
     * no live Java thread accounts for (GC and JIT threads, the VM, threads that ended) is the last entry.
     */
    Map<String, Double> cpuPercentByGroupSince(JvmUsage before) {
        double wall = wallNanos - before.wallNanos;
        Map<String, Long> delta = new HashMap<>();
        long counted = 0;
        for (Map.Entry<String, Long> e : threadCpuNanos.entrySet()) {
            long d = e.getValue() - before.threadCpuNanos.getOrDefault(e.getKey(), 0L);
            delta.put(e.getKey(), d);
            counted += d;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        delta.entrySet().stream()
                .filter(e -> e.getValue() * 1000 >= wall) // below 0.1 % of a core is noise here
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), 100 * e.getValue() / wall));
        out.put("(GC, JIT and VM threads; threads that ended)",
                100 * (processCpuNanos - before.processCpuNanos - counted) / wall);
        return out;
    }

    /** Bytes allocated per second by each thread group from {@code before} to this, biggest first, in MB/s. */
    Map<String, Double> allocMegabytesPerSecondSince(JvmUsage before) {
        double seconds = (wallNanos - before.wallNanos) / 1e9;
        Map<String, Double> out = new LinkedHashMap<>();
        threadAllocBytes.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.threadAllocBytes.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .forEach(e -> out.put(e.getKey(), e.getValue() / 1e6 / seconds));
        return out;
    }

    static List<String> collectorNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }
}

package dev.omescale.sim.fleet;

import dev.omescale.sim.workload.TraceRequest;
import java.util.Arrays;
import java.util.List;

/**
 * Every request of one run as columns of primitive arrays, indexed by the request's position in the workload: no
 * object per request or token while the simulation runs.
 */
public final class RequestTable {
    final double[] arrival;
    final int[] prompt;
    final int[] output;
    /** Tokens generated so far; a preempted request recomputes prompt + these. */
    final int[] generated;
    final double[] firstToken;
    final double[] finish;
    final int[] preemptions;
    final boolean[] dropped;

    public RequestTable(List<TraceRequest> requests) {
        int n = requests.size();
        arrival = new double[n];
        prompt = new int[n];
        output = new int[n];
        generated = new int[n];
        firstToken = new double[n];
        finish = new double[n];
        preemptions = new int[n];
        dropped = new boolean[n];
        for (int i = 0; i < n; i++) {
            TraceRequest r = requests.get(i);
            arrival[i] = r.arrivalSeconds();
            prompt[i] = r.promptTokens();
            output[i] = r.outputTokens();
        }
        Arrays.fill(firstToken, Double.NaN);
        Arrays.fill(finish, Double.NaN);
    }

    public int size() {
        return arrival.length;
    }

    public double arrival(int id) {
        return arrival[id];
    }

    public int prompt(int id) {
        return prompt[id];
    }

    public int output(int id) {
        return output[id];
    }

    /** Time to first token, NaN if none came. */
    public double ttft(int id) {
        return firstToken[id] - arrival[id];
    }

    /** Mean time per output token after the first (TPOT), NaN for one-token or unfinished requests. */
    public double tpot(int id) {
        if (output[id] < 2 || Double.isNaN(finish[id])) {
            return Double.NaN;
        }
        return (finish[id] - firstToken[id]) / (output[id] - 1);
    }

    public double finish(int id) {
        return finish[id];
    }

    public int preemptions(int id) {
        return preemptions[id];
    }

    public boolean dropped(int id) {
        return dropped[id];
    }

    void drop(int id, double now) {
        dropped[id] = true;
    }
}

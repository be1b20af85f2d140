package dev.omescale.scaler.controller;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * A work queue of InferenceService keys, in the manner of client-go's: a key is queued at most once however many
 * events arrive for it (events coalesce), and a key is handed to one worker at a time; events for a key being
 * worked on mark it dirty, and it is queued again when the worker is done. So one slow InferenceService occupies one
 * worker and never blocks the others.
 */
final class WorkQueue {
    private final Deque<String> order = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final Set<String> running = new HashSet<>();
    private final Set<String> dirty = new HashSet<>();
    private boolean closed;

    synchronized void add(String key) {
        if (closed) {
            return;
        }
        if (running.contains(key)) {
            dirty.add(key);
            return;
        }
        if (queued.add(key)) {
            order.addLast(key);
            notifyAll();
        }
    }

    /** The next key, or null once closed. */
    synchronized String take() throws InterruptedException {
        while (order.isEmpty() && !closed) {
            wait();
        }
        if (closed) {
            return null;
        }
        String key = order.pollFirst();
        queued.remove(key);
        running.add(key);
        return key;
    }

    synchronized void done(String key) {
        running.remove(key);
        if (dirty.remove(key)) {
            add(key);
        }
        notifyAll();
    }

    /** Waits until nothing is queued or running; false on timeout. */
    synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!order.isEmpty() || !running.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Whether nothing is queued or running now. */
    synchronized boolean idle() {
        return order.isEmpty() && running.isEmpty();
    }

    synchronized int depth() {
        return order.size();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}

package dev.lmql.backend.local;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A small LRU set of {@link Session}s, so a KV cache survives across the holes of a query, across calls that share
 * a prompt prefix, and across the hypotheses of a beam search that alternate. A session is handed out exclusively
 * ({@link #acquire}) and comes back with {@link #release}: one forward pass at a time per session, while other
 * threads get other sessions.
 */
final class SessionPool {
    private final int capacity;
    private final LlamaConfig config;
    private final Supplier<Session> factory;
    /** Idle sessions, most recently used last. */
    private final List<Session> idle = new ArrayList<>();
    private int inUse;

    SessionPool(int capacity, LlamaConfig config, Supplier<Session> factory) {
        this.capacity = capacity;
        this.config = config;
        this.factory = factory;
    }

    /**
     * The idle session sharing the longest prefix with {@code context}. When using it would throw away tokens it
     * holds beyond that prefix, the shared prefix is copied into a new session instead, so the old one stays
     * reusable (the least recently used session is dropped when the pool is over capacity).
     */
    synchronized Session acquire(int[] context) {
        Session best = null;
        int bestShared = -1;
        for (Session s : idle) {
            int shared = s.commonPrefix(context);
            if (shared > bestShared || (shared == bestShared && best != null && s.length() < best.length())) {
                best = s;
                bestShared = shared;
            }
        }
        Session chosen;
        if (best == null || bestShared == 0) {
            chosen = idle.size() + inUse < capacity || best == null ? factory.get() : takeOldest();
        } else if (bestShared < best.length()) {
            // copying the shared prefix is cheaper than recomputing best's tail later; release() evicts the oldest
            chosen = best.fork(config, bestShared);
        } else {
            idle.remove(best);
            chosen = best;
        }
        inUse++;
        return chosen;
    }

    private Session takeOldest() {
        return idle.remove(0);
    }

    synchronized void release(Session session) {
        inUse--;
        idle.remove(session);
        idle.add(session);
        while (idle.size() + inUse > capacity && !idle.isEmpty()) {
            idle.remove(0);
        }
    }

    synchronized int idleCount() {
        return idle.size();
    }
}

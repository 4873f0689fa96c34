/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The faults added to an emulator, each with its remaining uses, consumed first-match-first. */
final class FaultPlan {
    private record Active(Fault fault, AtomicInteger remaining) {
        /** Takes one use; false when none is left. */
        boolean take() {
            if (fault.times() == Fault.ALWAYS) {
                return true;
            }
            int left;
            do {
                left = remaining.get();
                if (left <= 0) {
                    return false;
                }
            } while (!remaining.compareAndSet(left, left - 1));
            return true;
        }
    }

    private final List<Active> active = new CopyOnWriteArrayList<>();

    void add(Fault fault) {
        active.add(new Active(fault, new AtomicInteger(fault.times())));
    }

    /** Returns the fault this request consumes, or null. */
    Fault next(String method, String path) {
        if (active.isEmpty()) {
            return null;
        }
        for (Iterator<Active> it = active.iterator(); it.hasNext(); ) {
            Active a = it.next();
            if (a.fault().matches(method, path) && chosen(a.fault()) && a.take()) {
                if (a.remaining().get() == 0) {
                    active.remove(a);
                }
                return a.fault();
            }
        }
        return null;
    }

    private static boolean chosen(Fault fault) {
        double p = fault.probability();
        return p >= 1 || ThreadLocalRandom.current().nextDouble() < p;
    }

    void clear() {
        active.clear();
    }
}

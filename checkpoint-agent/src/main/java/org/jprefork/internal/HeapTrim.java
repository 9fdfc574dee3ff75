package org.jprefork.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Makes the template's heap small before its checkpoint: CRIU copies every resident page,
 * including the free part of the heap, into the image, and every restore reads it back.
 *
 * <p>A full GC with the heap-free ratios lowered makes the collectors give free heap back (down
 * to the initial heap size for Serial and Parallel; G1 can go lower); G1 uncommits
 * concurrently, so the trim waits (bounded) until the resident size stops falling. The ratios
 * are put back in every copy after restore.
 */
final class HeapTrim {
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";
    private static final long SETTLE_NANOS = 1_000_000_000L;
    private static final int STABLE_POLLS = 3;

    private final String savedMin;
    private final String savedMax;

    private HeapTrim(String savedMin, String savedMax) {
        this.savedMin = savedMin;
        this.savedMax = savedMax;
    }

    /** Nothing to undo: for engines that do not dump the heap as it is. */
    static HeapTrim none() {
        return new HeapTrim(null, null);
    }

    /** Collects, shrinks and waits for the heap to settle; returns how to undo the ratio change. */
    static HeapTrim trim() {
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = hs.getVMOption(MIN).getValue();
        String max = hs.getVMOption(MAX).getValue();
        try {
            hs.setVMOption(MIN, "0");
            hs.setVMOption(MAX, "1");
        } catch (IllegalArgumentException e) {
            // not manageable on this JVM: collect anyway
        }
        System.gc();
        waitForResidentSizeToSettle();
        return new HeapTrim(min, max);
    }

    /** Puts the program's own heap-free ratios back (in a restored copy). */
    void restore() {
        if (savedMin == null) {
            return;
        }
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        try {
            hs.setVMOption(MAX, savedMax);
            hs.setVMOption(MIN, savedMin);
        } catch (IllegalArgumentException e) {
            // leave them
        }
    }

    private static void waitForResidentSizeToSettle() {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        long last = residentPages();
        int stable = 0;
        while (stable < STABLE_POLLS && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = residentPages();
            stable = now >= last ? stable + 1 : 0;
            last = now;
        }
    }

    private static long residentPages() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm"), StandardCharsets.US_ASCII).trim().split(" ");
            return Long.parseLong(statm[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

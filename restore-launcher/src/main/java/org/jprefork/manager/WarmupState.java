package org.jprefork.manager;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.engine.ToolEntry;
import org.jprefork.protocol.WarmupChecked;

/**
 * What a tool's pool does with its warm-up run ({@code --warmup}): used while every check
 * passes; off for the rest of the pool's life once a template's check finds that the warm-up
 * left something of its call in the tool's static state (or could not tell), or once a verified
 * call ({@code --verify-warmup}) differs from plain java. Off, templates skip the warm-up (they
 * still load and train), and one line says why to one caller.
 */
final class WarmupState {
    private final String program;
    private final boolean requested;
    private final int verifyCalls;
    private String refusal;
    private String notice;
    private WarmupChecked lastCheck;
    private int verifying;
    private int verified;

    WarmupState(TemplateSpec spec) {
        ToolEntry tool = spec.tool();
        this.program = spec.programName();
        this.requested = tool != null && !tool.warmup().isEmpty();
        this.verifyCalls = tool == null ? 0 : tool.verifyCalls();
    }

    /** The spec a template is to run now: without its warm-up once that is off. */
    synchronized TemplateSpec apply(TemplateSpec spec) {
        return refusal == null ? spec : spec.withoutWarmup();
    }

    /**
     * A template's check of its warm-up. Returns the line for a caller when it turns the
     * warm-up off (null when the warm-up stays, or was off already).
     */
    synchronized String checked(WarmupChecked c) {
        lastCheck = c;
        if (!c.refused()) {
            ManagerLog.info("warm-up checked: nothing of its call in " + program + "'s static state ("
                    + c.objects() + " objects looked at in " + c.millis() + " ms); kept");
            return null;
        }
        String line = c.kept() != null
                ? "jprefork: warm-up kept the warm-up's " + c.kept() + " in " + program + "'s static state ("
                        + c.where() + "); calls run without it"
                : "jprefork: warm-up could not be checked for what it kept (" + c.unchecked()
                        + "); calls run without it";
        ManagerLog.info("warm-up refused after " + c.objects() + " objects, " + c.millis() + " ms"
                + (c.path() != null ? " (found at " + c.path() + ")" : "") + ": " + line);
        return turnOff(line);
    }

    /** Whether calls may still be verified against plain java (none claimed by this). */
    synchronized boolean verificationOpen() {
        return refusal == null && requested && verified + verifying < verifyCalls;
    }

    /** Whether this call is to be verified against plain java (claims one of the N). */
    synchronized boolean claimVerification() {
        if (!verificationOpen()) {
            return false;
        }
        verifying++;
        return true;
    }

    /** A verified call's outcome: {@code difference} null when it matched plain java. */
    synchronized String verifiedCall(String difference) {
        verifying--;
        if (difference == null) {
            verified++;
            ManagerLog.info("warm-up verified: call " + verified + " of " + verifyCalls + " matched plain java");
            return null;
        }
        return turnOff("jprefork: a call with the warm-up differed from plain java (" + difference
                + "); calls run without it");
    }

    /** A verification that could not finish: the call is given back to the pool's count. */
    synchronized void verificationAbandoned() {
        verifying--;
    }

    private String turnOff(String line) {
        if (refusal != null) {
            return null;
        }
        refusal = line;
        notice = line;
        return line;
    }

    /** The line saying why the warm-up is off, once: for the first caller to meet that. */
    synchronized String takeNotice() {
        String n = notice;
        notice = null;
        return n;
    }

    /** For {@code jprefork status}: warmup (none, unchecked, kept, verifying K/N, off) and why. */
    synchronized Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        String state;
        if (!requested) {
            state = "none";
        } else if (refusal != null) {
            state = "off";
        } else if (lastCheck == null) {
            state = "unchecked";
        } else if (verified < verifyCalls) {
            state = "verifying " + verified + "/" + verifyCalls;
        } else {
            state = "kept";
        }
        m.put("warmup", state);
        if (refusal != null) {
            m.put("warmup_note", refusal.replaceFirst("^jprefork: ", ""));
        }
        return m;
    }
}

package org.jprefork.doctor;

/**
 * One line of {@code jprefork doctor}: what was checked, what was found, and how to fix it.
 *
 * @param verdict OK, FAIL, or INFO (a fact, neither good nor bad)
 * @param subject what was checked, one word
 * @param detail  what was found
 * @param fix     what to do about a FAIL, or null
 */
public record Finding(Verdict verdict, String subject, String detail, String fix) {
    /** How a check came out. */
    public enum Verdict { OK, FAIL, INFO }

    static Finding ok(String subject, String detail) {
        return new Finding(Verdict.OK, subject, detail, null);
    }

    static Finding info(String subject, String detail) {
        return new Finding(Verdict.INFO, subject, detail, null);
    }

    static Finding fail(String subject, String detail, String fix) {
        return new Finding(Verdict.FAIL, subject, detail, fix);
    }

    /** "OK   subject  detail", and a "fix:" line under a FAIL. */
    public String format() {
        String line = String.format("%-4s %-10s %s", verdict, subject, detail);
        return fix == null ? line : line + "\n" + " ".repeat(16) + "fix: " + fix;
    }
}

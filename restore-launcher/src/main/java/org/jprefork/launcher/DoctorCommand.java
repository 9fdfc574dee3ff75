package org.jprefork.launcher;

import org.jprefork.doctor.Doctor;
import org.jprefork.doctor.Finding;
import picocli.CommandLine.Command;

/** {@code jprefork doctor}: checks CRIU, the kernel, privileges, JDKs and the run dir. */
@Command(name = "doctor", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Checks what jprefork needs here, and says how to fix what is missing.",
            "One line per finding (OK, FAIL with a fix, or INFO): the kernel, privileges, setsid and unshare, "
                + "which criu would be used (its version and criu check), the JDKs found, the run directory.",
            "Exit status 0 when a usable CRIU was found, 1 when there is none (calls then run without checkpoints: warm engine or plain java)."})
final class DoctorCommand extends ManagementCommand {
    @Override
    public Integer call() {
        Doctor doctor = new Doctor(env, new JpreforkHome(env));
        for (Finding f : doctor.run()) {
            System.out.println(f.format());
        }
        return doctor.criuUsable() ? 0 : 1;
    }
}

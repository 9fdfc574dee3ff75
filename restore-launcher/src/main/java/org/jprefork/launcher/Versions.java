package org.jprefork.launcher;

import org.jprefork.protocol.ProtocolVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code jprefork --version}. */
public final class Versions implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return new String[] {"jprefork " + (v == null ? "(development build)" : v)
                + ", protocol " + ProtocolVersion.CURRENT.code()};
    }
}

package org.jprefork.script;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Maven artifact as JBang's //DEPS names it: {@code group:artifact:version[:classifier][@type]}.
 *
 * @param type the packaging ({@code jar} unless {@code @type} says otherwise)
 */
public record Coordinate(String groupId, String artifactId, String version, String classifier, String type) {
    /** jprefork's own agent, which scripts that run under jbang declare to compile against Prefork. */
    static final String AGENT_GROUP = "org.jprefork";
    static final String AGENT_ARTIFACT = "checkpoint-agent";

    private static final String PART = "[A-Za-z0-9_.\\-]+";
    private static final Pattern FORM = Pattern.compile(
            "(" + PART + "):(" + PART + "):([^:@\\s]+)(?::(" + PART + "))?(?:@(" + PART + "))?");

    /** @throws IllegalArgumentException naming the expected form */
    public static Coordinate parse(String s) {
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a Maven coordinate"
                    + " (group:artifact:version[:classifier][@type])");
        }
        return new Coordinate(m.group(1), m.group(2), m.group(3), m.group(4) == null ? "" : m.group(4),
                m.group(5) == null ? "jar" : m.group(5));
    }

    /** Whether this names jprefork's agent (any version): jprefork supplies its own instead. */
    public boolean isJpreforkAgent() {
        return groupId.equals(AGENT_GROUP) && artifactId.equals(AGENT_ARTIFACT);
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version + (classifier.isEmpty() ? "" : ":" + classifier)
                + (type.equals("jar") ? "" : "@" + type);
    }
}

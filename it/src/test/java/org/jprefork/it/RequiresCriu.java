package org.jprefork.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test needs a CRIU that works here. Without one it is skipped, naming why; with
 * JPREFORK_REQUIRE_CRIU=1 (scripts/test as root) it fails instead.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CriuCondition.class)
@interface RequiresCriu {
}

/**
 * The caller's exit status before the copy's teardown: the JDK's shutdown is rewritten to tell
 * the pool manager the exit code once the program has finished, and the copy lets go of the
 * caller's stdio first (docs/design.md, "The end of a call").
 */
package org.jprefork.internal.exit;

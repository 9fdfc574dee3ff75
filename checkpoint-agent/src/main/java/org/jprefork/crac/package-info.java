/**
 * The org.crac compatibility package: jprefork starts programs with
 * {@code -Dorg.crac.Core.Compat=org.jprefork.crac}, so the org.crac library (io.github.crac:org-crac)
 * delegates to these classes, which have the shapes of {@code jdk.crac}. Programs use org.crac,
 * not this package.
 */
package org.jprefork.crac;

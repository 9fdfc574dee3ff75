package org.jprefork.examples;

import groovy.lang.GroovyShell;
import org.jprefork.Prefork;

/**
 * Evaluates a Groovy expression given as the first argument and prints its value: Apache Groovy,
 * unchanged, behind a Prefork wrapper. The slow part (loading and warming Groovy's compiler)
 * happens once, before the checkpoint.
 *
 * <pre>
 * jprefork -U java -cp 'target/groovy-eval.jar:target/lib/*' org.jprefork.examples.GroovyEval '(1..10).sum()'
 * </pre>
 */
public final class GroovyEval {
    private GroovyEval() {
    }

    public static void main(String[] ignored) {
        new GroovyShell().evaluate("[1, 2, 3].collect { it * 2 }.sum() + 'warm'.size()");
        String[] args = Prefork.initialisationComplete().args();
        if (args.length != 1) {
            System.err.println("usage: GroovyEval EXPRESSION");
            System.exit(2);
        }
        System.out.println(new GroovyShell().evaluate(args[0]));
    }
}

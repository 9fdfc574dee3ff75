package org.jprefork.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;

/**
 * Resolves //DEPS with Maven Resolver, wired as Maven 3 wires it: transitive runtime
 * dependencies, Maven's conflict rules (nearest wins, then first declared), downloads cached in
 * the local repository that Maven and JBang use. Runs in the short-lived preparation process only.
 */
final class DependencyResolver {
    /** Where artifacts come from: Maven Central, or $JPREFORK_MAVEN_REPO_URL (a mirror). */
    static final String REPO_URL_ENV = "JPREFORK_MAVEN_REPO_URL";
    /** The local repository: ~/.m2/repository, or $JPREFORK_MAVEN_LOCAL_REPO. */
    static final String LOCAL_REPO_ENV = "JPREFORK_MAVEN_LOCAL_REPO";
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    /** Bounded, so that a dead network fails a call instead of hanging it. */
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int REQUEST_TIMEOUT_MS = 60_000;

    private DependencyResolver() {
    }

    static String remoteUrl(Map<String, String> env) {
        String url = env.get(REPO_URL_ENV);
        return url == null || url.isEmpty() ? CENTRAL : url;
    }

    static Path localRepository(Map<String, String> env) {
        String local = env.get(LOCAL_REPO_ENV);
        return local == null || local.isEmpty() ? Path.of(System.getProperty("user.home"), ".m2", "repository")
                : Path.of(local);
    }

    /**
     * The jars of {@code deps} and of everything they need, in class path order.
     *
     * @throws ScriptException naming the //DEPS line that leads to what failed
     */
    static List<Path> resolve(List<Directives.Dep> deps, Map<String, String> env) throws ScriptException {
        RepositorySystem system = new RepositorySystemSupplier().get();
        String url = remoteUrl(env);
        // A download whose checksum does not match is refused (Maven's default only warns); a
        // file: repository (a local repository used as a remote) has no checksums to check.
        RepositoryPolicy policy = new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_DAILY,
                url.startsWith("file:") ? RepositoryPolicy.CHECKSUM_POLICY_IGNORE : RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        RemoteRepository central = new RemoteRepository.Builder("central", "default", url).setPolicy(policy).build();
        try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepository(env))
                .setSystemProperties(System.getProperties())
                .setConfigProperty("aether.transport.http.connectTimeout", CONNECT_TIMEOUT_MS)
                .setConfigProperty("aether.transport.http.requestTimeout", REQUEST_TIMEOUT_MS)
                .setConfigProperty("aether.transport.http.retryHandler.count", 1)
                // A failure is not remembered: the next call tries again (the network may be back).
                .setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(false, false))
                .build()) {
            CollectRequest collect = new CollectRequest();
            collect.setRepositories(List.of(central));
            for (Directives.Dep d : deps) {
                Coordinate c = d.coordinate();
                collect.addDependency(new Dependency(new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(),
                        c.type(), c.version()), "runtime"));
            }
            DependencyResult result;
            try {
                result = system.resolveDependencies(session, new DependencyRequest(collect, null));
            } catch (DependencyResolutionException e) {
                throw failure(deps, e, remoteUrl(env));
            } catch (RuntimeException e) {
                throw new ScriptException(deps.get(0).where() + ": //DEPS: " + oneLine(e));
            }
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : result.getArtifactResults()) {
                if (r.getArtifact() != null && r.getArtifact().getPath() != null
                        && r.getArtifact().getPath().toString().endsWith(".jar")) {
                    jars.add(r.getArtifact().getPath().toAbsolutePath());
                }
            }
            return jars;
        } finally {
            system.shutdown();
        }
    }

    /** One line: which //DEPS line, which artifact, and the root cause. */
    private static ScriptException failure(List<Directives.Dep> deps, DependencyResolutionException e, String url) {
        Artifact failed = failedArtifact(e);
        Directives.Dep culprit = deps.get(0);
        String what = "";
        if (failed != null) {
            Directives.Dep declared = declaring(deps, failed, e.getResult() == null ? null : e.getResult().getRoot());
            if (declared != null) {
                culprit = declared;
            }
            boolean direct = sameArtifact(culprit.coordinate(), failed);
            what = direct ? "" : " (needs " + failed + ")";
        }
        boolean network = innermost(e) instanceof java.io.IOException;
        return new ScriptException(culprit.where() + ": //DEPS " + culprit.coordinate() + what
                + ": cannot resolve: " + (network ? "cannot reach " + url + ": " : "") + oneLine(e));
    }

    private static Artifact failedArtifact(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ArtifactTransferException ate && ate.getArtifact() != null) {
                return ate.getArtifact();
            }
            if (t instanceof org.eclipse.aether.resolution.ArtifactDescriptorException ade
                    && ade.getResult() != null && ade.getResult().getArtifact() != null) {
                return ade.getResult().getArtifact();
            }
            if (t instanceof org.eclipse.aether.resolution.ArtifactResolutionException are) {
                for (ArtifactResult r : are.getResults()) {
                    if (!r.isResolved() && r.getRequest() != null) {
                        return r.getRequest().getArtifact();
                    }
                }
            }
            if (t instanceof org.eclipse.aether.collection.DependencyCollectionException dce
                    && dce.getResult() != null) {
                for (Exception x : dce.getResult().getExceptions()) {
                    Artifact a = failedArtifact(x);
                    if (a != null) {
                        return a;
                    }
                }
            }
        }
        return null;
    }

    /** The //DEPS item that is, or leads to, the failed artifact. */
    private static Directives.Dep declaring(List<Directives.Dep> deps, Artifact failed, DependencyNode root) {
        for (Directives.Dep d : deps) {
            if (sameArtifact(d.coordinate(), failed)) {
                return d;
            }
        }
        if (root == null) {
            return null;
        }
        for (DependencyNode top : root.getChildren()) {
            if (contains(top, failed)) {
                for (Directives.Dep d : deps) {
                    if (top.getArtifact() != null && sameArtifact(d.coordinate(), top.getArtifact())) {
                        return d;
                    }
                }
            }
        }
        return null;
    }

    private static boolean contains(DependencyNode node, Artifact a) {
        Artifact n = node.getArtifact();
        if (n != null && n.getGroupId().equals(a.getGroupId()) && n.getArtifactId().equals(a.getArtifactId())) {
            return true;
        }
        return node.getChildren().stream().anyMatch(c -> contains(c, a));
    }

    private static boolean sameArtifact(Coordinate c, Artifact a) {
        return c.groupId().equals(a.getGroupId()) && c.artifactId().equals(a.getArtifactId());
    }

    private static Throwable innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The innermost cause's message, on one line. */
    static String oneLine(Throwable e) {
        Throwable t = innermost(e);
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s*[\r\n]+\\s*", "; ").trim();
    }
}

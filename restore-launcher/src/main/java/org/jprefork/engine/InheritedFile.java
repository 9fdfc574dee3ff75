package org.jprefork.engine;

/**
 * An open file description a restored copy gets in place of a regular file of its image
 * (criu's {@code --inherit-fd}), so that every copy writes through the template's own.
 *
 * @param fd   this process's descriptor of it
 * @param path the file's absolute path at the checkpoint, as the image names it
 */
public record InheritedFile(int fd, String path) {
    /** The argument of {@code criu restore --inherit-fd} for it, given as descriptor {@code childFd}. */
    String criuArgument(int childFd) {
        // criu names a regular file by its path relative to the root of its mount namespace.
        return "fd[" + childFd + "]:" + path.substring(1);
    }
}

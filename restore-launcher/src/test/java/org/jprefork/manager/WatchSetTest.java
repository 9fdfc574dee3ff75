package org.jprefork.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchSetTest {
    @TempDir
    Path tmp;

    @Test
    void noticesChangedAddedAndRemovedFiles() throws Exception {
        Path jar = Files.writeString(tmp.resolve("a.jar"), "one");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "x");
        Path absent = tmp.resolve("later.txt");
        WatchSet w = new WatchSet();
        w.add(List.of(jar, classes, absent));
        assertNull(w.firstChanged());

        FileTime t = Files.getLastModifiedTime(jar);
        Files.writeString(jar, "two");
        Files.setLastModifiedTime(jar, t); // same time stamp and size: replaced all the same
        assertEquals(jar, w.firstChanged());
    }

    @Test
    void noticesAFileAppearingInADirectory() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        WatchSet w = new WatchSet();
        w.add(List.of(classes));
        Files.writeString(classes.resolve("B.class"), "x");
        assertEquals(classes, w.firstChanged());
    }

    @Test
    void noticesAWatchedPathAppearing() throws Exception {
        Path absent = tmp.resolve("later.txt");
        WatchSet w = new WatchSet();
        w.add(List.of(absent));
        Files.writeString(absent, "now");
        assertEquals(absent, w.firstChanged());
    }
}

/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.dist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a folder as a {@code .tar.gz} whose bytes depend only on the folder's names, contents,
 * executable bits and symbolic links: entries sorted by name, every time set to one instant,
 * owner and group 0 with no names, modes 755 (folders, executables) or 644, and the JDK's gzip
 * header, which holds no time or file name.
 */
final class Tarball {
    private Tarball() {}

    /**
     * Packs {@code folder} into {@code tarball}; entries are named {@code folder}'s file name
     * followed by the path inside it.
     */
    static void write(Path folder, Path tarball, Instant time) throws IOException {
        Path root = folder.getFileName();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.sorted((a, b) -> name(root, folder, a).compareTo(name(root, folder, b)))
                    .collect(Collectors.toList());
        }
        FileTime mtime = FileTime.from(Instant.ofEpochSecond(time.getEpochSecond()));
        try (OutputStream file = Files.newOutputStream(tarball);
             // The default level: level 9 costs three times the CPU for 1% less.
             GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path path : paths) {
                String name = name(root, folder, path);
                TarArchiveEntry entry;
                boolean regular = false;
                if (Files.isSymbolicLink(path)) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                    entry.setMode(0120777);
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    entry = new TarArchiveEntry(name + "/");
                    entry.setMode(040755);
                } else {
                    entry = new TarArchiveEntry(name);
                    entry.setMode(Files.isExecutable(path) ? 0100755 : 0100644);
                    entry.setSize(Files.size(path));
                    regular = true;
                }
                entry.setLastModifiedTime(mtime);
                entry.setUserId(0);
                entry.setGroupId(0);
                entry.setUserName("");
                entry.setGroupName("");
                tar.putArchiveEntry(entry);
                if (regular) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static String name(Path root, Path folder, Path path) {
        Path relative = folder.relativize(path);
        StringBuilder name = new StringBuilder(root.toString());
        for (Path part : relative) {
            if (!part.toString().isEmpty()) {
                name.append('/').append(part);
            }
        }
        return name.toString();
    }
}

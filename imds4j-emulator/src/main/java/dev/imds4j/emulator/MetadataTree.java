/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * The metadata tree under {@code /latest/}: leaves keyed by full path, folders implied by the
 * leaves below them. Readers never lock; writers serialise so that a path is never both a leaf
 * and a folder.
 */
final class MetadataTree {
    /** The content of one leaf, computed when it is served. */
    @FunctionalInterface
    interface Value {
        byte[] bytes(Instant now);

        static Value of(byte[] bytes) {
            byte[] copy = bytes.clone();
            return now -> copy;
        }
    }

    static final String ROOT = "/latest/";
    /** IMDS's own: {@code PUT /latest/api/token}; no metadata lives there. */
    static final String RESERVED = "/latest/api";

    private final ConcurrentSkipListMap<String, Value> leaves = new ConcurrentSkipListMap<>();

    /** Sets a leaf, creating folders above it; rejects paths that would clash with a folder. */
    synchronized void put(String path, Value value) {
        checkPath(path);
        if (!folderChildren(path + "/").isEmpty()) {
            throw new IllegalArgumentException("put: " + path + " is a folder; remove it first");
        }
        for (int i = path.indexOf('/', ROOT.length()); i > 0; i = path.indexOf('/', i + 1)) {
            if (leaves.containsKey(path.substring(0, i))) {
                throw new IllegalArgumentException(
                        "put: " + path.substring(0, i) + " is a value, so it cannot hold " + path);
            }
        }
        leaves.put(path, value);
    }

    /** Removes a leaf, or a folder and everything under it; returns whether anything went. */
    synchronized boolean remove(String path) {
        String bare = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        checkPath(bare);
        boolean removed = leaves.remove(bare) != null;
        ConcurrentNavigableMap<String, Value> below = subtree(bare + "/");
        removed |= !below.isEmpty();
        below.clear();
        return removed;
    }

    synchronized void clear() {
        leaves.clear();
    }

    /** Returns the leaf at {@code path}, or null. */
    Value leaf(String path) {
        return leaves.get(path);
    }

    /**
     * Lists a folder's children in order, sub-folders with a trailing {@code /}; empty when
     * {@code folder} (which ends with {@code /}) holds nothing.
     */
    List<String> folderChildren(String folder) {
        List<String> children = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, Value> e : subtree(folder).entrySet()) {
            String rest = e.getKey().substring(folder.length());
            int slash = rest.indexOf('/');
            String child = slash < 0 ? rest : rest.substring(0, slash + 1);
            if (!child.equals(last)) {
                children.add(child);
                last = child;
            }
        }
        return children;
    }

    /** Whether some leaf below {@code folder} (which ends with {@code /}) passes {@code test}. */
    boolean anyLeafUnder(String folder, Predicate<String> test) {
        for (String path : subtree(folder).keySet()) {
            if (test.test(path)) {
                return true;
            }
        }
        return false;
    }

    private ConcurrentNavigableMap<String, Value> subtree(String folder) {
        return leaves.subMap(folder, true, folder + Character.MAX_VALUE, false);
    }

    static void checkPath(String path) {
        if (!path.startsWith(ROOT) || path.length() == ROOT.length()) {
            throw new IllegalArgumentException("path must start with " + ROOT
                    + " and name an entry below it, such as /latest/meta-data/ami-id: "
                    + Escapes.line(path));
        }
        if (path.equals(RESERVED) || path.startsWith(RESERVED + "/")) {
            throw new IllegalArgumentException("path must not be under " + RESERVED
                    + "/, which IMDS keeps for its session token and never lists: "
                    + Escapes.line(path));
        }
        if (path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("path must not end with '/' or hold an empty "
                    + "segment: " + Escapes.line(path));
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '?' || c == '#') {
                throw new IllegalArgumentException("path must not contain spaces, control "
                        + "characters, '?' or '#': " + Escapes.line(path));
            }
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("path must not hold '.' or '..': "
                        + Escapes.line(path));
            }
        }
    }
}

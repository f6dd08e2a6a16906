package io.recsys.index.faiss;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;

/**
 * Owns one native index pointer. Users run under the read lock, so any number search at
 * once; freeing takes the write lock, so it waits for running searches and every later use
 * fails with IllegalStateException instead of touching freed memory.
 */
final class NativeHandle {

    private final String description;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long pointer;

    NativeHandle(long pointer, String description) {
        this.pointer = pointer;
        this.description = description;
    }

    <T> T use(LongFunction<T> action) {
        lock.readLock().lock();
        try {
            if (pointer == 0) {
                throw new IllegalStateException(description + " is closed");
            }
            return action.apply(pointer);
        } finally {
            lock.readLock().unlock();
        }
    }

    boolean isFreed() {
        lock.readLock().lock();
        try {
            return pointer == 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    void free() {
        lock.writeLock().lock();
        try {
            if (pointer != 0) {
                FaissNative.free(pointer);
                pointer = 0;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}

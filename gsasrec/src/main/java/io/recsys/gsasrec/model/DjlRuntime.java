package io.recsys.gsasrec.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The single place that touches DJL's engine, so the offline settings are in force before it
 * loads: the machines have no internet, and without these DJL tries to download libtorch or
 * report usage and fails.
 */
public final class DjlRuntime {

    public static final String ENGINE = "PyTorch";

    private DjlRuntime() {}

    public static synchronized Engine engine() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        return Engine.getEngine(ENGINE);
    }

    /** A new root manager on the CPU; the caller closes it. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /**
     * libtorch's intra-op threads for the whole process (torch.set_num_threads). Serving wants
     * one: its tensors are small, and on a busy machine each multi-threaded kernel waits for its
     * second thread to be scheduled (one history's encode: p99 4.9 ms on 2 threads, 1.2 ms on one).
     */
    public static void setIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + threads);
        }
        engine();
        JniUtils.setNumThreads(threads);
    }

    /** libtorch's intra-op threads now. */
    public static int intraOpThreads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** Seeds torch's generator (dropout masks) for deterministic training. */
    public static void seed(int seed) {
        engine().setRandomSeed(seed);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}

package io.recsys.gsasrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.checkpoint.FloatTensor;
import io.recsys.gsasrec.checkpoint.StateDict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * gSASRec's parameters as NDArrays on one manager that this object owns. Arrays are created in
 * the reference's layout (a Linear's weight is [out, in]) so state dicts map one to one.
 */
public final class GsasrecParameters implements AutoCloseable {

    private final GsasrecConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> arrays;

    private GsasrecParameters(GsasrecConfig config, NDManager manager, Map<String, NDArray> arrays) {
        this.config = config;
        this.manager = manager;
        this.arrays = Collections.unmodifiableMap(arrays);
    }

    public static GsasrecParameters fromStateDict(GsasrecConfig config, StateDict weights) {
        ArchitectureInference.validate(config, weights);
        NDManager manager = DjlRuntime.newManager();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String name : ParameterNames.all(config)) {
            FloatTensor t = weights.get(name);
            NDArray a = manager.create(t.data(), new Shape(t.shape()));
            a.setName(name);
            arrays.put(name, a);
        }
        return new GsasrecParameters(config, manager, arrays);
    }

    /**
     * Fresh parameters drawn as PyTorch's default initialisers do (embeddings N(0, 1) scaled by
     * {@code embeddingScale}, Linear uniform in ±1/√in, LayerNorm 1 and 0), from a fixed seed.
     */
    public static GsasrecParameters random(GsasrecConfig config, long seed, double embeddingScale) {
        return fromStateDict(config, randomStateDict(config, seed, embeddingScale));
    }

    public static StateDict randomStateDict(GsasrecConfig config, long seed, double embeddingScale) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        double linearBound = 1.0 / Math.sqrt(config.embeddingDim());
        for (String name : ParameterNames.all(config)) {
            long[] shape = ParameterNames.expectedShape(config, name);
            int n = (int) (shape.length == 2 ? shape[0] * shape[1] : shape[0]);
            float[] data = new float[n];
            boolean embedding = name.endsWith("embedding.weight");
            boolean norm = name.contains("norm.");
            for (int i = 0; i < n; i++) {
                if (embedding) {
                    data[i] = (float) (gaussian(random) * embeddingScale);
                } else if (norm) {
                    data[i] = name.endsWith(".weight") ? 1f : 0f;
                } else {
                    data[i] = (float) ((random.nextDouble() * 2 - 1) * linearBound);
                }
            }
            tensors.put(name, new FloatTensor(shape, data));
        }
        return new StateDict(tensors);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller keeps the draw sequence independent of JDK-specific nextGaussian caching
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    public GsasrecConfig config() {
        return config;
    }

    /** The manager that owns the parameters; long-lived derived arrays may be attached to it. */
    public NDManager manager() {
        return manager;
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    public Map<String, NDArray> all() {
        return arrays;
    }

    /** The table that scores items: the output table, or the input table when it is reused. */
    public NDArray outputTable() {
        return get(config.reuseItemEmbeddings() ? ParameterNames.ITEM_EMBEDDING : ParameterNames.OUTPUT_EMBEDDING);
    }

    public void setTrainable(boolean trainable) {
        arrays.values().forEach(a -> a.setRequiresGradient(trainable));
    }

    /** Copies the current values to the heap, in the reference's names and order. */
    public StateDict toStateDict() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(name, new FloatTensor(a.getShape().getShape(), a.toFloatArray())));
        return new StateDict(out);
    }

    @Override
    public void close() {
        manager.close();
    }
}

package io.recsys.gsasrec.model;

import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.checkpoint.CheckpointFormatException;
import io.recsys.gsasrec.checkpoint.FloatTensor;
import io.recsys.gsasrec.checkpoint.StateDict;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recovers a model's architecture from the shapes in its state dict. Everything but the number
 * of heads (which leaves no trace in the shapes) and the dropout rate is determined.
 */
public final class ArchitectureInference {

    private ArchitectureInference() {}

    public static GsasrecConfig infer(StateDict weights, int numHeads, double dropoutRate) {
        FloatTensor items = weights.get(ParameterNames.ITEM_EMBEDDING);
        FloatTensor positions = weights.get(ParameterNames.POSITION_EMBEDDING);
        if (items.rank() != 2 || positions.rank() != 2) {
            throw new CheckpointFormatException("embedding tables must be 2-D, got item_embedding "
                    + items.shapeString() + " and position_embedding " + positions.shapeString());
        }
        Set<Integer> blocks = new TreeSet<>();
        for (String name : weights.names()) {
            if (name.startsWith(ParameterNames.BLOCK_PREFIX)) {
                String rest = name.substring(ParameterNames.BLOCK_PREFIX.length());
                blocks.add(Integer.parseInt(rest.substring(0, rest.indexOf('.'))));
            }
        }
        if (blocks.isEmpty() || blocks.size() != ((TreeSet<Integer>) blocks).last() + 1) {
            throw new CheckpointFormatException("transformer blocks must be numbered 0..n-1, found " + blocks);
        }
        GsasrecConfig config = new GsasrecConfig((int) items.dim(0) - 2, (int) positions.dim(0),
                (int) items.dim(1), numHeads, blocks.size(), dropoutRate,
                !weights.contains(ParameterNames.OUTPUT_EMBEDDING));
        validate(config, weights);
        return config;
    }

    /** Checks that {@code weights} has exactly the parameters of {@code config}, each of the right shape. */
    public static void validate(GsasrecConfig config, StateDict weights) {
        Set<String> expected = new LinkedHashSet<>(ParameterNames.all(config));
        for (String name : expected) {
            FloatTensor t = weights.find(name).orElseThrow(() -> new CheckpointFormatException(
                    "weights lack '" + name + "' required by " + config));
            long[] shape = ParameterNames.expectedShape(config, name);
            if (!Arrays.equals(shape, t.shape())) {
                throw new CheckpointFormatException("'" + name + "' has shape " + t.shapeString()
                        + " but " + Arrays.toString(shape) + " is expected for " + config);
            }
        }
        Set<String> extra = new TreeSet<>(weights.names());
        extra.removeAll(expected);
        if (!extra.isEmpty()) {
            throw new CheckpointFormatException("weights have parameters that gSASRec does not: " + extra);
        }
    }
}

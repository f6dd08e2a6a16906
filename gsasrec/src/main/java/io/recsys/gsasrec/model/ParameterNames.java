package io.recsys.gsasrec.model;

import io.recsys.gsasrec.GsasrecConfig;

import java.util.ArrayList;
import java.util.List;

/** The state-dict names of gSASRec's parameters, exactly as the reference PyTorch module has them. */
public final class ParameterNames {

    public static final String ITEM_EMBEDDING = "item_embedding.weight";
    public static final String POSITION_EMBEDDING = "position_embedding.weight";
    public static final String OUTPUT_EMBEDDING = "output_embedding.weight";
    public static final String SEQ_NORM = "seq_norm";
    public static final String BLOCK_PREFIX = "transformer_blocks.";

    private ParameterNames() {}

    public static String block(int i, String module) {
        return BLOCK_PREFIX + i + "." + module;
    }

    public static String firstNorm(int i) {
        return block(i, "first_norm");
    }

    public static String secondNorm(int i) {
        return block(i, "second_norm");
    }

    public static String query(int i) {
        return block(i, "multihead_attention.query_proj");
    }

    public static String key(int i) {
        return block(i, "multihead_attention.key_proj");
    }

    public static String value(int i) {
        return block(i, "multihead_attention.val_proj");
    }

    public static String dense1(int i) {
        return block(i, "dense1");
    }

    public static String dense2(int i) {
        return block(i, "dense2");
    }

    public static String weight(String module) {
        return module + ".weight";
    }

    public static String bias(String module) {
        return module + ".bias";
    }

    /** Every parameter a model of this configuration has, in the reference's order. */
    public static List<String> all(GsasrecConfig config) {
        List<String> names = new ArrayList<>();
        names.add(ITEM_EMBEDDING);
        names.add(POSITION_EMBEDDING);
        for (int i = 0; i < config.numBlocks(); i++) {
            for (String module : blockModules(i)) {
                names.add(weight(module));
                names.add(bias(module));
            }
        }
        names.add(weight(SEQ_NORM));
        names.add(bias(SEQ_NORM));
        if (!config.reuseItemEmbeddings()) {
            names.add(OUTPUT_EMBEDDING);
        }
        return names;
    }

    static List<String> blockModules(int i) {
        return List.of(firstNorm(i), secondNorm(i), query(i), key(i), value(i), dense1(i), dense2(i));
    }

    /** The shape a parameter must have under this configuration. */
    public static long[] expectedShape(GsasrecConfig config, String name) {
        long d = config.embeddingDim();
        if (name.equals(ITEM_EMBEDDING) || name.equals(OUTPUT_EMBEDDING)) {
            return new long[] {config.tableRows(), d};
        }
        if (name.equals(POSITION_EMBEDDING)) {
            return new long[] {config.sequenceLength(), d};
        }
        if (name.endsWith("_proj.weight") || name.endsWith("dense1.weight") || name.endsWith("dense2.weight")) {
            return new long[] {d, d};
        }
        return new long[] {d};
    }
}

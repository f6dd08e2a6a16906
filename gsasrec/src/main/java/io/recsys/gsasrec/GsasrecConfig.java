package io.recsys.gsasrec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The architecture of a gSASRec model, named as in the reference implementation's constructor
 * so that its {@code config.json} files read directly.
 *
 * @param numItems items are numbered 1..numItems; numItems + 1 is the padding id
 * @param sequenceLength L, the number of most recent items the model looks at
 * @param embeddingDim d
 * @param numHeads heads split d into equal chunks that share the projections
 * @param numBlocks transformer blocks
 * @param dropoutRate used in training only
 * @param reuseItemEmbeddings true when the input table also scores items (no output table)
 */
public record GsasrecConfig(
        @JsonProperty("num_items") int numItems,
        @JsonProperty("sequence_length") int sequenceLength,
        @JsonProperty("embedding_dim") int embeddingDim,
        @JsonProperty("num_heads") int numHeads,
        @JsonProperty("num_blocks") int numBlocks,
        @JsonProperty("dropout_rate") double dropoutRate,
        @JsonProperty("reuse_item_embeddings") boolean reuseItemEmbeddings) {

    public GsasrecConfig {
        require(numItems >= 2, "num_items must be at least 2, got " + numItems);
        require(sequenceLength >= 1, "sequence_length must be positive, got " + sequenceLength);
        require(embeddingDim >= 1, "embedding_dim must be positive, got " + embeddingDim);
        require(numHeads >= 1 && embeddingDim % numHeads == 0,
                "num_heads must divide embedding_dim: " + numHeads + " heads for d " + embeddingDim);
        require(numBlocks >= 1, "num_blocks must be positive, got " + numBlocks);
        require(dropoutRate >= 0 && dropoutRate < 1, "dropout_rate must be in [0, 1), got " + dropoutRate);
    }

    /** The ML-1M architecture of the reference configuration. */
    public static GsasrecConfig ml1mReference(int numItems) {
        return new GsasrecConfig(numItems, 200, 128, 1, 2, 0.5, false);
    }

    public int paddingId() {
        return numItems + 1;
    }

    public int headDim() {
        return embeddingDim / numHeads;
    }

    /** Rows of the embedding tables: ids 0..numItems+1. */
    public int tableRows() {
        return numItems + 2;
    }

    public boolean isItem(int id) {
        return id >= 1 && id <= numItems;
    }

    public GsasrecConfig withHeads(int heads) {
        return new GsasrecConfig(numItems, sequenceLength, embeddingDim, heads, numBlocks, dropoutRate,
                reuseItemEmbeddings);
    }

    public GsasrecConfig withDropout(double rate) {
        return new GsasrecConfig(numItems, sequenceLength, embeddingDim, numHeads, numBlocks, rate,
                reuseItemEmbeddings);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

package io.recsys.gsasrec.train;

/** The training objective. */
public enum LossKind {
    /** gBCE over k negatives shared by the batch, with calibration t (the reference's loss). */
    GBCE,
    /** Cross-entropy over every item (SASRec+ style): costlier per step, converges in far fewer. */
    SOFTMAX
}

package io.recsys.gsasrec.train;

import io.recsys.gsasrec.eval.Evaluator;

import java.nio.file.Path;

/**
 * @param bundle the best model's bundle directory
 * @param best its validation metrics
 * @param stopReason why training ended: max-epochs, early-stopping, time-budget
 */
public record TrainResult(Path bundle, Evaluator.Result best, int bestEpoch, int epochs, long steps,
                          double meanStepSeconds, String stopReason) {}

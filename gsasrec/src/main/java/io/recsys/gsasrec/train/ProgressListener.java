package io.recsys.gsasrec.train;

import io.recsys.gsasrec.eval.Evaluator;
import java.time.Duration;

/** Receives training progress; the CLI prints it, tests record it. Called on the training thread. */
public interface ProgressListener {

    /** After every step. */
    default void onStep(StepProgress progress) {}

    /** After every validation (once per epoch). */
    default void onEpoch(EpochProgress progress) {}

    /** Anything else worth telling a person: resumed, checkpoint written, stopped early. */
    default void onMessage(String message) {}

    ProgressListener NONE = new ProgressListener() {};

    /**
     * @param loss this step's loss
     * @param averageLoss mean loss since the epoch began
     * @param eta time left until maxEpochs or the time budget, whichever comes first
     */
    record StepProgress(int epoch, long step, long maxSteps, double loss, double averageLoss,
                        double stepsPerSecond, double learningRate, double gradientNorm, Duration eta) {}

    record EpochProgress(int epoch, long step, double averageLoss, Evaluator.Result validation,
                         boolean improved, double bestNdcg10, int epochsWithoutImprovement, Duration elapsed) {}
}

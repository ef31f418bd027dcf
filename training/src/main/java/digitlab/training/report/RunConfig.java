package digitlab.training.report;

import java.util.List;

/**
 * The training settings a run recorded in its {@code run.json}; fields the file lacks are null
 * (or empty), so a report on an old or partial run still renders and says "not recorded".
 *
 * @param layers a dense network's sizes; empty for other networks, which {@code network} spells as layers
 */
public record RunConfig(String loss, String regularizer, double strength, List<Integer> layers,
        String activation, String init, String optimizer, Double learningRate, Integer batchSize,
        Integer epochs, String pixelScaling, Double learningRateDecay, String augmentation, String network) {

    public static RunConfig unknown(String loss, String regularizer, double strength) {
        return new RunConfig(loss, regularizer, strength, List.of(), null, null, null, null, null, null, null, null, null, null);
    }
}

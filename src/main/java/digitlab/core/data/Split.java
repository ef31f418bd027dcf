package digitlab.core.data;

import digitlab.core.cli.UsageException;

/**
 * Which examples a run trains and tests on: the first {@code trainSize} training images and the
 * first {@code testSize} test images.
 */
public record Split(String name, int trainSize, int testSize) {
    /** How run.json, run ids and model metadata name the study split. */
    public static final String STUDY_RECORDED = "seed";

    /**
     * The reference study's deliberately small split, to study overfitting: {@code --split study}.
     * Its name in files stays {@link #STUDY_RECORDED} ("seed", its name before 2026-12-03), which
     * every run.json, run id and ONNX model so far records and the study's bytes include; so
     * {@code --split seed} still names it too.
     */
    public static final Split STUDY = new Split(Split.STUDY_RECORDED, 1000, 2000);
    public static final Split FULL = new Split("full", 60000, 10000);

    public Split {
        if (trainSize <= 0 || testSize <= 0) {
            throw new UsageException("A split needs at least one training and one test example.");
        }
    }

    /** {@code study} (or its old name {@code seed}) or {@code full}; fails with a sentence naming the choices. */
    public static Split named(String name) {
        return switch (name) {
            case "study", STUDY_RECORDED -> STUDY;
            case "full" -> FULL;
            default -> throw new UsageException(
                    "Unknown split '" + name + "': choose 'study' (1000/2000) or 'full' (60000/10000).");
        };
    }

    /** The same split with other sizes, keeping the name so a run says where it started from. */
    public Split withSizes(Integer train, Integer test) {
        return new Split(name, train == null ? trainSize : train, test == null ? testSize : test);
    }
}

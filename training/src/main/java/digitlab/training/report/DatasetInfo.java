package digitlab.training.report;

/** Which data a run trained and tested on, as its {@code run.json} says; null when not recorded. */
public record DatasetInfo(String name, String split, Integer trainSize, Integer testSize, String testImagesMd5) {
    public static final DatasetInfo UNKNOWN = new DatasetInfo(null, null, null, null, null);
}

package digitlab.training.report;

/**
 * What the optional {@code experiment.json} says about the whole experiment; any field may be
 * null when the file or the field is missing.
 */
public record ExperimentInfo(String name, Integer seeds, Integer epochs, Long wallMillis, String command) {
    public static final String FILE_NAME = "experiment.json";
}

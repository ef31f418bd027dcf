package digitlab.training.experiment;

import digitlab.core.cli.UsageException;
import digitlab.core.reference.ReferenceStudy;
import digitlab.training.model.LossKind;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import java.util.ArrayList;
import java.util.List;


/**
 * Which runs an experiment trains: settings x seeds 0..K-1. Seeds are paired: every setting with
 * seed s starts from the same weights and sees the same batch order, so two settings differ by
 * their regularizer, not by luck.
 */
public record ExperimentPlan(String name, List<TrainConfig> runs, int seeds) {
    public static final String REFERENCE = "reference";
    /**
     * The study carried on where the reference grid leaves questions: plain CE as the baseline, L1
     * and L2 at {@link #STUDY_LAMBDAS}, upward from the reference's strengths (about 1e-6 per weight
     * under lambda/n with n = 1000, which do nothing measurable), and Nielsen's other two regularizers.
     */
    public static final String STUDY = "study";
    public static final List<Double> STUDY_LAMBDAS = List.of(1.0, 3.0, 10.0, 30.0, 100.0);
    /**
     * Early stopping's patience in the study: 100 epochs, a tenth of the run (the reference's mean CE
     * test curve peaks near epoch 520 and then moves within about half a point for 480 epochs).
     */
    public static final int STUDY_PATIENCE = 100;
    /** The full-data model that {@code up} serves by default, one run per seed. */
    public static final String FULL = "full";
    /** The convolutional full-data model, {@link TrainConfig#fullCnn}: the best served, so the default. */
    public static final String FULL_CNN = "full-cnn";

    /** One regularized setting before seeds: loss, regularizer and strength. */
    public record Setting(LossKind loss, Regularizer regularizer, double strength) {}

    /** The reference study's 10 settings; {@code base} turns a setting and seed into a config. */
    public static ExperimentPlan reference(int seeds, BaseConfig base) {
        List<Setting> settings = new ArrayList<>();
        for (ReferenceStudy.Setting s : ReferenceStudy.GRID) {
            settings.add(new Setting(LossKind.parse(s.loss()), Regularizers.parse(s.regularizer()), s.strength()));
        }
        return of(REFERENCE, settings, seeds, base);
    }

    /** {@link #STUDY}'s settings: CE; L1 and L2 at each of {@link #STUDY_LAMBDAS}; expanded data; early stopping. */
    public static ExperimentPlan study(int seeds, BaseConfig base) {
        List<Setting> settings = new ArrayList<>();
        settings.add(new Setting(LossKind.CE, Regularizers.NONE, 0));
        for (Regularizer penalty : List.of(Regularizers.L1, Regularizers.L2)) {
            for (double lambda : STUDY_LAMBDAS) {
                settings.add(new Setting(LossKind.CE, penalty, lambda));
            }
        }
        settings.add(new Setting(LossKind.CE, Regularizers.EXPANDED, 0));
        settings.add(new Setting(LossKind.CE, Regularizers.EARLY_STOP, STUDY_PATIENCE));
        return of(STUDY, settings, seeds, base);
    }

    /** {@link TrainConfig#fullData} for seeds 0..K-1, with {@code epochs} instead of its own when given. */
    public static ExperimentPlan full(int seeds, Integer epochs) {
        return fixed(FULL, TrainConfig::fullData, seeds, epochs);
    }

    /** {@link TrainConfig#fullCnn} for seeds 0..K-1, with {@code epochs} instead of its own when given. */
    public static ExperimentPlan fullCnn(int seeds, Integer epochs) {
        return fixed(FULL_CNN, TrainConfig::fullCnn, seeds, epochs);
    }

    /** Whether {@code name} is one of the experiments whose recipe is fixed ({@link #FULL}, {@link #FULL_CNN}). */
    public static boolean isFixed(String name) {
        return FULL.equals(name) || FULL_CNN.equals(name);
    }

    /** The fixed experiment {@code name} ({@link #isFixed}). */
    public static ExperimentPlan fixed(String name, int seeds, Integer epochs) {
        return FULL_CNN.equals(name) ? fullCnn(seeds, epochs) : full(seeds, epochs);
    }

    private static ExperimentPlan fixed(String name, java.util.function.LongFunction<TrainConfig> config, int seeds,
            Integer epochs) {
        return of(name, List.of(new Setting(LossKind.CE, Regularizers.NONE, 0)), seeds, (s, seed) -> {
            TrainConfig c = config.apply(seed);
            return epochs == null ? c : c.withEpochs(epochs);
        });
    }

    /**
     * A user's grid: every loss x every regularizer, each regularizer at every value of its strength
     * flag ({@code strengthValues}: flag to values, e.g. L1/L2 at each {@code --lambda}, dropout at each {@code --dropout}).
     */
    public static ExperimentPlan grid(String name, List<LossKind> losses, List<Regularizer> regularizers,
            java.util.Map<String, List<Double>> strengthValues, int seeds, BaseConfig base) {
        List<Setting> settings = new ArrayList<>();
        for (LossKind loss : losses) {
            for (Regularizer reg : regularizers) {
                String flag = reg.strengthFlag();
                List<Double> strengths = flag == null ? List.of(0.0)
                        : require(strengthValues.get(flag), "--reg " + reg.id() + " needs " + flag + " values");
                for (double strength : strengths) {
                    settings.add(new Setting(loss, reg, strength));
                }
            }
        }
        return of(name, settings, seeds, base);
    }

    private static List<Double> require(List<Double> values, String message) {
        if (values == null || values.isEmpty()) {
            throw new UsageException(message + ".");
        }
        return values;
    }

    private static ExperimentPlan of(String name, List<Setting> settings, int seeds, BaseConfig base) {
        if (seeds < 1) {
            throw new UsageException("--seeds must be at least 1, not " + seeds + ".");
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new UsageException("An experiment name may hold letters, digits, '.', '_' and '-' only: '" + name + "'.");
        }
        List<TrainConfig> runs = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            for (Setting s : settings) {
                runs.add(base.apply(s, seed));
            }
        }
        return new ExperimentPlan(name, List.copyOf(runs), seeds);
    }

    /** The flags shared by every run of a plan, applied to one setting and seed. */
    public interface BaseConfig {
        TrainConfig apply(Setting setting, long seed);
    }

    /** Run names in plan order, each once. */
    public List<String> names() {
        return runs.stream().map(TrainConfig::name).distinct().toList();
    }
}

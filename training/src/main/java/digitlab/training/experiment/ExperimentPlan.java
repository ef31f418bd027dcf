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
    /** The full-data model that {@code up} serves by default, one run per seed. */
    public static final String FULL = "full";

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

    /** {@link TrainConfig#fullData} for seeds 0..K-1, with {@code epochs} instead of its own when given. */
    public static ExperimentPlan full(int seeds, Integer epochs) {
        return of(FULL, List.of(new Setting(LossKind.CE, Regularizers.NONE, 0)), seeds, (s, seed) -> {
            TrainConfig c = TrainConfig.fullData(seed);
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

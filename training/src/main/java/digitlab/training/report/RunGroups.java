package digitlab.training.report;

import digitlab.core.model.RegularizerFamilies;
import digitlab.core.reference.ReferenceStudy;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups an experiment's runs by run name and puts the groups in the study's order (its grid
 * first, then anything else by family and strength), so tables and legends read the same way
 * in every report.
 */
public final class RunGroups {
    private RunGroups() {}

    public static List<SeedGroup> of(List<RunOnDisk> runs) {
        Map<String, List<RunOnDisk>> byName = new LinkedHashMap<>();
        for (RunOnDisk run : runs) {
            byName.computeIfAbsent(run.name(), k -> new ArrayList<>()).add(run);
        }
        List<SeedGroup> groups = new ArrayList<>();
        byName.forEach((name, members) -> {
            members.sort(Comparator.comparingInt(RunOnDisk::seed));
            RunOnDisk first = members.get(0);
            groups.add(new SeedGroup(name, first.family(), labelOf(name, first.config()), members));
        });
        groups.sort(Comparator.comparingInt((SeedGroup g) -> gridIndex(g.name()))
                .thenComparing(SeedGroup::family, RegularizerFamilies.DISPLAY_ORDER)
                .thenComparingDouble(g -> g.runs().get(0).config().strength())
                .thenComparing(SeedGroup::name));
        return groups;
    }

    /** The study's label ("L2 0.01") for its settings, else one built the same way. */
    static String labelOf(String name, RunConfig config) {
        Optional<ReferenceStudy.Setting> setting = ReferenceStudy.byName(name);
        if (setting.isPresent()) {
            return setting.get().label();
        }
        String loss = config.loss() == null ? name : config.loss().toUpperCase(java.util.Locale.ROOT);
        String regularizer = config.regularizer();
        if (regularizer == null || "none".equals(regularizer)) {
            return loss;
        }
        String reg = "dropout".equals(regularizer) ? "dropout"
                : Regularizers.ofFamily(regularizer).filter(r -> r.weightPenalty() == null)
                        .map(Regularizer::familyShortName) // Expanded data, Early stopping
                        .orElse(regularizer.toUpperCase(java.util.Locale.ROOT));
        String prefix = "ce".equalsIgnoreCase(config.loss()) ? "" : loss + " + ";
        // a strength of 0 is a regularizer without one (expanded data)
        return prefix + reg + (config.strength() == 0 ? "" : " " + ReferenceStudy.formatStrength(config.strength()));
    }

    /** Position in the study's grid, or past its end for runs the study did not have. */
    public static int gridIndex(String name) {
        for (int i = 0; i < ReferenceStudy.GRID.size(); i++) {
            if (ReferenceStudy.GRID.get(i).name().equals(name)) {
                return i;
            }
        }
        return ReferenceStudy.GRID.size();
    }

    /** The families present, in display order. */
    public static List<String> families(List<SeedGroup> groups) {
        return groups.stream().map(SeedGroup::family).distinct()
                .sorted(RegularizerFamilies.DISPLAY_ORDER).toList();
    }
}

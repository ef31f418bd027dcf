package digitlab.training.report;

import digitlab.core.reference.ReferenceStudy;
import java.awt.Color;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per run name, the same in every figure. The study's ten settings keep fixed
 * colours (a ten-colour categorical palette in grid order) so reports of different experiments
 * can be compared by eye; other run names get further, evenly spaced hues.
 */
public final class RunColors {
    private static final List<Color> PALETTE = List.of(
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x525252),
            new Color(0xa0a01c), new Color(0x17becf));

    private final Map<String, Color> colors = new HashMap<>();

    public RunColors(List<SeedGroup> groups) {
        int extra = 0;
        for (SeedGroup group : groups) {
            int index = RunGroups.gridIndex(group.name());
            if (index < ReferenceStudy.GRID.size()) {
                colors.put(group.name(), PALETTE.get(index % PALETTE.size()));
            } else {
                // Golden-angle steps keep neighbours apart however many extra runs there are.
                float hue = (float) ((0.08 + extra * 0.381966) % 1.0);
                colors.put(group.name(), Color.getHSBColor(hue, 0.75f, 0.70f));
                extra++;
            }
        }
    }

    public Color of(String runName) {
        return colors.getOrDefault(runName, Color.DARK_GRAY);
    }
}

package io.tessera.placement.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.StoragePolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator at a small scale: the same checks as the 10,000-node run, none of its timing. */
class PlacementSimulatorTest {
    @Test
    void shouldPlaceAndRebalanceAMixOfPoliciesWithoutBreakingAnyFailureDomain() {
        Map<StoragePolicy, Double> mix = new LinkedHashMap<>();
        mix.put(StoragePolicy.RS_6_3, 0.6);
        mix.put(StoragePolicy.RS_10_4, 0.1);
        mix.put(StoragePolicy.RS_3_2, 0.1);
        mix.put(StoragePolicy.REPLICATED_3, 0.2);
        SimulationReport report = new PlacementSimulation(
                        new PlacementSimulation.Config(300, 30, 5, 20_000, mix, 0.1, 0.7, 100, 0, 1))
                .run();
        System.out.print(report.format());

        assertEquals(0, report.placedViolations().total(), report.placedViolations()::toString);
        assertEquals(0, report.balancedViolations().total(), report.balancedViolations()::toString);
        assertTrue(report.placedSpread().coefficientOfVariation() < 0.1, report::format);
        assertTrue(report.balanced(), report::format);
        assertTrue(report.balancedSpread().minOverMean() >= 0.9, report::format);
        assertTrue(report.balancedSpread().maxOverMean() <= 1.1, report::format);
        assertTrue(report.bytesMoved() <= 1.05 * report.minimumBytes(), report::format);
        assertTrue(report.bytesMoved() <= report.newNodesToMeanBytes(), report::format);
    }
}

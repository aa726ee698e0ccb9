package io.tessera.placement.sim;

import io.tessera.common.StoragePolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a {@link PlacementSimulation} and prints its report. {@code bin/simulate-placement} builds and
 * starts it; docs/placement.md records the results.
 */
@Command(
        name = "simulate-placement",
        mixinStandardHelpOptions = true,
        description = "Places block groups over a simulated cluster, grows it, rebalances it, and reports "
                + "spread, failure-domain violations, bytes moved and time per placement decision.")
public final class PlacementSimulator implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "10000", description = "Nodes before the cluster grows.")
    int nodes;

    @Option(names = "--racks", defaultValue = "1000", description = "Racks before the cluster grows.")
    int racks;

    @Option(names = "--zones", defaultValue = "10", description = "Zones; racks are dealt to them in turn.")
    int zones;

    @Option(names = "--groups", defaultValue = "10000000", description = "Block groups to place.")
    int groups;

    @Option(
            names = "--policies",
            defaultValue = "RS-6-3=1",
            split = ",",
            description =
                    "Policies and their share of files, such as RS-6-3=0.7,RS-10-4=0.1,RS-3-2=0.1,REPLICATED-3=0.1.")
    Map<String, Double> policies;

    @Option(names = "--join", defaultValue = "0.1", description = "The cluster grows by this fraction of its racks.")
    double join;

    @Option(names = "--fill", defaultValue = "0.7", description = "How full the first nodes end up: sets capacity.")
    double fill;

    @Option(names = "--refresh", defaultValue = "1000", description = "Groups placed between usage refreshes.")
    int refresh;

    @Option(names = "--warmup", defaultValue = "500000", description = "Groups placed before timing decisions.")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload.")
    long seed;

    private PlacementSimulator() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlacementSimulator()).execute(args));
    }

    @Override
    public Integer call() {
        Map<StoragePolicy, Double> mix = new LinkedHashMap<>();
        policies.forEach((name, share) -> mix.put(StoragePolicy.parse(name), share));
        PlacementSimulation.Config config =
                new PlacementSimulation.Config(nodes, racks, zones, groups, mix, join, fill, refresh, warmup, seed);
        System.out.print(new PlacementSimulation(config).run().format());
        return 0;
    }
}

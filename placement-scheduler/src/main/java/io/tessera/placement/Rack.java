package io.tessera.placement;

import java.util.Objects;

/**
 * A rack, named within its zone: the failure domain between a node and a zone. Two racks with the same
 * name in different zones are different racks.
 */
public record Rack(String zone, String name) implements Comparable<Rack> {
    public Rack {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(name, "rack name");
    }

    @Override
    public int compareTo(Rack other) {
        int byZone = zone.compareTo(other.zone);
        return byZone != 0 ? byZone : name.compareTo(other.name);
    }

    /** The topology path Hadoop schedulers expect: {@code /zone/rack}. */
    @Override
    public String toString() {
        return "/" + zone + "/" + name;
    }
}

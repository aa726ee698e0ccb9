package io.tessera.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.placement.ReadOrder.Proximity;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReadOrderTest {
    private static final Location OTHER_ZONE = new Location("h9", new Rack("z2", "r1"));
    private static final Location SAME_ZONE = new Location("h5", new Rack("z1", "r2"));
    private static final Location SAME_ZONE_TOO = new Location("h6", new Rack("z1", "r3"));
    private static final Location SAME_RACK = new Location("h2", new Rack("z1", "r1"));
    private static final Location SAME_HOST = new Location("h1", new Rack("z1", "r1"));
    private static final Location READER = new Location("h1", new Rack("z1", "r1"));

    @Test
    void shouldOrderHoldersSameHostThenRackThenZoneThenOthers() {
        List<Location> holders = List.of(OTHER_ZONE, SAME_ZONE, SAME_RACK, SAME_ZONE_TOO, SAME_HOST);
        assertEquals(
                List.of(SAME_HOST, SAME_RACK, SAME_ZONE, SAME_ZONE_TOO, OTHER_ZONE),
                ReadOrder.bestFirst(READER, holders, Function.identity()));
    }

    @Test
    void shouldKeepTheGivenOrderAmongEquallyCloseHolders() {
        assertEquals(
                List.of(SAME_ZONE_TOO, SAME_ZONE),
                ReadOrder.bestFirst(READER, List.of(SAME_ZONE_TOO, SAME_ZONE), Function.identity()));
    }

    @Test
    void shouldTellRacksOfTheSameNameInDifferentZonesApart() {
        Location sameRackNameOtherZone = new Location("h7", new Rack("z2", "r1"));
        assertEquals(Proximity.REMOTE, ReadOrder.proximity(READER, sameRackNameOtherZone));
        assertEquals(Proximity.SAME_RACK, ReadOrder.proximity(READER, SAME_RACK));
        assertEquals(Proximity.SAME_ZONE, ReadOrder.proximity(READER, SAME_ZONE));
    }

    @Test
    void shouldOnlyPreferTheSameHostForAReaderOfUnknownRack() {
        Location outside = Location.ofHost("h2");
        assertEquals(Proximity.SAME_HOST, ReadOrder.proximity(outside, SAME_RACK));
        assertEquals(Proximity.REMOTE, ReadOrder.proximity(outside, SAME_HOST));
        assertEquals(
                List.of(SAME_RACK, OTHER_ZONE, SAME_HOST),
                ReadOrder.bestFirst(outside, List.of(OTHER_ZONE, SAME_RACK, SAME_HOST), Function.identity()));
    }

    @Test
    void shouldOrderAnyHolderTypeThroughItsLocation() {
        record Holder(int nodeId, Location location) {}
        List<Holder> holders = List.of(new Holder(1, OTHER_ZONE), new Holder(2, SAME_RACK), new Holder(3, SAME_HOST));
        List<Integer> order = ReadOrder.bestFirst(READER, holders, Holder::location).stream()
                .map(Holder::nodeId)
                .toList();
        assertEquals(List.of(3, 2, 1), order);
    }
}

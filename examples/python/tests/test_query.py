"""Flight results against pyarrow reading the same Parquet files from local disk.

Run by examples/python's Maven test twice: with every storage node up (TESSERA_PHASE=healthy), then
with the node holding the first row group stopped (TESSERA_PHASE=degraded): the answers must not change.
"""
import datetime
import decimal
import json
import os

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.flight as flight
import pyarrow.parquet as pq
import pytest

PHASE = os.environ.get("TESSERA_PHASE", "healthy")


def local(files, columns=None, filters=None):
    return pa.concat_tables(pq.read_table(f, columns=columns, filters=filters) for f in files)


def assert_same(actual, expected):
    assert actual.schema.equals(expected.schema, check_metadata=False), f"{actual.schema}\n!=\n{expected.schema}"
    assert actual.num_rows == expected.num_rows
    assert actual.equals(expected), "tables differ"


def test_lists_the_dataset(tessera, dataset):
    assert dataset in tessera.datasets()


def test_reads_every_row_as_pyarrow_does(tessera, dataset, local_files):
    assert_same(tessera.read(dataset, threads=8), local(local_files))


def test_projects_and_filters_as_pyarrow_does(tessera, dataset, local_files):
    columns = ["mode", "qty", "amount", "tags", "point"]
    table = tessera.read(dataset, columns, [["qty", ">=", 25], ["mode", "=", "AIR"]], threads=4)
    expected = local(local_files, columns, [("qty", ">=", 25), ("mode", "==", "AIR")])
    assert_same(table, expected)
    assert table.num_rows > 0


def test_filters_on_dates_timestamps_and_decimals(tessera, dataset, local_files):
    filter = [["day", "<", "1995-06-01"], ["ts", ">=", "2000-01-01T00:00:00"], ["amount", ">", 0]]
    columns = ["id", "day", "ts", "amount"]
    table = tessera.read(dataset, columns, filter)
    expected = local(local_files, columns)
    mask = pc.and_(
        pc.and_(
            pc.less(expected["day"], pa.scalar(datetime.date(1995, 6, 1), pa.date32())),
            pc.greater_equal(
                expected["ts"], pa.scalar(datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc),
                                          pa.timestamp("us", tz="UTC"))),
        ),
        pc.greater(expected["amount"], pa.scalar(decimal.Decimal("0.00"), pa.decimal128(12, 2))),
    )
    assert_same(table, expected.filter(pc.fill_null(mask, False)))
    assert table.num_rows > 0


def test_prunes_row_groups_by_statistics(tessera, dataset, local_files):
    first_id = pq.read_table(local_files[0], columns=["id"])["id"][0].as_py()
    query = [["id", "<", first_id + 100]]
    assert len(tessera.plan(dataset, ["id"], query).endpoints) == 1, "only the first row group holds those ids"
    assert tessera.read(dataset, ["id"], query).num_rows == 100


@pytest.mark.skipif(PHASE != "healthy", reason="checked with every node up")
def test_every_endpoint_names_a_holder(tessera, dataset):
    info = tessera.plan(dataset)
    assert len(info.endpoints) > 2
    assert all(endpoint.locations for endpoint in info.endpoints)


@pytest.mark.parametrize(
    "command, message",
    [
        ({"path": "/no/such/dataset"}, "/no/such/dataset"),
        ({"path": "/warehouse/py", "columns": ["nope"]}, "unknown column 'nope'"),
        ({"path": "/warehouse/py", "filter": [["qty", ">", "many"]]}, "expects an integer"),
        ({"path": "/warehouse/py", "filter": [["qty", "~", 1]]}, "unknown operator"),
    ],
)
def test_bad_commands_get_clear_errors(tessera, command, message):
    client, options = tessera._client(tessera.planner)
    with pytest.raises((flight.FlightError, pa.ArrowException), match=message):
        client.get_flight_info(flight.FlightDescriptor.for_command(json.dumps(command)), options)


def test_malformed_command_and_tampered_ticket_get_clear_errors(tessera, dataset):
    client, options = tessera._client(tessera.planner)
    with pytest.raises((flight.FlightError, pa.ArrowException), match="not JSON"):
        client.get_flight_info(flight.FlightDescriptor.for_command(b"{path"), options)
    endpoint = tessera.plan(dataset).endpoints[0]
    ticket = bytearray(endpoint.ticket.ticket)
    ticket[10] ^= 0x01
    with pytest.raises((flight.FlightError, pa.ArrowException), match="integrity check"):
        client.do_get(flight.Ticket(bytes(ticket)), options).read_all()
    assert tessera.read(dataset, ["id"]).num_rows > 0, "the server keeps serving"

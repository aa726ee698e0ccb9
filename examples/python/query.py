#!/usr/bin/env python3
"""Query a Tessera dataset over Arrow Flight.

Lists the datasets, plans a query at the planning server (the metadata service's Flight port), reads
every endpoint in parallel from the storage nodes holding its row group, concatenates the batches and
prints a pandas summary:

    python3 query.py --flight grpc://127.0.0.1:8815 --path /warehouse/lineitem \
        --columns l_quantity,l_extendedprice --filter '[["l_quantity", ">=", 10]]' --threads 8
"""
import argparse
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pyarrow.flight as flight


class Tessera:
    """A Flight client of one Tessera cluster: the planner plus a connection per storage node."""

    def __init__(self, planner, user=None, password=None):
        self.planner = planner
        self.user = user
        self.password = password
        self._clients = {}
        self._lock = threading.Lock()

    def _client(self, uri):
        """A connected (and, with security on, authenticated) client and its call options, one per server."""
        with self._lock:
            if uri not in self._clients:
                client = flight.FlightClient(uri)
                options = flight.FlightCallOptions()
                if self.user is not None:
                    # Each server issues its own bearer token for the user's password.
                    header = client.authenticate_basic_token(self.user, self.password)
                    options = flight.FlightCallOptions(headers=[header])
                self._clients[uri] = (client, options)
            return self._clients[uri]

    def datasets(self):
        """The paths of the datasets the cluster holds (directories of Parquet files)."""
        client, options = self._client(self.planner)
        return ["/" + "/".join(p.decode() for p in info.descriptor.path) for info in client.list_flights(options=options)]

    def plan(self, path, columns=None, filter=None):
        """GetFlightInfo: the schema and one endpoint per row group that may match."""
        if columns is None and not filter:
            descriptor = flight.FlightDescriptor.for_path(path)
        else:
            command = {"path": path}
            if columns is not None:
                command["columns"] = list(columns)
            if filter:
                command["filter"] = filter
            descriptor = flight.FlightDescriptor.for_command(json.dumps(command))
        client, options = self._client(self.planner)
        return client.get_flight_info(descriptor, options)

    def read_endpoint(self, endpoint):
        """DoGet at the endpoint's locations in order (the holder first), then at the planner."""
        locations = [location.uri.decode() for location in endpoint.locations] + [self.planner]
        error = None
        for uri in locations:
            try:
                client, options = self._client(uri)
                return client.do_get(endpoint.ticket, options).read_all()
            except flight.FlightUnavailableError as e:  # node down: the next location serves it
                error = e
        raise error

    def read(self, path, columns=None, filter=None, threads=8):
        """Every endpoint of the query, read in parallel, as one table in the dataset's order."""
        info = self.plan(path, columns, filter)
        with ThreadPoolExecutor(max_workers=threads) as pool:
            tables = list(pool.map(self.read_endpoint, info.endpoints))
        if not tables:
            return info.schema.empty_table()
        return pa.concat_tables(tables)

    def close(self):
        for client, _ in self._clients.values():
            client.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flight", default="grpc://127.0.0.1:8815", help="the planning server")
    parser.add_argument("--path", help="dataset to query (default: the first one listed)")
    parser.add_argument("--columns", help="comma-separated columns to return (default: all)")
    parser.add_argument("--filter", help='JSON list of [column, op, value], e.g. [["a", ">=", 10]]')
    parser.add_argument("--threads", type=int, default=8, help="endpoints read at once")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    tessera = Tessera(args.flight, args.user, args.password)
    try:
        datasets = tessera.datasets()
        print("datasets:", ", ".join(datasets) or "(none)")
        path = args.path or (datasets[0] if datasets else None)
        if path is None:
            return
        columns = args.columns.split(",") if args.columns else None
        filter = json.loads(args.filter) if args.filter else None
        info = tessera.plan(path, columns, filter)
        print(f"{path}: {len(info.endpoints)} endpoints")
        for endpoint in info.endpoints[:5]:
            print("  at", ", ".join(location.uri.decode() for location in endpoint.locations) or "(the planner)")
        table = tessera.read(path, columns, filter, args.threads)
        print(f"read {table.num_rows} rows, {table.nbytes} bytes of Arrow data")
        print(table.to_pandas().describe(include="all").to_string())
    finally:
        tessera.close()


if __name__ == "__main__":
    main()

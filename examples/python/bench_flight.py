#!/usr/bin/env python3
"""Flight read throughput against pyarrow reading the same Parquet files from local disk.

    python3 bench_flight.py --flight grpc://127.0.0.1:8815 --path /bench/lineitem --local DIR [--runs 3]

Prints, for pyarrow's local read and for Flight with 1, 2, 4 and 8 parallel endpoint streams, the best
of --runs wall times and MiB/s of Parquet file bytes; then the same for a projection of two columns,
with the Arrow bytes each moved (the projection's share of a full read).
"""
import argparse
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from query import Tessera


def best(runs, fn):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flight", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--local", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--columns", default="l_orderkey,l_extendedprice")
    args = parser.parse_args()

    files = sorted(Path(args.local).glob("*.parquet"))
    parquet_bytes = sum(f.stat().st_size for f in files)
    mib = parquet_bytes / 2**20
    tessera = Tessera(args.flight)
    projection = args.columns.split(",")
    print(f"{len(files)} files, {mib:.1f} MiB of Parquet, {pq.ParquetFile(files[0]).metadata.num_columns} columns")
    print(f"{'read':<34}{'seconds':>9}{'MiB/s':>9}{'Arrow MiB':>11}")
    for label, columns in (("all columns", None), (f"projection {projection}", projection)):
        def local():
            with ThreadPoolExecutor(8) as pool:
                return pa.concat_tables(pool.map(lambda f: pq.read_table(f, columns=columns), files))

        seconds, table = best(args.runs, local)
        full_arrow = table.nbytes
        print(f"{'pyarrow local, ' + label:<34}{seconds:9.2f}{mib / seconds:9.1f}{table.nbytes / 2**20:11.1f}")
        for streams in (1, 2, 4, 8):
            seconds, table = best(args.runs, lambda: tessera.read(args.path, columns, None, threads=streams))
            print(f"{f'Flight x{streams}, ' + label:<34}{seconds:9.2f}{mib / seconds:9.1f}{table.nbytes / 2**20:11.1f}")
    tessera.close()


if __name__ == "__main__":
    main()

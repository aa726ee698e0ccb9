#!/usr/bin/env python3
"""A TPC-H lineitem-shaped table (16 columns) of about --mib MiB of Parquet, in files of --file-mib."""
import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def chunk(rng, start, rows):
    modes = np.array(["AIR", "FOB", "MAIL", "RAIL", "REG AIR", "SHIP", "TRUCK"])
    instructs = np.array(["COLLECT COD", "DELIVER IN PERSON", "NONE", "TAKE BACK RETURN"])
    days = rng.integers(8035, 10591, rows).astype("int32")
    return pa.table({
        "l_orderkey": pa.array(np.arange(start, start + rows, dtype="int64") // 4),
        "l_partkey": pa.array(rng.integers(1, 200_000, rows)),
        "l_suppkey": pa.array(rng.integers(1, 10_000, rows)),
        "l_linenumber": pa.array(rng.integers(1, 8, rows).astype("int32")),
        "l_quantity": pa.array(rng.integers(1, 51, rows).astype("float64")),
        "l_extendedprice": pa.array(np.round(rng.uniform(900, 105_000, rows), 2)),
        "l_discount": pa.array(np.round(rng.uniform(0, 0.1, rows), 2)),
        "l_tax": pa.array(np.round(rng.uniform(0, 0.08, rows), 2)),
        "l_returnflag": pa.array(rng.choice(np.array(["A", "N", "R"]), rows)),
        "l_linestatus": pa.array(rng.choice(np.array(["F", "O"]), rows)),
        "l_shipdate": pa.array(days, pa.int32()).cast(pa.date32()),
        "l_commitdate": pa.array(days + rng.integers(-30, 30, rows).astype("int32"), pa.int32()).cast(pa.date32()),
        "l_receiptdate": pa.array(days + rng.integers(1, 30, rows).astype("int32"), pa.int32()).cast(pa.date32()),
        "l_shipinstruct": pa.array(rng.choice(instructs, rows)),
        "l_shipmode": pa.array(rng.choice(modes, rows)),
        "l_comment": pa.array([f"c{x:x}" for x in rng.integers(0, 2**40, rows)]),
    })


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--mib", type=int, default=1024)
    parser.add_argument("--file-mib", type=int, default=128)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    rows_per_file = args.file_mib * 2**20 // 35  # about 35 bytes a row in Parquet
    start = 0
    for i in range(max(1, args.mib // args.file_mib)):
        pq.write_table(chunk(rng, start, rows_per_file), out / f"part-{i:04d}.parquet", row_group_size=1_000_000)
        start += rows_per_file


if __name__ == "__main__":
    main()

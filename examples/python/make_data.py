#!/usr/bin/env python3
"""Writes the Parquet files the pytest suite compares Flight against: pyarrow, small row groups."""
import datetime
import decimal
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def table(rows, seed):
    import random

    rng = random.Random(seed)

    def maybe(value):
        return None if rng.random() < 0.1 else value

    return pa.table(
        {
            "id": pa.array(range(seed * 1_000_000, seed * 1_000_000 + rows), pa.int64()),
            "flag": pa.array([maybe(rng.random() < 0.5) for _ in range(rows)], pa.bool_()),
            "small": pa.array([maybe(rng.randint(-128, 127)) for _ in range(rows)], pa.int8()),
            "qty": pa.array([maybe(rng.randint(0, 50)) for _ in range(rows)], pa.int32()),
            "price": pa.array([maybe(rng.random() * 1000) for _ in range(rows)], pa.float64()),
            "ratio": pa.array([maybe(rng.random()) for _ in range(rows)], pa.float32()),
            "amount": pa.array(
                [maybe(decimal.Decimal(rng.randint(-10**9, 10**9)).scaleb(-2)) for _ in range(rows)],
                pa.decimal128(12, 2),
            ),
            "day": pa.array(
                [maybe(datetime.date(1992, 1, 1) + datetime.timedelta(days=rng.randint(0, 2500))) for _ in range(rows)],
                pa.date32(),
            ),
            "ts": pa.array(
                [maybe(rng.randint(0, 2**40) * 1000) for _ in range(rows)], pa.timestamp("us", tz="UTC")
            ),
            "mode": pa.array([maybe(rng.choice(["AIR", "RAIL", "SHIP", "TRUCK"])) for _ in range(rows)], pa.string()),
            "comment": pa.array([maybe("c%x" % rng.getrandbits(64)) for _ in range(rows)], pa.string()),
            "blob": pa.array([maybe(rng.randbytes(rng.randint(0, 12))) for _ in range(rows)], pa.binary()),
            "tags": pa.array(
                [maybe([maybe("t%d" % rng.randint(0, 9)) for _ in range(rng.randint(0, 3))]) for _ in range(rows)],
                pa.list_(pa.string()),
            ),
            "point": pa.array(
                [maybe({"x": rng.random(), "y": maybe(rng.random())}) for _ in range(rows)],
                pa.struct([("x", pa.float64()), ("y", pa.float64())]),
            ),
        }
    )


def main(directory):
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    # Over 1 MiB: erasure-coded in the cluster. The second is small: replicated.
    pq.write_table(table(30_000, 1), out / "part-0.parquet", row_group_size=5_000)
    pq.write_table(table(4_000, 2), out / "part-1.parquet", row_group_size=1_000)


if __name__ == "__main__":
    main(sys.argv[1])

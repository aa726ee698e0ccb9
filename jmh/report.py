#!/usr/bin/env python3
"""Turns JMH JSON results of ErasureCodecBenchmark into a Markdown table of GB/s of data per core.

usage: jmh/report.py RESULT.json [RESULT.json ...]   (one column group per file, e.g. per JDK)
One operation codes k * shardSize bytes of data; the figure is the median over measurement iterations.
"""
import json
import statistics
import sys
from collections import OrderedDict


def rows(path):
    table = OrderedDict()
    for result in json.load(open(path)):
        params = result["params"]
        k = int(params["km"].split("/")[0])
        size = int(params["shardSize"])
        scores = [s for fork in result["primaryMetric"]["rawData"] for s in fork]
        gbps = statistics.median(scores) * k * size / 1e9
        op = result["benchmark"].rsplit(".", 1)[1]
        table[(op, params["km"], params["coder"])] = gbps
    return table


def main(paths):
    tables = [rows(p) for p in paths]
    keys = list(tables[0].keys())
    header = ["operation", "k/m", "coder"]
    for p in paths:
        header += [f"GB/s ({p})", "× hadoop"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for key in keys:
        op, km, coder = key
        line = [op, km, coder]
        for table in tables:
            value = table.get(key)
            hadoop = table.get((op, km, "hadoop"))
            line.append(f"{value:.2f}" if value is not None else "")
            line.append(f"{value / hadoop:.1f}" if value and hadoop else "")
        print("| " + " | ".join(line) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Simulates a large case file on Spark: every partition goes through `dmap simulate --partial -`,
and `dmap merge` turns the parts into the report of one run over the whole file.

    scripts/spark-simulate.py MAP CASES [--partitions N] [--format text|json] [--parts DIR]
                              [--compare] [--dmap PATH] [-- SIMULATE-OPTIONS...]

  --partitions N   how many partitions Spark cuts the file into (default: Spark's choice, at least 2)
  --format         the merged report's format (default: text)
  --parts DIR      keep the parts in DIR (default: a temporary folder)
  --compare        also run `dmap simulate` on the whole file on this machine, and compare its JSON
                   report with the merged one (exit 1 when they differ)
  --dmap PATH      the dmap executable (default: .build/release/dmap, built when missing)
  -- OPTIONS       passed to every `dmap simulate` (e.g. -- --expect expected_route --per-week 5000)

Needs pyspark (`pip install pyspark`) and a Java runtime (Debian: `apt install default-jre`). Runs
in local mode on every core unless SPARK_MASTER names a cluster; the map and the dmap executable
are shipped to the executors with the job. The exit status is dmap's: 0 clean, 1 the merged report
has gaps or rejected rows (or --compare found a difference), 2 a part or the merge failed.

The file is cut at line breaks (Spark's text input), so a quoted field that holds a line break
may be cut in two; dmap then reports the broken rows, and --compare shows the difference.
CSV only (a header line, repeated to every partition).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    argv = sys.argv[1:]
    passthrough = []
    if "--" in argv:
        cut = argv.index("--")
        argv, passthrough = argv[:cut], argv[cut + 1:]
    parser = argparse.ArgumentParser(description="Simulate a case file on Spark and merge the parts with dmap merge.")
    parser.add_argument("map")
    parser.add_argument("cases")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--parts", default=None)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--dmap", default=None)
    args = parser.parse_args(argv)

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dmap = args.dmap or os.path.join(root, ".build", "release", "dmap")
    if not os.path.exists(dmap):
        print("spark-simulate: building dmap (swift build -c release)…", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "dmap"], cwd=root, check=True)
    dmap = os.path.abspath(dmap)
    map_path = os.path.abspath(args.map)
    # A local file by its absolute path; a URL (hdfs://, s3a://) as given.
    cases = args.cases if "://" in args.cases else os.path.abspath(args.cases)

    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.appName("dmap simulate")
             .master(os.environ.get("SPARK_MASTER", "local[*]"))
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    sc.addFile(dmap)
    sc.addFile(map_path)
    dmap_name, map_name, map_arg = os.path.basename(dmap), os.path.basename(map_path), args.map
    simulate_options = list(passthrough)

    def simulate_partition(index, lines):
        """Runs one partition through `dmap simulate --partial -`; yields (index, part, status, stderr)."""
        body = []
        for k, line in enumerate(lines):
            if index == 0 and k == 0:
                continue  # the file's own header line
            body.append(line)
        if not body:
            return
        executable = SparkFiles.get(dmap_name)
        os.chmod(executable, 0o755)
        # The map under the name it was given, so the report names it as a run on one machine does.
        with tempfile.TemporaryDirectory() as work:
            shown = map_arg if not os.path.isabs(map_arg) and ".." not in map_arg.split(os.sep) else map_name
            os.makedirs(os.path.join(work, os.path.dirname(shown)), exist_ok=True)
            os.symlink(SparkFiles.get(map_name), os.path.join(work, shown))
            command = [executable, "simulate", shown, "--cases", "-", "--partial", "-", "--jobs", "1"] + simulate_options
            done = subprocess.run(command, input=header + b"\n" + b"\n".join(body) + b"\n", capture_output=True, cwd=work)
        yield index, done.stdout.decode("utf-8"), done.returncode, done.stderr.decode("utf-8", "replace")

    started = time.time()
    rdd = sc.textFile(cases, minPartitions=args.partitions or 2, use_unicode=False)
    try:
        header = rdd.first()
    except Exception as error:  # an empty or unreadable file
        print(f"spark-simulate: cannot read {args.cases}: {str(error).splitlines()[0]}", file=sys.stderr)
        spark.stop()
        return 2
    results = sorted(rdd.mapPartitionsWithIndex(simulate_partition).collect())
    spark_seconds = time.time() - started
    spark.stop()

    failed = [r for r in results if r[2] == 2]
    for index, _, _, err in failed:
        print(f"spark-simulate: partition {index}: {err.strip()}", file=sys.stderr)
    if failed or not results:
        return 2

    parts_dir = args.parts or tempfile.mkdtemp(prefix="dmap-parts-")
    os.makedirs(parts_dir, exist_ok=True)
    part_files = []
    for index, part, _, _ in results:
        path = os.path.join(parts_dir, f"part-{index:05d}.json")
        with open(path, "w") as f:
            f.write(part)
        part_files.append(path)
    kept = f"; parts in {parts_dir}" if args.parts else ""
    print(f"spark-simulate: {len(part_files)} partitions simulated on Spark in {spark_seconds:.1f} s{kept}", file=sys.stderr)

    merge = [dmap, "merge", *part_files, "--source", args.cases]
    merged = subprocess.run(merge + ["--format", args.format], capture_output=True)
    sys.stdout.write(merged.stdout.decode("utf-8"))
    sys.stderr.write(merged.stderr.decode("utf-8"))
    status = merged.returncode

    if args.compare and status != 2:
        merged_json = subprocess.run(merge + ["--format", "json"], capture_output=True).stdout
        started = time.time()
        single = subprocess.run([dmap, "simulate", args.map, "--cases", args.cases, "--format", "json"] + passthrough, capture_output=True)
        seconds = time.time() - started
        if single.stdout == merged_json:
            print(f"spark-simulate: the merged report equals `dmap simulate` on one machine ({seconds:.1f} s), byte for byte",
                  file=sys.stderr)
        else:
            one, other = os.path.join(parts_dir, "single.json"), os.path.join(parts_dir, "merged.json")
            open(one, "wb").write(single.stdout)
            open(other, "wb").write(merged_json)
            print(f"spark-simulate: the merged report differs from one run: diff {one} {other}", file=sys.stderr)
            status = max(status, 1)
    if not args.parts:
        shutil.rmtree(parts_dir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Per-crate compile times of two `cargo build --timings` reports, side by side (benches/run.sh).

    python3 benches/build_units.py BEFORE.html AFTER.html [ROWS]

Reads the unit list that cargo embeds in its HTML report (`const UNIT_DATA = [...]`), adds up
the units of each crate and version (its library, build script and build script run), and prints
a markdown table of the ROWS (default 20) crates that took longest before or after, with the
totals. A crate whose library was compiled more than once (with different features, for the
build's host and for its target) says how many times. The
durations are each unit's own wall time, which on a busy machine includes waiting for a core:
compare the two columns of one run, not figures of different runs.
"""

import json
import re
import sys


def crate_times(path):
    html = open(path, encoding="utf-8").read()
    match = re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S)
    if match is None:
        sys.exit(f"{path}: no UNIT_DATA in this cargo timings report")
    times, libraries = {}, {}
    for unit in json.loads(match.group(1)):
        key = f"{unit['name']} {unit['version']}"
        times[key] = times.get(key, 0.0) + unit["duration"]
        if unit.get("mode") == "todo" and not unit.get("target", "").strip():
            libraries[key] = libraries.get(key, 0) + 1
    return {
        (f"{key} (×{libraries[key]})" if libraries.get(key, 0) > 1 else key): time
        for key, time in times.items()
    }


def main():
    before, after = crate_times(sys.argv[1]), crate_times(sys.argv[2])
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    names = sorted(
        set(before) | set(after), key=lambda n: (-max(before.get(n, 0), after.get(n, 0)), n)
    )
    print("| crate | before | after |")
    print("| --- | ---: | ---: |")
    for name in names[:rows]:
        cells = [f"{t[name]:.2f} s" if name in t else "gone" for t in (before, after)]
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    rest = names[rows:]
    if rest:
        print(
            f"| {len(rest)} more | {sum(before.get(n, 0) for n in rest):.2f} s "
            f"| {sum(after.get(n, 0) for n in rest):.2f} s |"
        )
    print(
        f"| **all {len(before)} / {len(after)} crates** | **{sum(before.values()):.2f} s** "
        f"| **{sum(after.values()):.2f} s** |"
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Lists the Swift Testing tests a log shows started and never finished (passed, failed or skipped).

Used by .ci/run when `swift test` is stopped by its hang guard: the tests still running are the suspects.
Usage: unfinished-tests.py LOG
"""
import re
import sys

# Names are quoted; a parameterized test's cases start ("◇ Test case passing …") but only the test finishes.
STARTED = re.compile(r'^◇ Test (".*") started\.$')
FINISHED = re.compile(r'^(?:[✔✘] Test (".*?") (?:with [0-9]+ test cases? )?(?:passed|failed) after [0-9.]+ seconds|➜ Test (".*?") skipped)')


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    running: dict[str, int] = {}
    with open(sys.argv[1], encoding='utf-8', errors='replace') as log:
        for line in log:
            line = line.rstrip('\n')
            if match := STARTED.match(line):
                running[match.group(1)] = running.get(match.group(1), 0) + 1
            elif match := FINISHED.match(line):
                name = match.group(1) or match.group(2)
                if running.get(name, 0) > 1:
                    running[name] -= 1
                else:
                    running.pop(name, None)
    for name in running:
        print(f'  {name}')
    if not running:
        print('  (none: the run stopped between tests, or before any started)')
    return 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""Sums up the thread stacks .ci/run saves (gdb, demangled) when a test run is about to be stopped by its guard.

Prints one line per distinct stack that passes through the project's code: the innermost frame (what the thread is
blocked in) and the first frames in Factwire code, with how many threads share it. Idle threads (event loops, the
cooperative pool's idle workers) are left out: a hang is in the threads that are not idle.
Usage: stack-summary.py STACKS [MAX_LINES]
"""
import re
import sys
from collections import Counter

# A frame: its function, then its arguments in parentheses, then where it is ("at FILE:LINE").
FRAME = re.compile(r'^#\d+\s+(?:0x[0-9a-f]+ in )?(.*?)(?: \(.*?\))?(?: at (\S+))?$')


def ours(location: str) -> bool:
    """The project's code: its Sources and Tests, not the checked-out packages."""
    return ('/Sources/' in location or '/Tests/' in location) and '/.build/' not in location


def short(frame: tuple[str, str]) -> str:
    function, location = frame
    function = re.sub(r'\s+', ' ', function)[:90]
    return f'{function} ({location.rsplit("/", 1)[-1]})' if location else function


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    limit = int(sys.argv[2]) if len(sys.argv) == 3 else 20
    stacks: Counter[str] = Counter()
    process = ''
    frames: list[tuple[str, str]] = []

    def flush() -> None:
        mine = [f for f in frames if ours(f[1])]
        if mine:
            stacks[f'{process}: {short(frames[0])} <- ' + ' <- '.join(short(f) for f in mine[:3])] += 1

    with open(sys.argv[1], encoding='utf-8', errors='replace') as text:
        for line in text:
            line = line.rstrip('\n')
            if line.startswith('=== pid'):
                flush()
                frames = []
                process = line[4:].split(':')[0] + ' (' + ('tests' if 'xctest' in line else 'factwire') + ')'
            elif line.startswith('Thread '):
                flush()
                frames = []
            elif match := FRAME.match(line):
                frames.append((match.group(1), match.group(2) or ''))
    flush()
    if not stacks:
        print('  (no thread was in Factwire code: the run was waiting, not blocked)')
    for stack, count in stacks.most_common(limit):
        print(f'  {count}x {stack}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

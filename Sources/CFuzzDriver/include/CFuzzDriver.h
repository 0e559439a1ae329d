#ifndef FACTWIRE_CFUZZDRIVER_H
#define FACTWIRE_CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// The function libFuzzer calls with each input.
typedef int (*factwire_fuzz_callback)(const uint8_t *data, size_t size);

/// Hands control to libFuzzer when the binary was linked with it (`-sanitize=fuzzer`); returns -1
/// when it was not, so the same program can replay a corpus in an ordinary build.
int factwire_fuzz_run(int *argc, char ***argv, factwire_fuzz_callback callback);

#endif

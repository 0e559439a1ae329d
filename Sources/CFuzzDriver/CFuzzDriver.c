#include "CFuzzDriver.h"

/* libFuzzer's entry point for programs with their own main (clang >= 12). Weak: absent in ordinary
   builds, where the pointer is null. The fuzz build forces it in with --undefined=LLVMFuzzerRunDriver. */
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t)) __attribute__((weak));

int factwire_fuzz_run(int *argc, char ***argv, factwire_fuzz_callback callback) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(argc, argv, callback);
}

// The main of the engine's and the store's test binaries, which do not link
// the shell and so have no log to silence (tests/main.cc does that).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

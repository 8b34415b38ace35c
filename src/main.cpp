// nmsim entry point: all behaviour lives in src/cli.
#include "cli/app.hpp"

int main(int argc, char** argv) { return nmsim::cli::main(argc, argv); }

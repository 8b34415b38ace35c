#!/usr/bin/env bash
# The teaching lab (docs/lab.md): builds the nmsim engine for WebAssembly with Debian's emscripten
# and assembles the static page in build/lab/, then serves it on http://127.0.0.1:PORT/.
#   tools/lab.sh               build (first use: installs emscripten, builds yaml-cpp) and serve
#   tools/lab.sh --build-only  build only (the test stage uses this)
#   tools/lab.sh --port 8123   serve on another port (default 8000)
# build/lab/ is self-contained: copy it to any static web host.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

serve=1
port=8000
while [ $# -gt 0 ]; do
  case "$1" in
    --build-only) serve=0 ;;
    --port) port="$2"; shift ;;
    *) echo "usage: tools/lab.sh [--build-only] [--port N]" >&2; exit 2 ;;
  esac
  shift
done

# emscripten compiles; dpkg-dev unpacks (and checks) Debian's yaml-cpp source package.
nmsim_install_missing emscripten dpkg-dev
wasm="$NMSIM_ROOT/build/wasm"
mkdir -p "$wasm"
export NODE_PATH=/usr/share/nodejs  # emscripten's optimiser needs Debian's node-acorn

# yaml-cpp: the version Debian 12 ships, from its own source package (with Debian's patches),
# built by the same emscripten. Fetched once through a private apt configuration (a deb-src
# list of its own), so the machine's apt sources are left as they are.
yaml_version="0.7.0+dfsg-8"
yaml_dsc_sha256="94bd9098d501f91c2570c8e8cb98d46bc6de7627c30e9f94ebb39dc0cd2d65c2"
yaml="$wasm/yaml-cpp"
if [ ! -f "$yaml/prefix/lib/libyaml-cpp.a" ]; then
  echo "nmsim: building yaml-cpp $yaml_version for WebAssembly" >&2
  rm -rf "$yaml" && mkdir -p "$yaml/apt/lists/partial" "$yaml/download"
  echo "deb-src http://deb.debian.org/debian bookworm main" >"$yaml/apt/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$yaml/apt/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
            -o "Dir::State::Lists=$yaml/apt/lists" -o "Dir::Cache=$yaml/apt/cache" -o "APT::Sandbox::User=$(id -un)")
  apt-get -qq "${apt_opts[@]}" update
  (cd "$yaml/download" && apt-get -qq "${apt_opts[@]}" source --download-only "yaml-cpp=$yaml_version" >/dev/null)
  echo "$yaml_dsc_sha256  $yaml/download/yaml-cpp_$yaml_version.dsc" | sha256sum --check --quiet
  dpkg-source --no-check -x "$yaml/download/yaml-cpp_$yaml_version.dsc" "$yaml/src" >/dev/null
  emcmake cmake -S "$yaml/src" -B "$yaml/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$yaml/prefix" \
    -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF -DYAML_BUILD_SHARED_LIBS=OFF >/dev/null
  cmake --build "$yaml/build" -j "$(nproc)" >/dev/null
  cmake --install "$yaml/build" >/dev/null
fi

# Header-only libraries through a folder of links (emscripten must not see all of /usr/include).
headers="$wasm/include"
mkdir -p "$headers"
for h in boost eigen3; do ln -sfn "/usr/include/$h" "$headers/$h"; done
# Random123 stops on any architecture its authors have not tested (wasm32 among them) and invites
# porting; its portable C paths are what nmsim uses, and tests/web checks that the WebAssembly
# engine draws the same numbers as the native one. A copy with that one check lifted:
rm -rf "$headers/Random123" && cp -r /usr/include/Random123 "$headers/Random123"
sed -i 's/^#if !defined(__x86_64__) && !defined(__i386__)/#if 0 \&\& !defined(__x86_64__) \&\& !defined(__i386__)/' \
  "$headers/Random123/features/gccfeatures.h"
grep -q '^#if 0 && !defined(__x86_64__)' "$headers/Random123/features/gccfeatures.h"

emcmake cmake -S "$NMSIM_ROOT/web" -B "$wasm/engine" -DCMAKE_BUILD_TYPE=Release \
  -Dyaml-cpp_DIR="$yaml/prefix/lib/cmake/yaml-cpp" -DCMAKE_FIND_ROOT_PATH="$yaml/prefix" \
  -DNMSIM_WASM_HEADERS="$headers" >/dev/null
cmake --build "$wasm/engine" -j "$(nproc)"

site="$NMSIM_ROOT/build/lab"
rm -rf "$site.new" && mkdir -p "$site.new"
cp "$NMSIM_ROOT"/web/site/* "$site.new/"
cp "$wasm/engine/nmsim_engine.js" "$wasm/engine/nmsim_engine.wasm" "$site.new/"
rm -rf "$site" && mv "$site.new" "$site"
echo "nmsim: the lab is in $site" >&2

if [ "$serve" = 1 ]; then
  echo "nmsim: serving the lab on http://127.0.0.1:$port/ (Ctrl-C stops)" >&2
  exec python3 -m http.server --bind 127.0.0.1 --directory "$site" "$port"
fi

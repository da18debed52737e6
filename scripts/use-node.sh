# Sourced by scripts/pulse.sh and .ci/run: puts a Node >= 22.14 first on PATH.
# When the machine's node is older, Node 24 is unpacked from the npm registry's node-<os>-<arch>
# package into .node/ (kept there for the next run).
_pulse_node_ok() {
  command -v node >/dev/null 2>&1 && node -e '
    const [maj, min] = process.versions.node.split(".").map(Number);
    process.exit(maj > 22 || (maj === 22 && min >= 14) ? 0 : 1)'
}
if ! _pulse_node_ok; then
  _pulse_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  _pulse_node_dir="$_pulse_root/.node/node24"
  if [ ! -x "$_pulse_node_dir/bin/node" ]; then
    case "$(uname -s)" in Linux) _os=linux ;; Darwin) _os=darwin ;; *) echo "Install Node 24 LTS from nodejs.org, then run this again." >&2; return 1 ;; esac
    case "$(uname -m)" in x86_64 | amd64) _arch=x64 ;; aarch64 | arm64) _arch=arm64 ;; *) echo "Install Node 24 LTS, then run this again." >&2; return 1 ;; esac
    echo "Node $(node -v 2>/dev/null || echo 'is missing'): fetching Node 24 (node-$_os-$_arch@24) from the npm registry..." >&2
    mkdir -p "$_pulse_root/.node"
    (cd "$_pulse_root/.node" && rm -rf package node24 node-*.tgz &&
      npm pack --silent "node-$_os-$_arch@24" >/dev/null && tar xzf node-*.tgz && mv package node24 && rm -f node-*.tgz)
  fi
  export PATH="$_pulse_node_dir/bin:$PATH"
fi
_pulse_node_ok || { echo "Node >= 22.14 is required (found $(node -v 2>/dev/null))." >&2; return 1; }

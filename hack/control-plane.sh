#!/usr/bin/env bash
# Builds the local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl) and helm from their Go modules into a cache outside the repository,
# one folder per version, and reuses a folder that is already complete.
#
# Prints the folder that holds the binaries as its last line.
#
#   KUBERNETES_VERSION  k8s.io/kubernetes release (its staging modules are taken at v0.x.y)
#   ETCD_VERSION        go.etcd.io/etcd/server/v3 release
#   HELM_VERSION        helm.sh/helm/v4 release
#   BATON_CACHE         cache root (default: $XDG_CACHE_HOME/baton or ~/.cache/baton)
set -euo pipefail

KUBERNETES_VERSION=${KUBERNETES_VERSION:-v1.36.3}
ETCD_VERSION=${ETCD_VERSION:-v3.6.16}
HELM_VERSION=${HELM_VERSION:-v4.3.2}
CACHE_ROOT=${BATON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/baton}
BIN_DIR="$CACHE_ROOT/control-plane/kubernetes-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-helm-$HELM_VERSION"

log() { printf '[control-plane] %s\n' "$*" >&2; }
die() { printf '[control-plane] error: %s\n' "$*" >&2; exit 1; }

require_go() {
  command -v go >/dev/null 2>&1 ||
    die "Go is not installed or not on PATH; install Go 1.25 or newer to build the control plane"
  local proxy
  proxy=$(go env GOPROXY)
  [ "$proxy" != "off" ] || die "GOPROXY is off; the build needs a Go module proxy"
  log "using $(go version), GOPROXY=$proxy"
}

# Makes a throwaway module that requires $1@$2, so that the programs can be built at that exact
# release with the replacements the caller adds.
scratch_module() {
  local module=$1 version=$2 dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/baton-build.XXXXXX")
  (cd "$dir" && go mod init baton.local/build >/dev/null 2>&1 &&
    go mod edit -require="$module@$version") || die "could not create a module in $dir"
  echo "$dir"
}

# Reads the go.mod of a module and prints the staging modules it replaces with local folders.
staging_modules() {
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
  [ -f "$gomod" ] || die "could not download k8s.io/kubernetes@$KUBERNETES_VERSION from the module proxy"
  sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$gomod"
}

tidy_and_build() {
  local dir=$1; shift
  local ldflags=$1; shift
  local pkg name
  for pkg in "$@"; do
    name=${pkg##*/}
    [[ $name =~ ^v[0-9]+$ ]] && name=$(basename "$(dirname "$pkg")")
    [ "$name" = server ] && name=etcd
    log "building $name from $pkg"
    local start=$SECONDS
    (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w $ldflags" \
      -o "$BIN_DIR.partial/$name" "$pkg") || die "go build of $pkg failed"
    log "built $name in $((SECONDS - start))s"
  done
}

build_kubernetes() {
  local dir minor staging mod
  dir=$(scratch_module k8s.io/kubernetes "$KUBERNETES_VERSION")
  staging=$(cd "$dir" && staging_modules)
  [ -n "$staging" ] || die "found no staging modules in k8s.io/kubernetes@$KUBERNETES_VERSION"
  minor=${KUBERNETES_VERSION#v1.}
  for mod in $staging; do
    (cd "$dir" && go mod edit -replace="$mod=$mod@v0.$minor")
  done
  local major_minor=${KUBERNETES_VERSION#v}
  local vmajor=${major_minor%%.*} vminor
  vminor=$(echo "$major_minor" | cut -d. -f2)
  local v=k8s.io/component-base/version
  tidy_and_build "$dir" \
    "-X $v.gitVersion=$KUBERNETES_VERSION -X $v.gitMajor=$vmajor -X $v.gitMinor=$vminor -X $v.gitTreeState=clean" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
  rm -rf "$dir"
}

build_etcd() {
  local dir
  dir=$(scratch_module go.etcd.io/etcd/server/v3 "$ETCD_VERSION")
  tidy_and_build "$dir" "" go.etcd.io/etcd/server/v3
  rm -rf "$dir"
}

build_helm() {
  local dir
  dir=$(scratch_module helm.sh/helm/v4 "$HELM_VERSION")
  tidy_and_build "$dir" "-X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" \
    helm.sh/helm/v4/cmd/helm
  rm -rf "$dir"
}

main() {
  if [ -f "$BIN_DIR/.complete" ]; then
    log "reusing $BIN_DIR"
    echo "$BIN_DIR"
    return
  fi
  require_go
  log "building into $BIN_DIR (first run only; later runs reuse it)"
  rm -rf "$BIN_DIR.partial"
  mkdir -p "$BIN_DIR.partial"
  local start=$SECONDS
  build_etcd
  build_helm
  build_kubernetes
  touch "$BIN_DIR.partial/.complete"
  rm -rf "$BIN_DIR"
  mv "$BIN_DIR.partial" "$BIN_DIR"
  log "control plane built in $((SECONDS - start))s"
  echo "$BIN_DIR"
}

main "$@"

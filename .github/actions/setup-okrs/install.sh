#!/usr/bin/env bash
# Installs a released okrs for this machine. The setup-okrs action runs it;
# it also works by hand:
#
#   OKRS_VERSION=v1.2.0 bash install.sh install     # then add the printed folder to PATH
#
#   install.sh resolve   prints version=, os=, arch=, archive= and dir= lines
#                        (the action appends them to $GITHUB_OUTPUT for its cache key)
#   install.sh install   downloads the archive and SHA256SUMS of the release,
#                        refuses an archive whose SHA-256 is not the one listed,
#                        unpacks it into the folder and, on a runner, adds the
#                        folder to $GITHUB_PATH; an okrs already in the folder
#                        (restored by the cache) is kept
#
# Environment:
#   OKRS_VERSION       a release tag (v1.2.0), or latest (required)
#   OKRS_RELEASES_URL  where releases are (default https://github.com/okrs-dev/okrs/releases):
#                      $URL/download/VERSION/ARCHIVE and $URL/download/VERSION/SHA256SUMS,
#                      and $URL/latest redirects to $URL/tag/VERSION
#   OKRS_OS, OKRS_ARCH the platform in Go's names (linux, darwin, windows; amd64, arm64);
#                      default: the runner's, else uname's
#   OKRS_INSTALL_DIR   the folder okrs goes into;
#                      default: $RUNNER_TOOL_CACHE (else ~/.cache)/okrs/VERSION/OS-ARCH
set -euo pipefail

releases=${OKRS_RELEASES_URL:-https://github.com/okrs-dev/okrs/releases}
releases=${releases%/}

die() {
  echo "setup-okrs: $*" >&2
  exit 1
}

# platform sets os and arch in Go's names, which the archives use.
platform() {
  os=${OKRS_OS:-}
  arch=${OKRS_ARCH:-}
  if [[ -z $os ]]; then
    case "${RUNNER_OS:-$(uname -s)}" in
      Linux) os=linux ;;
      macOS | Darwin) os=darwin ;;
      Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
      *) die "no okrs release for the operating system ${RUNNER_OS:-$(uname -s)}: there are linux, darwin and windows" ;;
    esac
  fi
  if [[ -z $arch ]]; then
    case "${RUNNER_ARCH:-$(uname -m)}" in
      X64 | x86_64 | amd64) arch=amd64 ;;
      ARM64 | aarch64 | arm64) arch=arm64 ;;
      *) die "no okrs release for the architecture ${RUNNER_ARCH:-$(uname -m)}: there are amd64 and arm64" ;;
    esac
  fi
  case "$os/$arch" in
    linux/amd64 | linux/arm64 | darwin/amd64 | darwin/arm64 | windows/amd64 | windows/arm64) ;;
    *) die "no okrs release for $os/$arch" ;;
  esac
}

# resolve sets version (latest becomes the tag it stands for), archive and dir.
resolve() {
  version=${OKRS_VERSION:-}
  if [[ -z $version ]]; then
    die "no version: set the action's version input (or OKRS_VERSION) to a release tag such as v1.2.0, or to latest"
  fi
  if [[ $version == latest ]]; then
    # The latest release's page redirects to the page of its tag.
    local url
    url=$(curl -fsSL --retry 3 -o /dev/null -w '%{url_effective}' "$releases/latest") ||
      die "could not find the latest release at $releases/latest"
    version=${url##*/}
    [[ $url == */tag/* && -n $version ]] || die "$releases/latest did not lead to a release tag (it led to $url)"
  fi
  if [[ ! $version =~ ^[0-9A-Za-z][0-9A-Za-z.+-]*$ ]]; then
    die "version \"$version\" is not a release tag; use one such as v1.2.0, or latest"
  fi
  platform
  if [[ $os == windows ]]; then
    archive="okrs_${version}_${os}_${arch}.zip"
    binary=okrs.exe
  else
    archive="okrs_${version}_${os}_${arch}.tar.gz"
    binary=okrs
  fi
  dir=${OKRS_INSTALL_DIR:-${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}}/okrs/$version/$os-$arch}
  # On Windows runners bash wants /c/... and the runner C:\...: dir is bash's.
  if command -v cygpath >/dev/null 2>&1; then
    dir=$(cygpath -u "$dir")
  fi
}

# native is a path as the runner (and actions/cache) writes it.
native() {
  if command -v cygpath >/dev/null 2>&1; then
    cygpath -w "$1"
  else
    echo "$1"
  fi
}

# fetch downloads a release file; a missing one is an error that says which.
fetch() {
  local url=$1 out=$2 code
  code=$(curl -sSL --retry 3 -o "$out" -w '%{http_code}' "$url") || die "could not download $url"
  case "$code" in
    200) ;;
    404) die "okrs $version has no $(basename "$url") at $url: is $version a released version? The releases are at $releases" ;;
    *) die "downloading $url: HTTP $code" ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

install() {
  resolve
  if [[ -x $dir/$binary ]]; then
    echo "setup-okrs: okrs $version is already in $dir"
  else
    tmp=$(mktemp -d) # global: the trap runs after install returns
    trap 'rm -rf "$tmp"' EXIT
    fetch "$releases/download/$version/SHA256SUMS" "$tmp/SHA256SUMS"
    fetch "$releases/download/$version/$archive" "$tmp/$archive"
    local want got
    want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/SHA256SUMS")
    [[ -n $want ]] || die "the SHA256SUMS of okrs $version has no line for $archive"
    got=$(sha256 "$tmp/$archive")
    if [[ $got != "$want" ]]; then
      die "$archive has SHA-256 $got, but the release's SHA256SUMS says $want: not installing it"
    fi
    mkdir -p "$tmp/unpacked"
    if [[ $archive == *.zip ]]; then
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$tmp/$archive" -d "$tmp/unpacked"
      else
        7z x -y -o"$tmp/unpacked" "$tmp/$archive" >/dev/null
      fi
    else
      tar -xzf "$tmp/$archive" -C "$tmp/unpacked"
    fi
    [[ -f $tmp/unpacked/$binary ]] || die "$archive holds no $binary"
    chmod 755 "$tmp/unpacked/$binary"
    mkdir -p "$(dirname "$dir")"
    rm -rf "$dir"
    mv "$tmp/unpacked" "$dir"
    echo "setup-okrs: installed okrs $version ($os/$arch, SHA-256 $got) into $dir"
  fi
  if [[ -n ${GITHUB_PATH:-} ]]; then
    native "$dir" >>"$GITHUB_PATH"
  fi
}

case "${1:-}" in
  resolve)
    resolve
    printf 'version=%s\nos=%s\narch=%s\narchive=%s\ndir=%s\n' "$version" "$os" "$arch" "$archive" "$(native "$dir")"
    ;;
  install) install ;;
  *) die "usage: install.sh resolve|install (see the comment at the top of this script)" ;;
esac

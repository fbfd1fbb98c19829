#!/usr/bin/env bash
# Installs what Dokuei needs on Debian, and nothing when all is there (then it takes well under a second).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(orthanc orthanc-dicomweb orthanc-gdcm orthanc-postgresql postgresql chromium
  python3-numpy python3-pil python3-torch python3-torchvision python3-onnx python3-pydicom python3-gdcm
  dcmtk gcc libc6-dev)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) == 0 ]]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "setup: missing Debian packages. Run as root:"
    echo "  apt-get update && apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# npm writes node_modules/.package-lock.json on every install: older than the lock file means stale.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci"
  # onnxruntime-node's install script would download CUDA libraries; the CPU binary ships in the package.
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
fi

# npm 11 may skip install scripts: make sure the native parts the build and tests load are usable.
node -e "require('esbuild').transformSync('let a = 1')" \
  || { echo "setup: esbuild's binary is not usable (try: npm rebuild esbuild)"; exit 1; }
node -e "require('onnxruntime-node')" \
  || { echo "setup: onnxruntime-node cannot load its native binding"; exit 1; }

#!/usr/bin/env bash
# Installs the Debian packages the training pipeline needs (no PyPI: everything comes from apt).
# Training must run with /usr/bin/python3 (a pyenv `python3` on PATH may lack torch).
set -euo pipefail

PACKAGES=(python3-torch python3-torchvision python3-onnx python3-numpy python3-pil python3-pydicom python3-gdcm)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "training dependencies present: ${PACKAGES[*]}"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
/usr/bin/python3 -c "import torch, torchvision, onnx, numpy, PIL, pydicom; print('torch', torch.__version__, 'onnx', onnx.__version__)"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
# Installs the Debian 12 packages the build needs, only those that are missing.
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config
          qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev libgl-dev
          libeigen3-dev libsvm-dev nlohmann-json3-dev libarchive-dev libcurl4-openssl-dev
          libtorch-dev libdnnl-dev ocl-icd-opencl-dev
          fonts-dejavu-core xvfb xauth)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

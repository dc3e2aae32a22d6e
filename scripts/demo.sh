#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# README command 1: install what is needed, then run the QEMU demo.
set -eu
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --demo
make demo

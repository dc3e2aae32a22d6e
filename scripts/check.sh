#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# README command 2: install what is needed, then run every test.
set -eu
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
make check

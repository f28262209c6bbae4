#!/usr/bin/env bash
# The benchmark in one command, for a quiet machine: SoftmaxSharp (bench/SoftmaxSharp.Bench: the machine's
# limits, training epochs, the lectures' setup, L-BFGS, inference, CSV parsing), then PyTorch and scikit-learn
# (bench/peers, Debian's python3-torch and python3-sklearn under /usr/bin/python3) in turn; prints one table
# with the ratios and writes bench/results/<date>-<machine>.md (and .json).
#   bench/run.sh            everything (scikit-learn to convergence takes about two minutes)
#   bench/run.sh --quick    without scikit-learn to convergence
# Other options go to the bench: --repeat N, --only limits,sgd,lbfgs,predict,csv,memory, --data DIR.
# The memory part also runs the native-AOT `softmax` (the binary the tool package installs on linux-x64), published here
# first (it needs gcc or clang to link).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! /usr/bin/python3 -c 'import torch, sklearn' 2>/dev/null; then
  echo "run.sh: /usr/bin/python3 lacks torch or sklearn: apt-get install python3-torch python3-sklearn (the peers will show as 'did not run')" >&2
fi
if ! build=$(dotnet build bench/SoftmaxSharp.Bench -c Release -nologo -v quiet 2>&1); then
  echo "$build" >&2
  exit 1
fi
aot=bench/SoftmaxSharp.Bench/bin/aot
if ! publish=$(dotnet publish src/SoftmaxSharp.Cli -c Release -r linux-x64 -o "$aot" -nologo -v quiet 2>&1); then
  echo "run.sh: the native-AOT publish failed, so the memory part measures the JIT build only:" >&2
  echo "$publish" | tail -5 >&2
  rm -f "$aot/softmax"
fi
exec dotnet bench/SoftmaxSharp.Bench/bin/Release/net10.0/SoftmaxSharp.Bench.dll --peers "$@"

"""Benchmark nnbook's autodiff against handwritten NumPy, HIPS autograd, TensorFlow and PyTorch.

Trains the breast-cancer MLP (30 -> H -> 1, sigmoid, mean squared error, float64) with
each engine from the same initial weights, interleaved in one process, on one BLAS
thread, and prints the median time per step and the ratio to handwritten NumPy.

    .venv/bin/python benchmarks/autodiff.py [--rounds 15] [--steps 100]

Targets for nnbook (ratios): <= 1.8 at H=5 full batch, <= 1.25 at H=64 full batch,
<= 4 at batch size 1.  Exits with status 1 if a target is missed or an engine ends
with different parameters.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before NumPy is imported: one BLAS thread
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import sys  # noqa: E402

TARGETS = {(5, "full"): 1.8, (64, "full"): 1.25, (5, 1): 4.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds per setting")
    parser.add_argument("--steps", type=int, default=100, help="steps per engine per round")
    args = parser.parse_args()

    from nnbook.datasets import breast_cancer
    from nnbook.lessons.autodiff.speed import format_table, run_benchmark, trainers

    if importlib.util.find_spec("torch") is None:
        print("note: PyTorch is not installed; its rows are skipped")
    X_train, _, y_train, _ = breast_cancer(seed=0)
    print(
        f"breast cancer training set: {X_train.shape[0]} examples, {X_train.shape[1]} features;"
        f" engines: {', '.join(trainers())}"
    )
    rows = run_benchmark(
        X_train, y_train, [(5, None), (64, None), (5, 1)], rounds=args.rounds, steps=args.steps
    )
    print(format_table(rows, markdown=False))

    ok = True
    for r in rows:
        if r.max_param_difference > 1e-8:
            print(f"FAIL: {r.engine} ends {r.max_param_difference:.1e} from NumPy's parameters")
            ok = False
        if r.engine == "nnbook":
            key = (r.hidden, "full" if r.batch_size == X_train.shape[0] else r.batch_size)
            target = TARGETS[key]
            verdict = "meets" if r.ratio <= target else "MISSES"
            ok &= r.ratio <= target
            print(
                f"nnbook at H={r.hidden}, batch {r.batch_size}: {r.ratio:.2f}x NumPy "
                f"({verdict} the target {target}x)"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""PyTorch reference timings for `npm run bench ml` (bench/ml.ts runs this with /usr/bin/python3).

Same architectures as the TypeScript models (imported from ../shared/tools/make_resnet1d_fixture.py,
the parity reference), same shapes, same step: forward in train mode, softmax cross-entropy, backward,
Adam. Inference: eval mode under no_grad. Prints one JSON line:
  {"torch": version, "results": [{"config", "threads", "train_sps", "infer_sps", "train_ms", "infer_ms"}]}
Usage: torch_ref.py CONFIGS_JSON THREADS_CSV WARMUP STEPS
  CONFIGS_JSON: [{"name", "arch", "batch", "length", "channels", "classes", "width"}]
"""
import json, os, statistics, sys, time

FIXTURE_DIR = os.environ.get(
    "SENSORLAB_FIXTURE_TOOLS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "tools")
)
sys.path.insert(0, FIXTURE_DIR)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from make_resnet1d_fixture import build  # noqa: E402


def time_config(cfg, threads, warmup, steps):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = build(cfg["arch"], cfg["channels"], cfg["classes"], cfg["width"])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    # PyTorch is channels-first: [N, C, L]
    x = torch.randn(cfg["batch"], cfg["channels"], cfg["length"])
    y = torch.arange(cfg["batch"]) % cfg["classes"]

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return float(loss)

    model.train()
    for _ in range(warmup):
        train_step()
    train_ms = []
    for _ in range(steps):
        t = time.perf_counter()
        train_step()
        train_ms.append((time.perf_counter() - t) * 1000)

    model.eval()
    infer_ms = []
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        for _ in range(steps):
            t = time.perf_counter()
            model(x)
            infer_ms.append((time.perf_counter() - t) * 1000)
    tr, inf = statistics.median(train_ms), statistics.median(infer_ms)
    return {"config": cfg["name"], "threads": threads, "train_ms": round(tr, 2), "infer_ms": round(inf, 2),
            "train_sps": round(cfg["batch"] * 1000 / tr, 2), "infer_sps": round(cfg["batch"] * 1000 / inf, 2)}


def main():
    configs = json.loads(sys.argv[1])
    threads = [int(t) for t in sys.argv[2].split(",")]
    warmup, steps = int(sys.argv[3]), int(sys.argv[4])
    results = [time_config(c, t, warmup, steps) for c in configs for t in threads]
    print(json.dumps({"torch": torch.__version__, "cores": os.cpu_count(), "results": results}))


if __name__ == "__main__":
    main()

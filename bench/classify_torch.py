#!/usr/bin/python3
"""PyTorch inference throughput for `npm run bench classify` (run with /usr/bin/python3).

The tsc network of the parity reference (../shared/tools/make_resnet1d_fixture.py, the same
architecture as the TypeScript model), eval mode under no_grad, on random windows of the benchmark's
shape. Prints one JSON line: {"torch", "threads", "batch", "windows", "seconds", "windows_per_s"}.
Usage: classify_torch.py WINDOWS LENGTH CHANNELS CLASSES WIDTH BATCH THREADS
"""
import json, os, sys, time

sys.path.insert(0, os.environ.get(
    "SENSORLAB_FIXTURE_TOOLS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "tools")
))

import torch  # noqa: E402
from make_resnet1d_fixture import build  # noqa: E402


def main():
    windows, length, channels, classes, width, batch, threads = (int(a) for a in sys.argv[1:8])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = build("tsc", channels, classes, width).eval()
    x = torch.randn(batch, channels, length)  # channels-first
    with torch.no_grad():
        torch.softmax(model(x), -1)  # warm-up
        done = 0
        t = time.perf_counter()
        while done < windows:
            n = min(batch, windows - done)
            torch.softmax(model(x[:n]), -1)
            done += n
        dt = time.perf_counter() - t
    print(json.dumps({"torch": torch.__version__, "threads": threads, "batch": batch, "windows": done,
                      "seconds": round(dt, 3), "windows_per_s": round(done / dt, 1)}))


if __name__ == "__main__":
    main()

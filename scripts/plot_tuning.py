#!/usr/bin/python3
"""Plots kernel-tuning trajectories as SVG (hand-written, no matplotlib):
best-so-far GFLOP/s against tuning time, one step line per (kernel, threads),
one SVG per kernel.

    /usr/bin/python3 scripts/plot_tuning.py TRAJECTORY.csv --out-dir DIR
        [--baselines BASELINES.csv] [--kernel NAME[,NAME...]]
        [--impls pytorch,...] [--threads 1,2] [--xmax SECONDS] [--title TEXT]

TRAJECTORY.csv has the columns kernel,threads,elapsed_s,trial,best_ms,
best_gflops: one row each time a tuning run's best-so-far improves, plus a
first row for the default schedule at elapsed_s 0. Each (kernel, threads) is
drawn as a step line (the best-so-far holds until the next improvement, and
to the right end of the axis after the last one), with a dot at each
improvement. Colors are per thread count.

BASELINES.csv (optional) has the columns kernel,impl,threads,time_ms,gflops
(scripts/tune_torch_baselines.py writes it; other implementations may be
appended): each row of the plotted kernel is a horizontal dashed line, colored
per impl, dash pattern per thread count. --impls / --threads keep only those.

A kernel whose rows have no GFLOP/s (e.g. the whole encoder) is plotted as
best time in ms instead (lower is better; the y axis says so), baselines by
their time_ms.

Writes DIR/<kernel>.svg for each kernel of TRAJECTORY.csv (or of --kernel),
and prints the paths.
"""
import argparse
import csv
import math
import os
import re
import sys
from xml.sax.saxutils import escape

# Okabe-Ito colors (readable for color-blind readers).
THREAD_COLORS = {1: "#0072B2", 2: "#D55E00", 4: "#009E73", 8: "#CC79A7"}
EXTRA_THREAD_COLORS = ["#56B4E9", "#E69F00", "#000000"]
IMPL_COLORS = {"pytorch": "#7f7f7f", "pytorch-tuned": "#000000", "default": "#999999",
               "tuned": "#009E73", "adams2019": "#CC79A7", "li2018": "#E69F00",
               "mullapudi2016": "#56B4E9", "anderson2021": "#F0E442"}
EXTRA_IMPL_COLORS = ["#8c564b", "#bcbd22", "#17becf", "#9467bd", "#e377c2"]
DASHES = {1: "7,4", 2: "2,3", 4: "10,3,2,3"}

W, H = 880, 480                       # the SVG's viewBox
LEFT, RIGHT, TOP, BOTTOM = 70, 600, 48, 420   # the plot area
LEGEND_X = 620


def fnum(text):
    """float(text), or None for an empty or missing field."""
    text = (text or "").strip()
    return float(text) if text else None


def read_csv(path, required):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        sys.exit("plot_tuning: %s: missing columns %s" % (path, ", ".join(missing)))
    return rows


def nice_step(span, target=6):
    """A 1/2/2.5/5 x 10^k step giving about `target` ticks over `span`."""
    if span <= 0:
        return 1.0
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def ticks(hi, target=6):
    """Ticks from 0 to at least `hi`; returns (ticks, axis top)."""
    step = nice_step(hi, target)
    top = step * math.ceil(hi / step - 1e-9)
    n = int(round(top / step))
    return [i * step for i in range(n + 1)], top


def tick_label(v):
    if v == int(v):
        return "%d" % v
    return ("%.2f" % v).rstrip("0").rstrip(".")


def color_for(key, table, extra, used):
    if key in table:
        return table[key]
    if key not in used:
        used[key] = extra[len(used) % len(extra)]
    return used[key]


def safe_name(kernel):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", kernel)


def plot_kernel(kernel, traj, base, title=None, xmax=None):
    """The SVG text for one kernel. traj: trajectory rows of this kernel;
    base: baseline rows of this kernel."""
    use_gflops = all(fnum(r["best_gflops"]) is not None for r in traj)
    metric = (lambda r: fnum(r["best_gflops"])) if use_gflops else (lambda r: fnum(r["best_ms"]))
    base_metric = (lambda r: fnum(r["gflops"])) if use_gflops else (lambda r: fnum(r["time_ms"]))

    series = {}
    for r in traj:
        y = metric(r)
        if y is None:
            continue
        series.setdefault(int(r["threads"]), []).append((fnum(r["elapsed_s"]) or 0.0,
                                                         int(float(r["trial"] or 0)), y))
    for pts in series.values():
        pts.sort()
    refs = [(r["impl"], int(r["threads"]), base_metric(r)) for r in base
            if base_metric(r) is not None]
    refs.sort(key=lambda t: (t[0], t[1]))

    t_end = max([p[0] for pts in series.values() for p in pts] + [0.0])
    if xmax is None:
        xmax = t_end * 1.05 if t_end > 0 else 1.0
    xt, xtop = ticks(xmax, 8)
    y_hi = max([p[2] for pts in series.values() for p in pts] + [r[2] for r in refs] + [1e-9])
    yt, ytop = ticks(y_hi * 1.08, 6)

    def X(t):
        return LEFT + (RIGHT - LEFT) * min(t, xtop) / xtop

    def Y(v):
        return BOTTOM - (BOTTOM - TOP) * min(max(v, 0.0), ytop) / ytop

    out = []
    add = out.append
    add('<?xml version="1.0" encoding="UTF-8"?>')
    add('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12">' % (W, H, W, H))
    add('<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>' % (W, H))
    what = "best-so-far GFLOP/s" if use_gflops else "best-so-far time (ms, lower is better)"
    add('<text x="%d" y="22" font-size="16" font-weight="bold">%s</text>'
        % (LEFT, escape(title or kernel)))
    add('<text x="%d" y="38" fill="#555555">%s against tuning time</text>' % (LEFT, what))

    # grid, ticks and labels
    for v in yt:
        y = Y(v)
        add('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e6e6e6"/>' % (LEFT, y, RIGHT, y))
        add('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333333"/>'
            % (LEFT - 5, y, LEFT, y))
        add('<text x="%.1f" y="%.1f" text-anchor="end">%s</text>' % (LEFT - 8, y + 4, tick_label(v)))
    for v in xt:
        x = X(v)
        add('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#f0f0f0"/>' % (x, TOP, x, BOTTOM))
        add('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333333"/>'
            % (x, BOTTOM, x, BOTTOM + 5))
        add('<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>' % (x, BOTTOM + 18, tick_label(v)))
    add('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333333"/>'
        % (LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP))
    add('<text x="%.1f" y="%d" text-anchor="middle">tuning time (s)</text>'
        % ((LEFT + RIGHT) / 2, BOTTOM + 38))
    add('<text x="18" y="%.1f" text-anchor="middle" transform="rotate(-90 18 %.1f)">%s</text>'
        % ((TOP + BOTTOM) / 2, (TOP + BOTTOM) / 2, "GFLOP/s" if use_gflops else "time (ms)"))

    legend = []              # (kind, color, dash, label); trajectories first
    used_t, used_i = {}, {}
    # baselines: dashed horizontal lines across the plot
    for impl, thr, v in refs:
        color = color_for(impl, IMPL_COLORS, EXTRA_IMPL_COLORS, used_i)
        dash = DASHES.get(thr, "4,2")
        y = Y(v)
        add('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="1.5" '
            'stroke-dasharray="%s"><title>%s</title></line>'
            % (LEFT, y, RIGHT, y, color, dash, escape("%s, %d thr: %.4g" % (impl, thr, v))))
        legend.append(("dash", color, dash, "%s, %d thr (%s)" % (impl, thr, fmt_val(v))))
    # trajectories: step lines
    for thr in sorted(series):
        pts = [pt for pt in series[thr] if pt[0] <= xtop] or series[thr][:1]
        color = color_for(thr, THREAD_COLORS, EXTRA_THREAD_COLORS, used_t)
        coords = []
        for i, (t, _, v) in enumerate(pts):
            if i:
                coords.append((X(t), Y(pts[i - 1][2])))
            coords.append((X(t), Y(v)))
        coords.append((X(xtop), Y(pts[-1][2])))
        add('<polyline fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round" '
            'points="%s"/>' % (color, " ".join("%.1f,%.1f" % c for c in coords)))
        for t, trial, v in pts:
            add('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s</title></circle>'
                % (X(t), Y(v), color,
                   escape("%d thr, trial %d at %.1f s: %.4g" % (thr, trial, t, v))))
        first, best = pts[0][2], (max if use_gflops else min)(p[2] for p in pts)
        legend.append(("line", color, None, "asr-tune, %d thr: %s \u2192 %s"
                       % (thr, fmt_val(first), fmt_val(best))))
    if xmax is not None and t_end > xtop:
        add('<text x="%d" y="%d" text-anchor="end" fill="#555555">(cut at %s s)</text>'
            % (RIGHT, TOP - 4, tick_label(xtop)))

    # legend, right of the plot
    legend.sort(key=lambda e: e[0] != "line")
    y = TOP + 8
    add('<text x="%d" y="%d" font-weight="bold">legend</text>' % (LEGEND_X, y))
    for i, (kind, color, dash, label) in enumerate(legend):
        y += 20
        if y > H - 30 and i < len(legend) - 1:
            add('<text x="%d" y="%d" fill="#555555">(%d more: use --impls / --threads)</text>'
                % (LEGEND_X, y, len(legend) - i))
            break
        if len(label) > 34:
            label = label[:33] + "\u2026"
        if kind == "line":
            add('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>'
                % (LEGEND_X, y - 4, LEGEND_X + 26, y - 4, color))
            add('<circle cx="%d" cy="%d" r="3" fill="%s"/>' % (LEGEND_X + 13, y - 4, color))
        else:
            add('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1.5" '
                'stroke-dasharray="%s"/>' % (LEGEND_X, y - 4, LEGEND_X + 26, y - 4, color, dash))
        add('<text x="%d" y="%d">%s</text>' % (LEGEND_X + 32, y, escape(label)))
    add('</svg>')
    return "\n".join(out) + "\n"


def fmt_val(v):
    return "%.3g" % v if v < 100 else "%.0f" % v


def comma_list(text):
    return [s for s in (text or "").split(",") if s]


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("trajectory", help="CSV: kernel,threads,elapsed_s,trial,best_ms,best_gflops")
    p.add_argument("--out-dir", required=True, help="writes <kernel>.svg here")
    p.add_argument("--baselines", help="CSV: kernel,impl,threads,time_ms,gflops (dashed lines)")
    p.add_argument("--kernel", help="only these kernels (comma list)")
    p.add_argument("--impls", help="only these baseline impls (comma list)")
    p.add_argument("--threads", help="only these thread counts (comma list)")
    p.add_argument("--xmax", type=float, help="x axis end in seconds (default: the data's)")
    p.add_argument("--title", help="title (default: the kernel name; one kernel only)")
    args = p.parse_args()

    traj = read_csv(args.trajectory, ["kernel", "threads", "elapsed_s", "trial", "best_ms",
                                      "best_gflops"])
    base = read_csv(args.baselines, ["kernel", "impl", "threads", "time_ms", "gflops"]) \
        if args.baselines else []
    threads = {int(t) for t in comma_list(args.threads)} if args.threads else None
    impls = set(comma_list(args.impls)) if args.impls else None
    if threads:
        traj = [r for r in traj if int(r["threads"]) in threads]
        base = [r for r in base if int(r["threads"]) in threads]
    if impls:
        base = [r for r in base if r["impl"] in impls]
    kernels = comma_list(args.kernel) or sorted({r["kernel"] for r in traj})
    missing = [k for k in kernels if not any(r["kernel"] == k for r in traj)]
    if missing:
        sys.exit("plot_tuning: no trajectory rows for %s (kernels in %s: %s)"
                 % (", ".join(missing), args.trajectory,
                    ", ".join(sorted({r["kernel"] for r in traj})) or "none"))
    if args.title and len(kernels) > 1:
        sys.exit("plot_tuning: --title needs exactly one kernel (--kernel NAME)")
    os.makedirs(args.out_dir, exist_ok=True)
    for k in kernels:
        svg = plot_kernel(k, [r for r in traj if r["kernel"] == k],
                          [r for r in base if r["kernel"] == k], args.title, args.xmax)
        path = os.path.join(args.out_dir, safe_name(k) + ".svg")
        with open(path, "w") as f:
            f.write(svg)
        print(path)


if __name__ == "__main__":
    main()

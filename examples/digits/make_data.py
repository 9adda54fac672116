"""Builds the digits demo's training and test data (see README.md, "Training").

    /usr/bin/python3 examples/digits/make_data.py [--out build/digits-data] [--seed 0]

Sources:
  * FSDD (/work/shared/data/fsdd, 8 kHz single digits, 5 speakers): takes
    5-49 for training (once clean, once augmented, and concatenated into
    2-7 digit strings of one speaker); takes 0-4 (transcripts_test_split.tsv)
    are the test split and are never trained on.
  * espeak-ng connected digits (1-7 digits) and single digits with the
    TRAIN_ACCENTS x TRAIN_VARIANTS voices; a 200-utterance test set with the
    disjoint TEST_ACCENTS x TEST_VARIANTS voices.

Variation (both synthetic sets and the augmented FSDD copies): espeak rate
120-220 wpm and pitch 20-80, sox `speed` 0.9-1.1, about half band-limited
to 8 kHz and back, leading/trailing silence 0-0.3 s, white or pink noise at
10-30 dB SNR (3 in 4 utterances), peak level 0.05-0.95.

Output (--out):
  train.npz               audio (int16, all utterances end to end), offsets
                          [n+1], texts ("three one four"), sources
  synthetic_test/*.wav    200 16 kHz 16-bit mono WAVs
  synthetic_test.tsv      path<TAB>words (paths relative to the tsv)
  synthetic_test_voices.tsv  voice, rate, pitch and variation of each
  fsdd_test.tsv           the 250 FSDD test files (absolute 8 kHz paths)
  fsdd_test_16k/*.wav     the same, resampled to 16 kHz by sox
  fsdd_test_16k.tsv       path<TAB>words (relative)
  manifest.json           counts, voices, seed
"""
import argparse
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "frontend", "torch"))
from asr_torch.audio import write_wav  # noqa: E402
FSDD = "/work/shared/data/fsdd"
RATE = 16000
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

TRAIN_ACCENTS = ["en-us", "en-gb", "en-gb-x-rp", "en-029", "en-gb-scotland"]
TEST_ACCENTS = ["en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd"]
# "" is the accent's own default voice.
TRAIN_VARIANTS = ["", "m1", "m2", "m3", "m4", "m5", "m6", "f1", "f2", "f3", "adam", "Alex",
                  "Andy", "Annie", "benjamin", "david", "edward", "john", "Lee", "linda",
                  "max", "paul", "rob", "steph"]
TEST_VARIANTS = ["m7", "f4", "f5", "Michael", "robert", "steph2"]
FSDD_TEST_TAKES = range(0, 5)
FSDD_TRAIN_TAKES = range(5, 50)


# ---------------------------------------------------------------------------
# audio helpers (run in the worker processes)
# ---------------------------------------------------------------------------


def sox(source, effects, rate_in=None):
    """Runs sox on a file (source: path) or on float samples (source: array
    at rate_in); returns float32 samples at 16 kHz."""
    out_fmt = ["-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1", "-r", str(RATE), "-"]
    if isinstance(source, str):
        cmd = ["sox", "-V1", source] + out_fmt + effects
        data = None
    else:
        cmd = ["sox", "-V1", "-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1",
               "-r", str(rate_in), "-"] + out_fmt + effects
        data = np.ascontiguousarray(source, dtype="<f4").tobytes()
    res = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         check=True)
    return np.frombuffer(res.stdout, dtype="<f4").astype(np.float32)


def noise(n, kind, rng):
    white = rng.standard_normal(n)
    if kind == "white":
        return white
    spec = np.fft.rfft(white)
    f = np.arange(spec.shape[0], dtype=np.float64)
    f[0] = 1.0
    pink = np.fft.irfft(spec / np.sqrt(f), n)
    return pink / (pink.std() + 1e-12)


def effects_for(v):
    """sox effect chain of one variation dict."""
    fx = []
    if v.get("speed", 1.0) != 1.0:
        fx += ["speed", "%.4f" % v["speed"]]
    if v.get("narrow"):
        fx += ["rate", "8000"]
    fx += ["rate", str(RATE)]
    return fx


def finish(x, v):
    """Silence padding, noise and level of one variation dict (numpy)."""
    rng = np.random.default_rng(v["seed"])
    x = x.astype(np.float64)
    speech_power = float(np.mean(x ** 2)) + 1e-12
    lead, trail = int(v["lead"] * RATE), int(v["trail"] * RATE)
    x = np.concatenate([np.zeros(lead), x, np.zeros(trail)])
    if v.get("snr") is not None:
        nz = noise(x.shape[0], v["noise"], rng)
        x = x + nz * np.sqrt(speech_power / 10 ** (v["snr"] / 10))
    peak = np.abs(x).max() + 1e-9
    return (x * (v["peak"] / peak)).astype(np.float32)


def run_job(job):
    """One utterance: returns float32 16 kHz samples."""
    kind = job["kind"]
    v = job["var"]
    if kind == "espeak":
        with tempfile.TemporaryDirectory(prefix="digits-") as tmp:
            path = os.path.join(tmp, "s.wav")
            voice = job["accent"] + ("+" + job["variant"] if job["variant"] else "")
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(job["rate"]), "-p",
                            str(job["pitch"]), "-w", path, job["spoken"]],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            x = sox(path, effects_for(v))
        x = trim(x)
    elif kind == "fsdd":          # one 8 kHz file -> 16 kHz (+ variation)
        x = sox(job["path"], effects_for(v) if v else ["rate", str(RATE)])
    elif kind == "concat":        # 16 kHz FSDD pieces with gaps
        parts = []
        for i, p in enumerate(job["paths"]):
            if i:
                parts.append(np.zeros(int(job["gaps"][i - 1] * RATE), np.float32))
            parts.append(sox(p, ["rate", str(RATE)]))
        x = np.concatenate(parts)
        if v.get("speed", 1.0) != 1.0 or v.get("narrow"):
            x = sox(x, effects_for(v), rate_in=RATE)
    else:
        raise ValueError(kind)
    if not v:
        return x.astype(np.float32)
    return finish(x, v)


def trim(x, threshold=1e-3):
    """espeak pads with some silence: cut it so that the padding is ours."""
    idx = np.nonzero(np.abs(x) > threshold)[0]
    if idx.size == 0:
        return x
    return x[max(0, idx[0] - 160): idx[-1] + 160]


# ---------------------------------------------------------------------------
# job lists (all randomness drawn here, in the main process, from --seed)
# ---------------------------------------------------------------------------


def variation(rng, speed=True):
    v = {
        "speed": round(rng.uniform(0.9, 1.1), 4) if speed else 1.0,
        "narrow": rng.random() < 0.5,
        "lead": rng.uniform(0.0, 0.3),
        "trail": rng.uniform(0.0, 0.3),
        "snr": rng.uniform(10.0, 30.0) if rng.random() < 0.75 else None,
        "noise": rng.choice(["white", "pink"]),
        "peak": rng.uniform(0.05, 0.95),
        "seed": rng.randrange(2 ** 31),
    }
    return v


def spoken_text(digits, rng):
    """The text espeak reads: the words, now and then with a comma (a pause)."""
    out = WORDS[digits[0]]
    for d in digits[1:]:
        out += (", " if rng.random() < 0.15 else " ") + WORDS[d]
    return out


def espeak_jobs(n, accents, variants, rng, min_digits, max_digits):
    jobs = []
    for _ in range(n):
        digits = [rng.randrange(10) for _ in range(rng.randint(min_digits, max_digits))]
        jobs.append({
            "kind": "espeak", "accent": rng.choice(accents), "variant": rng.choice(variants),
            "rate": rng.randint(120, 220), "pitch": rng.randint(20, 80),
            "spoken": spoken_text(digits, rng), "text": " ".join(WORDS[d] for d in digits),
            "var": variation(rng), "source": "espeak",
        })
    return jobs


def fsdd_files():
    files = {}
    for name in sorted(os.listdir(os.path.join(FSDD, "recordings"))):
        if not name.endswith(".wav"):
            continue
        digit, speaker, take = name[:-4].split("_")
        files[(int(digit), speaker, int(take))] = os.path.join(FSDD, "recordings", name)
    return files


def fsdd_test_list():
    """(absolute path, words) of transcripts_test_split.tsv, checked to be
    exactly takes 0-4."""
    rows = []
    with open(os.path.join(FSDD, "transcripts_test_split.tsv")) as f:
        for line in f:
            if not line.strip():
                continue
            rel, words = line.rstrip("\n").split("\t")
            take = int(os.path.basename(rel)[:-4].split("_")[2])
            assert take in FSDD_TEST_TAKES, rel
            rows.append((os.path.join(FSDD, rel), words.strip()))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "digits-data"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--connected", type=int, default=4000,
                    help="synthetic connected-digit training utterances (1-7 digits)")
    ap.add_argument("--single", type=int, default=1000,
                    help="synthetic single-digit training utterances")
    ap.add_argument("--fsdd-concat", type=int, default=2000,
                    help="FSDD train takes concatenated into 2-7 digit strings")
    ap.add_argument("--test", type=int, default=200, help="synthetic test utterances")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    assert not set(TRAIN_ACCENTS) & set(TEST_ACCENTS)
    assert not set(TRAIN_VARIANTS) & set(TEST_VARIANTS)
    t0 = time.time()
    rng = random.Random(args.seed)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    files = fsdd_files()
    speakers = sorted({s for (_, s, _) in files})
    test_rows = fsdd_test_list()
    test_paths = {p for p, _ in test_rows}
    train_keys = [k for k in sorted(files) if k[2] in FSDD_TRAIN_TAKES]
    assert not {files[k] for k in train_keys} & test_paths

    # --- training jobs -----------------------------------------------------
    train = []
    for k in train_keys:          # clean FSDD train takes
        train.append({"kind": "fsdd", "path": files[k], "text": WORDS[k[0]], "var": {},
                      "source": "fsdd"})
    for k in train_keys:          # one augmented copy each
        v = variation(rng)
        train.append({"kind": "fsdd", "path": files[k], "text": WORDS[k[0]], "var": v,
                      "source": "fsdd_aug"})
    for _ in range(args.fsdd_concat):
        speaker = rng.choice(speakers)
        digits = [rng.randrange(10) for _ in range(rng.randint(2, 7))]
        paths = [files[(d, speaker, rng.choice(FSDD_TRAIN_TAKES))] for d in digits]
        train.append({"kind": "concat", "paths": paths,
                      "gaps": [rng.uniform(0.02, 0.25) for _ in digits[1:]],
                      "text": " ".join(WORDS[d] for d in digits),
                      "var": variation(rng), "source": "fsdd_concat"})
    train += espeak_jobs(args.connected, TRAIN_ACCENTS, TRAIN_VARIANTS, rng, 1, 7)
    single = espeak_jobs(args.single, TRAIN_ACCENTS, TRAIN_VARIANTS, rng, 1, 1)
    for j in single:
        j["source"] = "espeak_single"
    train += single
    test = espeak_jobs(args.test, TEST_ACCENTS, TEST_VARIANTS, rng, 1, 7)
    fsdd16 = [{"kind": "fsdd", "path": p, "text": w, "var": {}, "source": "fsdd_test"}
              for p, w in test_rows]

    all_jobs = train + test + fsdd16
    print("%d jobs (%d train, %d synthetic test, %d FSDD test), %d processes"
          % (len(all_jobs), len(train), len(test), len(fsdd16), args.jobs), flush=True)
    results = []
    with multiprocessing.Pool(args.jobs) as pool:
        for i, x in enumerate(pool.imap(run_job, all_jobs, chunksize=8)):
            results.append(x)
            if (i + 1) % 1000 == 0:
                print("  %d/%d  %.0f s" % (i + 1, len(all_jobs), time.time() - t0), flush=True)
    train_x = results[:len(train)]
    test_x = results[len(train):len(train) + len(test)]
    fsdd16_x = results[len(train) + len(test):]

    # --- write -------------------------------------------------------------
    lengths = np.array([x.shape[0] for x in train_x], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    audio = np.concatenate(train_x)
    audio = np.clip(np.round(audio * 32767.0), -32768, 32767).astype(np.int16)
    np.savez(os.path.join(out, "train.npz"), audio=audio, offsets=offsets,
             texts=np.array([j["text"] for j in train]),
             sources=np.array([j["source"] for j in train]))

    for name, rows_x, jobs, tsv in (("synthetic_test", test_x, test, "synthetic_test.tsv"),
                                    ("fsdd_test_16k", fsdd16_x, fsdd16, "fsdd_test_16k.tsv")):
        folder = os.path.join(out, name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        with open(os.path.join(out, tsv), "w") as f:
            for i, (x, j) in enumerate(zip(rows_x, jobs)):
                if name == "fsdd_test_16k":
                    base = os.path.basename(j["path"])
                else:
                    base = "%03d.wav" % i
                write_wav(os.path.join(folder, base), x, RATE)
                f.write("%s/%s\t%s\n" % (name, base, j["text"]))
    with open(os.path.join(out, "synthetic_test_voices.tsv"), "w") as f:
        f.write("path\tvoice\trate\tpitch\tspeed\tnarrowband\tsnr_db\tnoise\n")
        for i, j in enumerate(test):
            v = j["var"]
            f.write("synthetic_test/%03d.wav\t%s\t%d\t%d\t%.3f\t%d\t%s\t%s\n" % (
                i, j["accent"] + ("+" + j["variant"] if j["variant"] else ""), j["rate"],
                j["pitch"], v["speed"], v["narrow"],
                "-" if v["snr"] is None else "%.1f" % v["snr"],
                "-" if v["snr"] is None else v["noise"]))
    with open(os.path.join(out, "fsdd_test.tsv"), "w") as f:
        for p, w in test_rows:
            f.write("%s\t%s\n" % (p, w))

    counts = {}
    seconds = {}
    for j, x in zip(train, train_x):
        counts[j["source"]] = counts.get(j["source"], 0) + 1
        seconds[j["source"]] = seconds.get(j["source"], 0.0) + x.shape[0] / RATE
    test_voices = sorted({j["accent"] + ("+" + j["variant"] if j["variant"] else "")
                          for j in test})
    manifest = {
        "seed": args.seed, "train_counts": counts,
        "train_seconds": {k: round(v, 1) for k, v in seconds.items()},
        "train_total": len(train), "train_hours": round(lengths.sum() / RATE / 3600, 3),
        "synthetic_test": len(test), "fsdd_test": len(fsdd16),
        "train_accents": TRAIN_ACCENTS, "train_variants": TRAIN_VARIANTS,
        "test_accents": TEST_ACCENTS, "test_variants": TEST_VARIANTS,
        "test_voices_used": test_voices, "seconds": round(time.time() - t0, 1),
    }
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps(manifest, indent=1))
    print("wrote %s in %.0f s" % (out, time.time() - t0))


if __name__ == "__main__":
    sys.exit(main())

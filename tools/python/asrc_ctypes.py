"""A small ctypes binding for the libraries asrc compiles (lib<model>.so).

    lib = Library("out/libcontent_attention.so")      # reads out/content_attention.h
    with lib.create("w.safetensors", threads=0) as model:
        outs = model.call("encode", features, lengths)  # numpy in, numpy out
        log_probs, alignment = outs.values()
        # a decoder step whose per-utterance work asrc hoisted into
        # decode_step_prepare: inputs by name, the prepared outputs reused
        outs, prep = model.call_prepared("decode_step", {"token": t, ..., "encoded": enc})
        outs, _ = model.call_prepared("decode_step", {...}, prepared=prep)

* Inputs are numpy arrays of float32, float16, int32 or int64, any rank, or
  None for a NULL tensor pointer (to test the library's checks). C-contiguous
  arrays are passed as dense tensors (strides all 0); other arrays (views:
  slices, transposes) are passed as strided views with element strides, so the
  library reads the caller's memory in place. `strides="explicit"` passes
  explicit strides even for contiguous arrays; `strides="dense"` copies every
  input to a contiguous array first.
* Outputs are allocated by the library (data == NULL on entry), copied into
  numpy arrays and freed with asrc_tensor_free. `out={name: array}` passes a
  caller-allocated output instead (must be C-contiguous and writable).
* A failing call raises AsrcError(code, message) with the library's message.
* ctypes releases the GIL around foreign calls, so a model can be called from
  several Python threads at once.

The entry points' signatures (input/output names in order, dtypes, dims) come
from the generated <model>.h next to the library (`asrc_error
*<model>_<entry>(asrc_model *model, const asrc_tensor *in..., asrc_tensor
*out...)`), or from the model spec when the header is missing.
"""
import collections
import ctypes
import json
import os
import re

import numpy as np

ASRC_MAX_RANK = 8

F32, F16, BF16, I32, I64 = 0, 1, 2, 3, 4
DTYPE_NAMES = {F32: "f32", F16: "f16", BF16: "bf16", I32: "i32", I64: "i64"}
_NAME_TO_CODE = {"f32": F32, "f16": F16, "bf16": BF16, "i32": I32, "i64": I64,
                 "ASRC_F32": F32, "ASRC_F16": F16, "ASRC_BF16": BF16, "ASRC_I32": I32,
                 "ASRC_I64": I64}
_NUMPY_TO_CODE = {np.dtype(np.float32): F32, np.dtype(np.float16): F16,
                  np.dtype(np.int32): I32, np.dtype(np.int64): I64}
_CODE_TO_NUMPY = {F32: np.dtype(np.float32), F16: np.dtype(np.float16),
                  BF16: np.dtype(np.uint16),  # raw bfloat16 bits
                  I32: np.dtype(np.int32), I64: np.dtype(np.int64)}

ERROR_CODES = {0: "ASRC_OK", 1: "ASRC_INVALID_ARGUMENT", 2: "ASRC_IO_ERROR",
               3: "ASRC_BAD_WEIGHTS", 4: "ASRC_OUT_OF_MEMORY", 5: "ASRC_KERNEL_ERROR",
               6: "ASRC_INTERNAL"}
INVALID_ARGUMENT, IO_ERROR, BAD_WEIGHTS, OUT_OF_MEMORY, KERNEL_ERROR, INTERNAL = range(1, 7)


class AsrcTensor(ctypes.Structure):
    _fields_ = [("dtype", ctypes.c_int),
                ("rank", ctypes.c_int32),
                ("shape", ctypes.c_int64 * ASRC_MAX_RANK),
                ("strides", ctypes.c_int64 * ASRC_MAX_RANK),
                ("data", ctypes.c_void_p)]


DEVICES = {"auto": 0, "host": 1, "cuda": 2}


class AsrcOptions(ctypes.Structure):
    _fields_ = [("threads", ctypes.c_int32),
                ("device", ctypes.c_int32),       # DEVICES: 0 auto, 1 host, 2 cuda
                ("cuda_device", ctypes.c_int32)]


class AsrcDecodeOptions(ctypes.Structure):
    _fields_ = [("beam_width", ctypes.c_int32), ("max_length", ctypes.c_int32),
                ("length_penalty", ctypes.c_float), ("nbest", ctypes.c_int32)]


class AsrcHypothesis(ctypes.Structure):
    _fields_ = [("tokens", ctypes.POINTER(ctypes.c_int32)), ("length", ctypes.c_int32),
                ("score", ctypes.c_float), ("normalized", ctypes.c_float),
                ("finished", ctypes.c_int32)]


class AsrcTranscripts(ctypes.Structure):
    _fields_ = [("batch", ctypes.c_int32), ("nbest", ctypes.c_int32),
                ("hyps", ctypes.POINTER(AsrcHypothesis)),
                ("encode_seconds", ctypes.c_double), ("decode_seconds", ctypes.c_double)]


Hypothesis = collections.namedtuple("Hypothesis", "tokens score normalized finished")


def _transcripts(library, fn, args, where, timings=False):
    """Calls fn(*args, &transcripts); returns [[Hypothesis] per utterance]
    (and (encode_seconds, decode_seconds) with `timings`)."""
    out = AsrcTranscripts()
    library.check(fn(*args, ctypes.byref(out)), where)
    try:
        result = []
        for b in range(out.batch):
            hyps = []
            for i in range(out.nbest):
                h = out.hyps[b * out.nbest + i]
                if not h.tokens and h.length == 0 and h.score == float("-inf"):
                    continue
                hyps.append(Hypothesis([h.tokens[k] for k in range(h.length)], h.score,
                                       h.normalized, bool(h.finished)))
            result.append(hyps)
        return (result, (out.encode_seconds, out.decode_seconds)) if timings else result
    finally:
        library.lib.asrc_transcripts_free(ctypes.byref(out))


class AsrcError(RuntimeError):
    """A call returned an asrc_error: `code` (int), `code_name`, `message`."""

    def __init__(self, code, message, where=""):
        self.code = code
        self.code_name = ERROR_CODES.get(code, "code %d" % code)
        self.message = message
        RuntimeError.__init__(self, "%s%s: %s" % (where + ": " if where else "",
                                                  self.code_name, message))


Port = collections.namedtuple("Port", "name dtype dims")  # dtype: code; dims: list of int|str
Signature = collections.namedtuple("Signature", "inputs outputs")


def parse_header(text, model_name):
    """{entry: Signature} from a generated <model>.h."""
    entries = collections.OrderedDict()
    # Each prototype is preceded by a doc comment listing "in"/"out" ports.
    proto = re.compile(r"/\*\s*(\w+):\s*\n(.*?)\*/\s*asrc_error\s*\*\s*%s_(\w+)\s*\(\s*"
                       r"asrc_model\s*\*\s*\w+\s*((?:,\s*(?:const\s+)?asrc_tensor\s*\*\s*\w+\s*)*)"
                       r"\)\s*;" % re.escape(model_name), re.S)
    port = re.compile(r"\*\s+(in|out)\s+(\w+):\s*(\w+)\s*\[([^\]]*)\]")
    for m in proto.finditer(text):
        entry = m.group(3)
        doc = {}
        for p in port.finditer(m.group(2)):
            dims = [d.strip() for d in p.group(4).split(",") if d.strip()]
            dims = [int(d) if re.fullmatch(r"-?\d+", d) else d for d in dims]
            doc[(p.group(1), p.group(2))] = (_NAME_TO_CODE.get(p.group(3)), dims)
        inputs, outputs = [], []
        for a in re.finditer(r"(const\s+)?asrc_tensor\s*\*\s*(\w+)", m.group(4)):
            kind = "in" if a.group(1) else "out"
            dtype, dims = doc.get((kind, a.group(2)), (None, None))
            (inputs if kind == "in" else outputs).append(Port(a.group(2), dtype, dims))
        entries[entry] = Signature(inputs, outputs)
    if not entries:
        # Fallback: prototypes without doc comments.
        for m in re.finditer(r"asrc_error\s*\*\s*%s_(\w+)\s*\(\s*asrc_model\s*\*\s*\w+((?:,\s*"
                             r"(?:const\s+)?asrc_tensor\s*\*\s*\w+\s*)*)\)\s*;"
                             % re.escape(model_name), text):
            inputs, outputs = [], []
            for a in re.finditer(r"(const\s+)?asrc_tensor\s*\*\s*(\w+)", m.group(2)):
                (inputs if a.group(1) else outputs).append(Port(a.group(2), None, None))
            entries[m.group(1)] = Signature(inputs, outputs)
    return entries


def signatures_from_spec(spec):
    """{entry: Signature} from a model spec (dict or path), as ModelEmitter names them."""
    if not isinstance(spec, dict):
        with open(spec) as f:
            spec = json.load(f)
    entries = collections.OrderedDict()
    for ep in spec["entry_points"]:
        inputs = [Port(i["name"], _NAME_TO_CODE[i["dtype"]], list(i["shape"]))
                  for i in ep["inputs"]]
        in_names = [p.name for p in inputs]
        outputs = []
        for k, o in enumerate(ep["outputs"]):
            name = o if isinstance(o, str) else o.get("name", o.get("value"))
            if not re.fullmatch(r"[A-Za-z_]\w*", name) or name in in_names:
                name = "out_" + (name if re.fullmatch(r"[A-Za-z_]\w*", name) else str(k))
            outputs.append(Port(name, None, None))
        entries[ep["name"]] = Signature(inputs, outputs)
    return entries


def _np_dtype_code(a):
    try:
        return _NUMPY_TO_CODE[a.dtype]
    except KeyError:
        raise TypeError("asrc_ctypes: unsupported numpy dtype %s (use float32, float16, "
                        "int32 or int64)" % a.dtype)


def make_tensor(a, strides="auto"):
    """An AsrcTensor viewing numpy array `a` (kept alive by the caller)."""
    t = AsrcTensor()
    t.dtype = _np_dtype_code(a)
    if a.ndim > ASRC_MAX_RANK:
        raise ValueError("asrc_ctypes: rank %d > %d" % (a.ndim, ASRC_MAX_RANK))
    t.rank = a.ndim
    for i, s in enumerate(a.shape):
        t.shape[i] = s
    if strides == "explicit" or (strides == "auto" and not a.flags.c_contiguous):
        for i, s in enumerate(a.strides):
            if s % a.itemsize:
                raise ValueError("asrc_ctypes: stride %d bytes is not a multiple of the element "
                                 "size %d" % (s, a.itemsize))
            t.strides[i] = s // a.itemsize
    t.data = a.ctypes.data if a.size or a.ctypes.data else None
    return t


def tensor_to_numpy(t):
    """A numpy copy of a dense AsrcTensor."""
    dtype = _CODE_TO_NUMPY.get(t.dtype)
    if dtype is None:
        raise ValueError("asrc_ctypes: output has an unknown dtype %d" % t.dtype)
    shape = tuple(t.shape[i] for i in range(t.rank))
    n = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if n == 0:
        return np.zeros(shape, dtype)
    if not t.data:
        raise ValueError("asrc_ctypes: output of shape %s has NULL data" % (shape,))
    buf = (ctypes.c_char * (n * dtype.itemsize)).from_address(t.data)
    return np.frombuffer(buf, dtype=dtype).reshape(shape).copy()


class Library:
    """A loaded lib<model>.so and its entry-point signatures."""

    def __init__(self, so_path, header=None, spec=None, model_name=None):
        self.path = os.path.abspath(so_path)
        base = os.path.basename(self.path)
        if model_name is None:
            if not (base.startswith("lib") and base.endswith(".so")):
                raise ValueError("asrc_ctypes: expected lib<model>.so, got %s" % base)
            model_name = base[3:-3]
        self.name = model_name
        self.lib = ctypes.CDLL(self.path, mode=getattr(os, "RTLD_LOCAL", 0) | os.RTLD_NOW)
        lib = self.lib
        lib.asrc_error_message.restype = ctypes.c_char_p
        lib.asrc_error_message.argtypes = [ctypes.c_void_p]
        lib.asrc_error_code.restype = ctypes.c_int
        lib.asrc_error_code.argtypes = [ctypes.c_void_p]
        lib.asrc_error_free.restype = None
        lib.asrc_error_free.argtypes = [ctypes.c_void_p]
        lib.asrc_tensor_free.restype = None
        lib.asrc_tensor_free.argtypes = [ctypes.POINTER(AsrcTensor)]
        lib.asrc_transcripts_free.restype = None
        lib.asrc_transcripts_free.argtypes = [ctypes.c_void_p]
        lib.asrc_decode.restype = ctypes.c_void_p
        lib.asrc_decode.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                    ctypes.c_void_p, ctypes.c_void_p]
        lib.asrc_ctc_decode.restype = ctypes.c_void_p
        lib.asrc_ctc_decode.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32,
                                        ctypes.c_void_p, ctypes.c_void_p]
        self._create = getattr(lib, self.name + "_create")
        self._create.restype = ctypes.c_void_p
        self._create.argtypes = [ctypes.c_char_p, ctypes.POINTER(AsrcOptions),
                                 ctypes.POINTER(ctypes.c_void_p)]
        self._destroy = getattr(lib, self.name + "_destroy")
        self._destroy.restype = None
        self._destroy.argtypes = [ctypes.c_void_p]

        if header is None:
            candidate = os.path.join(os.path.dirname(self.path), self.name + ".h")
            if os.path.exists(candidate):
                header = candidate
        if header is not None:
            with open(header) as f:
                self.entries = parse_header(f.read(), self.name)
        elif spec is not None:
            self.entries = signatures_from_spec(spec)
        else:
            raise ValueError("asrc_ctypes: no %s.h next to %s and no spec given"
                             % (self.name, self.path))
        self._fns = {}
        for entry, sig in self.entries.items():
            fn = getattr(lib, "%s_%s" % (self.name, entry))
            fn.restype = ctypes.c_void_p
            fn.argtypes = ([ctypes.c_void_p] +
                           [ctypes.POINTER(AsrcTensor)] * (len(sig.inputs) + len(sig.outputs)))
            self._fns[entry] = fn

    def check(self, err, where=""):
        """Raises AsrcError for a non-NULL asrc_error * (and frees it)."""
        if not err:
            return
        code = self.lib.asrc_error_code(err)
        msg = self.lib.asrc_error_message(err)
        self.lib.asrc_error_free(err)
        raise AsrcError(code, msg.decode("utf-8", "replace") if msg else "", where)

    def ctc_decode(self, log_probs, lengths=None, blank=0, beam_width=1, nbest=1):
        """asrc_ctc_decode on numpy log-probs [B, T, V] (f32) and lengths [B]."""
        lp = np.ascontiguousarray(log_probs, dtype=np.float32)
        t_lp = make_tensor(lp, "auto")
        t_len, keep = None, None
        if lengths is not None:
            keep = np.ascontiguousarray(lengths)
            t_len = make_tensor(keep, "auto")
        opts = AsrcDecodeOptions(beam_width, 0, 0.0, nbest)
        return _transcripts(self, self.lib.asrc_ctc_decode,
                            (ctypes.byref(t_lp), ctypes.byref(t_len) if t_len else None, blank,
                             ctypes.byref(opts)), "asrc_ctc_decode")

    def read_audio(self, path, sample_rate=16000):
        """asrc_audio_read: a WAV (PCM 8/16/24/32-bit, float) or FLAC file as a
        float32 numpy array [samples], mono (channels averaged), resampled to
        `sample_rate` Hz (libsoxr; 0 or None keeps the file's rate). A bad
        file raises AsrcError (IO_ERROR) naming it and what is wrong."""
        fn = self.lib.asrc_audio_read
        fn.restype = ctypes.c_void_p
        fn.argtypes = [ctypes.c_char_p, ctypes.c_int32, ctypes.POINTER(AsrcTensor),
                       ctypes.POINTER(ctypes.c_int32)]
        out = AsrcTensor()
        rate = ctypes.c_int32(0)
        self.check(fn(os.fsencode(path), int(sample_rate or 0), ctypes.byref(out),
                      ctypes.byref(rate)), "asrc_audio_read")
        try:
            return tensor_to_numpy(out)
        finally:
            self.lib.asrc_tensor_free(ctypes.byref(out))

    def resample(self, samples, from_rate, to_rate):
        """asrc_audio_resample (libsoxr) of 1-D float32 samples."""
        fn = self.lib.asrc_audio_resample
        fn.restype = ctypes.c_void_p
        fn.argtypes = [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int32, ctypes.c_int32,
                       ctypes.POINTER(AsrcTensor)]
        x = np.ascontiguousarray(samples, dtype=np.float32)
        out = AsrcTensor()
        self.check(fn(x.ctypes.data if x.size else None, x.size, int(from_rate), int(to_rate),
                      ctypes.byref(out)), "asrc_audio_resample")
        try:
            return tensor_to_numpy(out)
        finally:
            self.lib.asrc_tensor_free(ctypes.byref(out))

    def create(self, weights_path, threads=0, options=True, device="auto", cuda_device=0):
        """A Model. weights_path None passes NULL; options=False passes NULL options.
        device: "auto" (the GPU when the library has CUDA code and one is usable),
        "host" or "cuda"."""
        opts = AsrcOptions(threads, DEVICES[device], cuda_device) if options else None
        handle = ctypes.c_void_p()
        path = None if weights_path is None else os.fsencode(weights_path)
        err = self._create(path, ctypes.byref(opts) if opts is not None else None,
                           ctypes.byref(handle))
        self.check(err, self.name + "_create")
        if not handle.value:
            raise AsrcError(INTERNAL, "create succeeded but returned a NULL model",
                            self.name + "_create")
        return Model(self, handle.value)


class Model:
    """A created model. call() runs an entry point; destroy() (or `with`) frees it."""

    def __init__(self, library, handle):
        self.library = library
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.destroy()

    def __del__(self):
        try:
            self.destroy()
        except Exception:
            pass

    def destroy(self):
        if self.handle:
            self.library._destroy(self.handle)
            self.handle = None

    def signature(self, entry):
        return self.library.entries[entry]

    def call(self, entry, *inputs, strides="auto", out=None, **named):
        """Runs `entry` on numpy `inputs` (positional, or by name); returns an
        OrderedDict {output name: numpy array} in the entry point's order."""
        if not self.handle:
            raise ValueError("asrc_ctypes: the model was destroyed")
        sig = self.library.entries.get(entry)
        if sig is None:
            raise KeyError("asrc_ctypes: %s has no entry point %r (has %s)"
                           % (self.library.name, entry, ", ".join(self.library.entries)))
        args = list(inputs)
        for p in sig.inputs[len(args):]:
            if p.name not in named:
                raise TypeError("asrc_ctypes: %s: missing input %r" % (entry, p.name))
            args.append(named.pop(p.name))
        if named:
            raise TypeError("asrc_ctypes: %s: unknown inputs %s" % (entry, sorted(named)))
        if len(args) != len(sig.inputs):
            raise TypeError("asrc_ctypes: %s takes %d inputs, got %d"
                            % (entry, len(sig.inputs), len(args)))
        keep, ptrs = [], []
        for a in args:
            if a is None:
                ptrs.append(None)
                continue
            a = np.asarray(a)
            if strides == "dense":
                a = np.ascontiguousarray(a)
            keep.append(a)
            t = make_tensor(a, "auto" if strides == "dense" else strides)
            keep.append(t)
            ptrs.append(ctypes.pointer(t))
        out = out or {}
        outs = []
        for p in sig.outputs:
            t = AsrcTensor()
            given = out.get(p.name)
            if given is not None:
                if not given.flags.c_contiguous or not given.flags.writeable:
                    raise ValueError("asrc_ctypes: output %r must be C-contiguous and writable"
                                     % p.name)
                t = make_tensor(given, "auto")
                keep.append(given)
            outs.append(t)
            ptrs.append(ctypes.pointer(t))
        err = self.library._fns[entry](self.handle, *ptrs)
        self.library.check(err, "%s_%s" % (self.library.name, entry))
        result = collections.OrderedDict()
        try:
            for p, t in zip(sig.outputs, outs):
                if out.get(p.name) is not None:
                    result[p.name] = out[p.name]
                else:
                    result[p.name] = tensor_to_numpy(t)
        finally:
            for p, t in zip(sig.outputs, outs):
                if out.get(p.name) is None and t.data:
                    self.library.lib.asrc_tensor_free(ctypes.byref(t))
        return result

    __call__ = call

    def device(self):
        """Where the model runs: "cpu" or "cuda:<n> (<GPU name>)"."""
        fn = self.library.lib.asrc_model_device
        fn.restype = ctypes.c_char_p
        fn.argtypes = [ctypes.c_void_p]
        return fn(self.handle).decode()

    def info(self):
        """asrc_model_info as a dict: model, entries, decoding, transcription."""
        fn = self.library.lib.asrc_model_info
        fn.restype = ctypes.c_char_p
        fn.argtypes = [ctypes.c_void_p]
        return json.loads(fn(self.handle).decode("utf-8"))

    def decode(self, *inputs, beam_width=1, max_length=0, length_penalty=1.0, nbest=1):
        """asrc_decode: the spec's decoding recipe on the encoder's inputs (numpy).
        Returns [[Hypothesis(tokens, score, normalized, finished)] per utterance],
        best first."""
        return self.decode_timed(*inputs, beam_width=beam_width, max_length=max_length,
                                 length_penalty=length_penalty, nbest=nbest)[0]

    def decode_timed(self, *inputs, beam_width=1, max_length=0, length_penalty=1.0, nbest=1):
        """decode()'s hypotheses and asrc_decode's (encode_seconds, decode_seconds)."""
        if not self.handle:
            raise ValueError("asrc_ctypes: the model was destroyed")
        keep, ptrs = [], []
        for a in inputs:
            a = np.ascontiguousarray(a)
            t = make_tensor(a, "auto")
            keep += [a, t]
            ptrs.append(ctypes.pointer(t))
        arr = (ctypes.POINTER(AsrcTensor) * max(1, len(ptrs)))(*ptrs)
        opts = AsrcDecodeOptions(beam_width, max_length, length_penalty, nbest)
        lib = self.library.lib
        return _transcripts(self.library, lib.asrc_decode,
                            (self.handle, arr, len(ptrs), ctypes.byref(opts)), "asrc_decode",
                            timings=True)

    def call_prepared(self, entry, inputs, prepared=None, strides="auto"):
        """Runs `entry` on inputs by name ({name: array}) as the spec's entry
        point declares them, per-utterance inputs included. When asrc moved
        the entry's per-utterance work into `<entry>_prepare` (inputs marked
        "per_utterance": true; see docs/passes.md, asr-hoist-per-utterance),
        that runs first and its outputs join the inputs by name; pass the
        returned `prepared` back for later calls on the same utterance to
        skip it. Returns (outputs, prepared); prepared is None when the
        entry has no prepare step."""
        named = dict(inputs)
        prep = entry + "_prepare"
        if prep in self.library.entries:
            if prepared is None:
                prepared = self.call(prep, strides=strides, **self._pick(prep, named))
            named.update(prepared)
        return self.call(entry, strides=strides, **self._pick(entry, named)), prepared

    def _pick(self, entry, named):
        sig = self.library.entries[entry]
        missing = [p.name for p in sig.inputs if p.name not in named]
        if missing:
            raise TypeError("asrc_ctypes: %s: missing input %s" % (entry, ", ".join(missing)))
        return {p.name: named[p.name] for p in sig.inputs}

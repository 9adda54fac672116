//===- CudaKernelsData.cpp - CUDA kernels of the data family --------------===//
//
// The memory-bound kinds and the log-mel front end, with the semantics of
// the Halide kernels (codegen/halide/KernelsData.cpp, KernelsFrontEnd.cpp).
//
// Streaming kinds (Unary, Scale, Binary, Copy, Concat, Slice, UpdateSlice,
// Embedding, SinusoidalPosition, LearnedPosition, SubsampleLengths): 256-
// thread blocks, one thread per output element in a grid-stride loop, so
// consecutive threads touch consecutive elements (coalesced). Multi-dim
// coordinates come from asrc_data_index (the data prelude): it divides once
// per thread, then each grid-stride step advances it with carries, so the
// loops have no per-element division.
//  * Binary: an input of the output's shape is read at the flat index, a
//    row over the last dim (a bias) at a column counter, else through per-
//    dim broadcast strides.
//  * Copy: a flat copy when the input is dense, else a gather through the
//    input's strides (a strided view).
//  * Concat: blockIdx.y picks the input; each copies its [outer, len * inner]
//    slab into its columns of the output rows.
//  * UpdateSlice: in place (result aliasing dest), only the update's rows
//    are written; otherwise one pass over the result.
// Transpose: runs of dims that stay adjacent are merged first. When the
// innermost merged dim stays innermost, whole rows are copied (blocks of
// bx x (256 / bx) threads, bx along the row); otherwise 32 x 32 tiles go
// through shared memory ([32][33]: the padding column keeps the transposed
// reads free of bank conflicts), read along the input's innermost dim and
// written along the output's.
// LogMel: one 256-thread block per (tile of frames, utterance): the windowed
// frames in shared memory, an FFT of n_fft = M x 2^L points (direct DFTs of
// length M of the 2^L decimated sequences, then L radix-2 steps ping-ponging
// between two shared buffers; the last step yields the power spectrum), the
// sparse mel filterbank and the log. The window, twiddles and filterbank are
// computed on the host in double (the Halide kernel's formulas) and baked in
// as constant arrays. Whisper's normalisation needs each utterance's max: the
// first kernel leaves per-block maxima in scratch, a second (<name>_norm)
// reduces them and rescales the features in place.
//
//===----------------------------------------------------------------------===//

#include "codegen/cuda/CudaKernelsInternal.h"
#include "codegen/halide/LogMelTables.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace asr::cuda {

namespace {

const char *kDataPrelude = R"cuda(
// --- asrc data-family helpers ---

// A row-major multi-index over dim[0..R) for grid-stride loops: start()
// divides once (per thread), next() advances by the loop's fixed flat step
// with carries. dim[0] is never wrapped: the loop's flat bound ends it.
template <int R> struct asrc_data_index {
  int64_t dim[R], c[R], inc[R];
  __device__ __forceinline__ void start(int64_t i, int64_t step) {
#pragma unroll
    for (int d = R - 1; d > 0; --d) {
      c[d] = i % dim[d];
      i /= dim[d];
      inc[d] = step % dim[d];
      step /= dim[d];
    }
    c[0] = i;
    inc[0] = step;
  }
  __device__ __forceinline__ void next() {
    int64_t carry = 0;
#pragma unroll
    for (int d = R - 1; d > 0; --d) {
      c[d] += inc[d] + carry;
      carry = c[d] >= dim[d];
      if (carry)
        c[d] -= dim[d];
    }
    c[0] += inc[0] + carry;
  }
};

// How Binary reads an input of m elements whose last dim is `last`, for an
// output of n elements with `cols` in its last dim: 0 at the flat index (it
// has the output's shape), 1 at the column (a row over the last dim: a
// bias), 2 at 0 (one element), 3 through per-dim broadcast strides.
ASRC_DI int asrc_data_read_kind(int64_t m, int64_t last, int64_t n, int64_t cols) {
  return m == n ? 0 : m == 1 ? 2 : m == cols && last == cols ? 1 : 3;
}

// Integer division as Halide defines it: Euclidean (the remainder is never
// negative; floor division for y > 0), and x / 0 = 0.
ASRC_DI int64_t asrc_data_div(int64_t x, int64_t y) {
  if (y == 0)
    return 0;
  int64_t q = x / y;
  if (x - q * y < 0)
    q += y > 0 ? -1 : 1;
  return q;
}

// sin(arg + quarter * pi / 2) for arg >= 0, as the Halide kernels compute
// positional encodings: range reduction in double, then the cephes sinf /
// cosf polynomials on [-pi/4, pi/4] in f32 (error ~1e-7).
ASRC_DI float asrc_data_sin_quadrant(double arg, int quarter) {
  const double j = floor(arg * 0.63661977236758134 + 0.5);
  const float r = (float)(arg - j * 1.5707963267948966);
  const int q = ((int)j + quarter) & 3;
  const float z = r * r;
  const float s = r + r * z * (-1.6666654611e-1f + z * (8.3321608736e-3f + z * -1.9515295891e-4f));
  const float c = 1.0f - 0.5f * z +
                  z * z * (4.166664568298827e-2f + z * (-1.388731625493765e-3f + z * 2.443315711809948e-5f));
  return q == 0 ? s : q == 1 ? c : q == 2 ? -s : -c;
}
)cuda";

//===----------------------------------------------------------------------===//
// Shared pieces
//===----------------------------------------------------------------------===//

bool isFloatType(ElemType t) {
  return t == ElemType::F32 || t == ElemType::F16 || t == ElemType::BF16;
}

/// The C type an element is stored as (data movement copies these bits).
const char *storageType(ElemType t) {
  switch (t) {
  case ElemType::F32: return "float";
  case ElemType::F16:
  case ElemType::BF16: return "uint16_t";
  case ElemType::I32: return "int32_t";
  case ElemType::I64: return "int64_t";
  }
  return "float";
}

std::string str(int64_t v) { return std::to_string(v); }

/// The product of dims [from, to) of tensor `idx` (static extents baked in).
std::string prodExpr(const TensorDesc &t, int idx, int from, int to) {
  std::string s;
  for (int d = from; d < to; ++d)
    s += (s.empty() ? "" : " * ") + dimExpr(t, idx, d);
  return s.empty() ? "(int64_t)1" : s;
}
std::string numelExpr(const TensorDesc &t, int idx) { return prodExpr(t, idx, 0, t.rank()); }

/// The same product in host (plan) code, from the run-time dims.
std::string hostProd(int idx, int from, int to) {
  std::string s;
  for (int d = from; d < to; ++d)
    s += (s.empty() ? "" : " * ") + std::string("a->t[") + str(idx) + "].dims[" + str(d) + "]";
  return s.empty() ? "(int64_t)1" : s;
}
std::string hostNumel(const TensorDesc &t, int idx) { return hostProd(idx, 0, t.rank()); }

/// A double literal (exact: hexadecimal).
std::string doubleLiteral(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%a", v);
  return buf;
}

bool fail(std::string &error, const std::string &why) {
  error = why;
  return false;
}

bool checkCounts(const KernelDesc &d, size_t minIn, size_t maxIn, std::string &error) {
  if (d.inputs.size() < minIn || d.inputs.size() > maxIn)
    return fail(error, "expected " + str(int64_t(minIn)) +
                           (maxIn != minIn ? ".." + str(int64_t(maxIn)) : "") + " inputs, got " +
                           str(int64_t(d.inputs.size())));
  if (d.outputs.size() != 1)
    return fail(error, "expected 1 output, got " + str(int64_t(d.outputs.size())));
  return true;
}

/// The plan of a one-step kernel over `work` elements in 256-thread blocks.
std::string flatPlan(const std::string &name, const std::string &work) {
  return substitute(R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  const int64_t n = ${work};
  const int64_t blocks = (n + 255) / 256;
  p->num_steps = n > 0;
  p->scratch_bytes = 0;
  p->steps[0] = {"${name}", {(uint32_t)(blocks < 65536 ? blocks : 65536), 1, 1}, {256, 1, 1}};
}
)cuda",
                    {{"name", name}, {"work", work}});
}

/// A grid-stride kernel over `n` elements. `setup` runs once per thread
/// (with i its first element), `body` per element; `next` is appended to
/// the loop's increment (", idx.next()" for an asrc_data_index).
std::string flatKernel(const std::string &name, const std::string &comment, const std::string &n,
                       const std::string &setup, const std::string &body,
                       const std::string &next = "") {
  return substitute(R"cuda(// ${comment}
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const int64_t n = ${n};
  const int64_t step = (int64_t)gridDim.x * blockDim.x;
  int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
${setup}  for (; i < n; i += step${next}) {
${body}  }
}
)cuda",
                    {{"comment", comment},
                     {"name", name},
                     {"n", n},
                     {"setup", setup},
                     {"body", body},
                     {"next", next}});
}

/// Declares `asrc_data_index<dims.size()> idx` over `dims` and starts it at i.
std::string indexSetup(const std::vector<std::string> &dims) {
  std::string s = "  asrc_data_index<" + str(int64_t(dims.size())) + "> idx;\n";
  for (size_t d = 0; d < dims.size(); ++d)
    s += "  idx.dim[" + str(int64_t(d)) + "] = " + dims[d] + ";\n";
  return s + "  idx.start(i, step);\n";
}

//===----------------------------------------------------------------------===//
// Unary, Scale
//===----------------------------------------------------------------------===//

/// The f32 expression of unary `fn` applied to `x`.
bool unaryExpr(const std::string &fn, const std::string &x, std::string &out) {
  static const std::vector<std::pair<std::string, std::string>> table = {
      {"relu", "fmaxf(${x}, 0.0f)"},  {"gelu", "asrc_gelu(${x})"},
      {"gelu_tanh", "asrc_gelu_tanh(${x})"}, {"tanh", "tanhf(${x})"},
      {"sigmoid", "asrc_sigmoid(${x})"}, {"silu", "asrc_silu(${x})"},
      {"exp", "expf(${x})"},           {"log", "logf(${x})"},
      {"neg", "(-(${x}))"},            {"sqrt", "sqrtf(${x})"},
      {"rsqrt", "(1.0f / sqrtf(${x}))"}};
  for (const auto &[name, tmpl] : table)
    if (name == fn) {
      out = substitute(tmpl, {{"x", x}});
      return true;
    }
  return false;
}

/// Unary and Scale: out[i] = f(in[i]) over the flat elements.
bool emitElementwiseUnary(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                          std::string &error) {
  if (desc.inputs.size() != 1 || desc.outputs.size() != 1) {
    error = "expected 1 input and 1 output";
    return false;
  }
  ElemType in = desc.inputs[0].type, res = desc.outputs[0].type;
  std::string x = load(in, "a.t[0].data", "i"), value;
  if (desc.kind == KernelKind::Scale) {
    value = "(" + x + ") * " + floatLiteral(desc.getFloat("factor", 1.0));
  } else if (!unaryExpr(desc.fn, x, value)) {
    error = "unknown unary function '" + desc.fn + "'";
    return false;
  }
  out.device = substitute(R"cuda(ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  int64_t n = 1;
  for (int d = 0; d < a.t[1].rank; ++d) n *= a.t[1].dims[d];
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (int64_t)gridDim.x * blockDim.x) {
    ${store}
  }
}
)cuda",
                          {{"name", name}, {"store", store(res, "a.t[1].data", "i", value)}});
  out.plan = substitute(R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  int64_t n = 1;
  for (int d = 0; d < a->t[1].rank; ++d) n *= a->t[1].dims[d];
  int64_t blocks = (n + 255) / 256;
  p->num_steps = n > 0;
  p->steps[0] = {"${name}", {(uint32_t)(blocks < 65536 ? blocks : 65536), 1, 1}, {256, 1, 1}};
}
)cuda",
                        {{"name", name}});
  return true;
}

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

bool emitBinary(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                std::string &error) {
  if (!checkCounts(d, 2, 2, error))
    return false;
  const TensorDesc &o = d.outputs[0];
  const int R = o.rank();
  for (const TensorDesc &t : d.inputs)
    if (t.rank() > R)
      return fail(error, "an input has a higher rank than the output");
  const bool intMath = !isFloatType(o.type);
  std::string op;
  if (d.fn == "add")
    op = "x + y";
  else if (d.fn == "sub")
    op = "x - y";
  else if (d.fn == "mul")
    op = "x * y";
  else if (d.fn == "div") // ints: Halide's Euclidean division, x / 0 = 0
    op = intMath ? "asrc_data_div(x, y)" : "x / y";
  else if (d.fn == "max")
    op = intMath ? "(x > y ? x : y)" : "fmaxf(x, y)";
  else
    return fail(error, "unknown binary function '" + d.fn + "'");
  const std::string ct = computeType(o.type);

  // How each input is read, decided at run time (uniform per launch).
  auto readKind = [&](int k) {
    const TensorDesc &t = d.inputs[k];
    return "asrc_data_read_kind(" + numelExpr(t, k) + ", " +
           (t.rank() > 0 ? dimExpr(t, k, t.rank() - 1) : "(int64_t)1") + ", n, cols)";
  };
  auto value = [&](const std::string &il, const std::string &ir) {
    return "      const " + ct + " x = (" + ct + ")(" + load(d.inputs[0].type, "a.t[0].data", il) +
           "), y = (" + ct + ")(" + load(d.inputs[1].type, "a.t[1].data", ir) + ");\n";
  };
  const std::string result = store(o.type, "a.t[2].data", "i", op);

  std::string general;
  if (R > 0) {
    // Per output dim, each input's stride: 0 where it broadcasts (extent 1).
    general = "  // Broadcast: each input's stride per output dim (0 where its extent is 1).\n"
              "  int64_t sl[" + str(R) + "], sr[" + str(R) + "], s;\n";
    for (int k = 0; k < 2; ++k) {
      const TensorDesc &t = d.inputs[k];
      const std::string arr = k == 0 ? "sl" : "sr";
      general += "  s = 1;\n";
      for (int od = R - 1; od >= 0; --od) {
        int j = od - (R - t.rank());
        std::string lhs = "  " + arr + "[" + str(od) + "] = ";
        if (j < 0) {
          general += lhs + "0;\n";
          continue;
        }
        if (t.dims[j] == 1) {
          general += lhs + "0;\n";
          continue;
        }
        std::string e = dimExpr(t, k, j);
        general += t.dims[j] >= 0 ? lhs + "s;\n" : lhs + e + " == 1 ? 0 : s;\n";
        if (j > 0)
          general += "  s *= " + e + ";\n";
      }
    }
    std::vector<std::string> dims;
    for (int od = 0; od < R; ++od)
      dims.push_back(dimExpr(o, 2, od));
    general += indexSetup(dims);
    general += substitute(R"cuda(  for (; i < n; i += step, idx.next()) {
    int64_t il = 0, ir = 0;
#pragma unroll
    for (int d = 0; d < ${R}; ++d) {
      il += idx.c[d] * sl[d];
      ir += idx.c[d] * sr[d];
    }
${value}    ${store}
  }
)cuda",
                          {{"R", str(R)}, {"value", value("il", "ir").substr(2)}, {"store", result}});
  }

  out.device = substitute(
      R"cuda(// ${name}: ${fn} with NumPy broadcasting (inputs aligned at the last dim).
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const int64_t n = ${n}, cols = ${cols};
  const int64_t step = (int64_t)gridDim.x * blockDim.x;
  int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  // How each input is read (asrc_data_read_kind): flat, column, one element
  // or broadcast.
  const int kl = ${kl};
  const int kr = ${kr};
  if (kl != 3 && kr != 3) {
    int64_t col = i % cols;
    const int64_t colStep = step % cols;
    for (; i < n; i += step) {
      const int64_t il = kl == 0 ? i : kl == 1 ? col : 0, ir = kr == 0 ? i : kr == 1 ? col : 0;
${value}      ${store}
      col += colStep;
      if (col >= cols)
        col -= cols;
    }
    return;
  }
${general}}
)cuda",
      {{"name", name},
       {"fn", d.fn},
       {"n", numelExpr(o, 2)},
       {"cols", R > 0 ? dimExpr(o, 2, R - 1) : "(int64_t)1"},
       {"kl", readKind(0)},
       {"kr", readKind(1)},
       {"value", value("il", "ir")},
       {"store", result},
       {"general", general}});
  out.plan = flatPlan(name, hostNumel(o, 2));
  return true;
}

//===----------------------------------------------------------------------===//
// Transpose
//===----------------------------------------------------------------------===//

bool emitTranspose(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                   std::string &error) {
  if (!checkCounts(d, 1, 1, error))
    return false;
  const TensorDesc &in = d.inputs[0], &o = d.outputs[0];
  const int rank = in.rank();
  std::vector<int64_t> perm;
  auto it = d.lists.find("perm");
  if (it == d.lists.end()) { // no perm: reversed, as numpy
    for (int i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  } else {
    perm = it->second;
    if (static_cast<int>(perm.size()) != rank)
      return fail(error, "perm has " + str(int64_t(perm.size())) + " entries for rank " + str(rank));
    std::vector<bool> seen(rank, false);
    for (int64_t p : perm) {
      if (p < 0 || p >= rank || seen[p])
        return fail(error, "perm is not a permutation of 0.." + str(rank - 1));
      seen[p] = true;
    }
  }
  if (o.rank() != rank)
    return fail(error, "output rank differs from the input's");
  if (o.type != in.type)
    return fail(error, "the output type must be the input's");
  const std::string T = storageType(in.type);

  // Merge runs of input dims that stay adjacent: output group k is input
  // dims [start, start + len); mperm[k] is its index in input order.
  struct Group {
    int start, len;
  };
  std::vector<Group> groups; // output order
  for (int k = 0; k < rank; ++k) {
    if (k > 0 && perm[k] == perm[k - 1] + 1)
      ++groups.back().len;
    else
      groups.push_back({static_cast<int>(perm[k]), 1});
  }
  if (groups.empty())
    groups.push_back({0, 0}); // rank 0: one element
  const int G = static_cast<int>(groups.size());
  std::vector<int> byStart(G);
  for (int k = 0; k < G; ++k)
    byStart[k] = k;
  std::sort(byStart.begin(), byStart.end(),
            [&](int x, int y) { return groups[x].start < groups[y].start; });
  std::vector<int> mperm(G); // output merged dim k -> input merged dim
  for (int j = 0; j < G; ++j)
    mperm[byStart[j]] = j;
  std::string permText, mpermText;
  for (int k = 0; k < rank; ++k)
    permText += (k ? ", " : "") + str(perm[k]);
  for (int k = 0; k < G; ++k)
    mpermText += (k ? ", " : "") + str(mperm[k]);

  // Device: the merged input dims and their dense strides.
  std::string merged = "  // The transpose on merged dims (runs of dims that stay adjacent move as one).\n"
                       "  int64_t din[" + str(G) + "], istr[" + str(G) + "];\n";
  for (int j = 0; j < G; ++j) {
    const Group &g = groups[byStart[j]];
    merged += "  din[" + str(j) + "] = " + prodExpr(in, 0, g.start, g.start + g.len) + ";\n";
  }
  merged += "  istr[" + str(G - 1) + "] = 1;\n";
  for (int j = G - 2; j >= 0; --j)
    merged += "  istr[" + str(j) + "] = istr[" + str(j + 1) + "] * din[" + str(j + 1) + "];\n";
  // Host: merged dim j of the input.
  auto hostMerged = [&](int j) {
    const Group &g = groups[byStart[j]];
    return "(" + hostProd(0, g.start, g.start + g.len) + ")";
  };

  if (G == 1) { // the identity (after merging): a flat copy
    out.device = flatKernel(name, name + ": transpose [" + permText + "], the identity: a copy",
                            numelExpr(o, 1), "",
                            "    ((" + T + " *)a.t[1].data)[i] = ((const " + T +
                                " *)a.t[0].data)[i];\n");
    out.plan = flatPlan(name, hostNumel(o, 1));
    return true;
  }

  if (mperm[G - 1] == G - 1) {
    // The innermost merged dim stays: copy rows.
    std::string rows = "  // Rows: the other output dims; row r starts at input offset sum c[k] * rs[k].\n"
                       "  asrc_data_index<" + str(G - 1) + "> row;\n"
                       "  int64_t rs[" + str(G - 1) + "];\n";
    std::string rowsProduct, rowOffset;
    for (int k = 0; k < G - 1; ++k) {
      rows += "  row.dim[" + str(k) + "] = din[" + str(mperm[k]) + "];\n";
      rows += "  rs[" + str(k) + "] = istr[" + str(mperm[k]) + "];\n";
      rowsProduct += (k ? " * " : "") + std::string("row.dim[") + str(k) + "]";
    }
    out.device = substitute(
        R"cuda(// ${name}: transpose [${perm}] (merged: [${mperm}]). The innermost dim stays, so
// each output row is a contiguous input row: threadIdx.x / blockIdx.y run
// along the row, threadIdx.y / blockIdx.x over rows.
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const ${T} *in = (const ${T} *)a.t[0].data;
  ${T} *out = (${T} *)a.t[1].data;
${merged}  const int64_t cols = din[${last}];
${rows}  const int64_t rows = ${rowsProduct};
  const int64_t rowStep = (int64_t)gridDim.x * blockDim.y;
  const int64_t colStep = (int64_t)gridDim.y * blockDim.x;
  int64_t r = (int64_t)blockIdx.x * blockDim.y + threadIdx.y;
  if (r >= rows)
    return;
  row.start(r, rowStep);
  for (; r < rows; r += rowStep, row.next()) {
    int64_t base = 0;
#pragma unroll
    for (int k = 0; k < ${G1}; ++k)
      base += row.c[k] * rs[k];
    for (int64_t c = (int64_t)blockIdx.y * blockDim.x + threadIdx.x; c < cols; c += colStep)
      out[r * cols + c] = in[base + c];
  }
}
)cuda",
        {{"name", name},
         {"perm", permText},
         {"mperm", mpermText},
         {"T", T},
         {"merged", merged},
         {"last", str(G - 1)},
         {"rows", rows},
         {"rowsProduct", rowsProduct},
         {"G1", str(G - 1)}});
    out.plan = substitute(
        R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  const int64_t n = ${n}, cols = ${cols};
  p->num_steps = 0;
  p->scratch_bytes = 0;
  if (n <= 0)
    return;
  const int64_t rows = n / cols;
  // bx threads along a row (up to 64: two coalesced warps), 256 / bx rows.
  uint32_t bx = 1;
  while (bx < 64 && bx < cols)
    bx *= 2;
  const uint32_t by = 256 / bx;
  const int64_t gx = (rows + by - 1) / by, gy = (cols + 8 * bx - 1) / (8 * bx);
  p->num_steps = 1;
  p->steps[0] = {"${name}", {(uint32_t)(gx < 65536 ? gx : 65536), (uint32_t)(gy < 65535 ? gy : 65535), 1},
                 {bx, by, 1}};
}
)cuda",
        {{"name", name}, {"n", hostNumel(o, 1)}, {"cols", hostMerged(G - 1)}});
    return true;
  }

  // Tiled: x = the output's innermost merged dim, y = the input's.
  int ky = 0;
  while (mperm[ky] != G - 1)
    ++ky;
  std::string batch = "  // The other output dims: the batch, decomposed once per block.\n"
                      "  int64_t batch = 1;\n";
  std::string decompose;
  for (int k = G - 1; k >= 0; --k) {
    if (k == G - 1 || k == ky)
      continue;
    batch += "  batch *= din[" + str(mperm[k]) + "];\n";
    decompose += substitute(R"cuda(    {
      const int64_t c = rem % din[${j}];
      rem /= din[${j}];
      ibase += c * istr[${j}];
      obase += c * ostr[${k}];
    }
)cuda",
                            {{"j", str(mperm[k])}, {"k", str(k)}});
  }
  std::string ostr = "  // Dense output strides (output order).\n"
                     "  int64_t ostr[" + str(G) + "];\n  ostr[" + str(G - 1) + "] = 1;\n";
  for (int k = G - 2; k >= 0; --k)
    ostr += "  ostr[" + str(k) + "] = ostr[" + str(k + 1) + "] * din[" + str(mperm[k + 1]) + "];\n";
  out.device = substitute(
      R"cuda(// ${name}: transpose [${perm}] (merged: [${mperm}]) in 32 x 32 tiles: a
// block (32 x 8 threads) reads a tile along the input's innermost dim (y),
// and writes it transposed along the output's (x). The padding column of
// the shared tile keeps the column reads free of bank conflicts.
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const ${T} *in = (const ${T} *)a.t[0].data;
  ${T} *out = (${T} *)a.t[1].data;
  __shared__ ${T} tile[32][33];
${merged}${ostr}  const int64_t X = din[${jx}], Y = din[${jy}]; // output / input innermost
  const int64_t xStride = istr[${jx}], yStride = ostr[${ky}];
${batch}  const int64_t tilesX = (X + 31) / 32, tilesY = (Y + 31) / 32;
  for (int64_t z = blockIdx.z; z < batch; z += gridDim.z) {
    int64_t rem = z, ibase = 0, obase = 0;
${decompose}    for (int64_t ty = blockIdx.y; ty < tilesY; ty += gridDim.y)
      for (int64_t tx = blockIdx.x; tx < tilesX; tx += gridDim.x) {
        const int64_t x0 = tx * 32, y0 = ty * 32;
        // Read: a warp reads 32 consecutive input elements (along y).
        for (int r = threadIdx.y; r < 32; r += 8) {
          const int64_t x = x0 + r, y = y0 + threadIdx.x;
          if (x < X && y < Y)
            tile[r][threadIdx.x] = in[ibase + x * xStride + y];
        }
        __syncthreads();
        // Write: a warp writes 32 consecutive output elements (along x).
        for (int r = threadIdx.y; r < 32; r += 8) {
          const int64_t y = y0 + r, x = x0 + threadIdx.x;
          if (x < X && y < Y)
            out[obase + y * yStride + x] = tile[threadIdx.x][r];
        }
        __syncthreads(); // the tile is rewritten by the next iteration
      }
  }
}
)cuda",
      {{"name", name},
       {"perm", permText},
       {"mperm", mpermText},
       {"T", T},
       {"merged", merged},
       {"ostr", ostr},
       {"jx", str(mperm[G - 1])},
       {"jy", str(G - 1)},
       {"ky", str(ky)},
       {"batch", batch},
       {"decompose", decompose}});
  out.plan = substitute(
      R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  const int64_t n = ${n}, X = ${X}, Y = ${Y};
  p->num_steps = 0;
  p->scratch_bytes = 0;
  if (n <= 0)
    return;
  const int64_t batch = n / (X * Y), tx = (X + 31) / 32, ty = (Y + 31) / 32;
  p->num_steps = 1;
  p->steps[0] = {"${name}",
                 {(uint32_t)(tx < (1 << 30) ? tx : (1 << 30)), (uint32_t)(ty < 65535 ? ty : 65535),
                  (uint32_t)(batch < 65535 ? batch : 65535)},
                 {32, 8, 1}};
}
)cuda",
      {{"name", name},
       {"n", hostNumel(o, 1)},
       {"X", hostMerged(mperm[G - 1])},
       {"Y", hostMerged(G - 1)}});
  return true;
}

//===----------------------------------------------------------------------===//
// Copy, Concat, Slice, UpdateSlice, Embedding
//===----------------------------------------------------------------------===//

bool emitCopy(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
              std::string &error) {
  if (!checkCounts(d, 1, 1, error))
    return false;
  const TensorDesc &in = d.inputs[0], &o = d.outputs[0];
  if (o.type != in.type)
    return fail(error, "the output type must be the input's");
  const std::string T = storageType(in.type);
  const int R = in.rank();
  std::string setup = "  const " + T + " *in = (const " + T + " *)a.t[0].data;\n  " + T + " *out = (" +
                      T + " *)a.t[1].data;\n";
  if (R == 0) {
    out.device = flatKernel(name, name + ": copy (reshape)", numelExpr(o, 1), setup,
                            "    out[i] = in[i];\n");
    out.plan = flatPlan(name, hostNumel(o, 1));
    return true;
  }
  // The input may be a strided view: dense -> flat copy, else a gather.
  setup += "  // A dense input (extent-1 dims aside) is copied flat; a strided view is\n"
           "  // read through its strides.\n"
           "  bool dense = true;\n  int64_t s = 1;\n";
  for (int k = R - 1; k >= 0; --k) {
    std::string dim = "a.t[0].dims[" + str(k) + "]", stride = "a.t[0].strides[" + str(k) + "]";
    setup += "  dense = dense && (" + dim + " == 1 || " + stride + " == s);\n";
    if (k > 0)
      setup += "  s *= " + dim + ";\n";
  }
  setup += "  if (dense) {\n    for (; i < n; i += step)\n      out[i] = in[i];\n    return;\n  }\n";
  std::vector<std::string> dims;
  std::string offset;
  for (int k = 0; k < R; ++k) {
    dims.push_back("a.t[0].dims[" + str(k) + "]");
    offset += (k ? " + " : "") + std::string("idx.c[") + str(k) + "] * a.t[0].strides[" + str(k) + "]";
  }
  setup += indexSetup(dims);
  out.device = flatKernel(name, name + ": copy (reshape): a dense output from a possibly strided input",
                          numelExpr(o, 1), setup, "    out[i] = in[" + offset + "];\n", ", idx.next()");
  out.plan = flatPlan(name, hostNumel(o, 1));
  return true;
}

bool emitConcat(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                std::string &error) {
  if (d.inputs.size() < 2)
    return fail(error, "expected 2 or more inputs, got " + str(int64_t(d.inputs.size())));
  if (!checkCounts(d, d.inputs.size(), d.inputs.size(), error))
    return false;
  const TensorDesc &o = d.outputs[0];
  const int rank = o.rank(), K = static_cast<int>(d.inputs.size());
  int64_t axis = d.getInt("axis", -1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    return fail(error, "axis " + str(d.getInt("axis", -1)) + " out of range for rank " + str(rank));
  for (const TensorDesc &t : d.inputs) {
    if (t.rank() != rank)
      return fail(error, "inputs must have the output's rank");
    if (t.type != o.type)
      return fail(error, "inputs must have the output's type");
  }
  const int ax = static_cast<int>(axis);
  const std::string T = storageType(o.type);
  // Input k and its column offset: a walk over the static indices (no
  // dynamic indexing into the kernel parameter).
  std::string pick = "  const " + T + " *in = (const " + T + " *)a.t[0].data;\n"
                     "  int64_t len = " + dimExpr(d.inputs[0], 0, ax) + ", offset = 0;\n";
  for (int k = 1; k < K; ++k)
    pick += "  if (k >= " + str(k) + ") {\n    offset += len;\n    in = (const " + T + " *)a.t[" +
            str(k) + "].data;\n    len = " + dimExpr(d.inputs[k], k, ax) + ";\n  }\n";
  out.device = substitute(
      R"cuda(// ${name}: concat of ${K} inputs along dim ${axis}. blockIdx.y picks the input,
// whose [outer, len * inner] slab fills columns [offset * inner, (offset +
// len) * inner) of the output's rows.
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const int k = blockIdx.y;
${pick}  ${T} *out = (${T} *)a.t[${K}].data;
  const int64_t outer = ${outer}, inner = ${inner}, outWidth = ${outLen} * inner;
  const int64_t width = len * inner, n = outer * width;
  const int64_t step = (int64_t)gridDim.x * blockDim.x;
  int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  asrc_data_index<2> idx;
  idx.dim[0] = outer;
  idx.dim[1] = width;
  idx.start(i, step);
  for (; i < n; i += step, idx.next())
    out[idx.c[0] * outWidth + offset * inner + idx.c[1]] = in[i];
}
)cuda",
      {{"name", name},
       {"K", str(K)},
       {"axis", str(ax)},
       {"pick", pick},
       {"T", T},
       {"outer", prodExpr(o, K, 0, ax)},
       {"inner", prodExpr(o, K, ax + 1, rank)},
       {"outLen", dimExpr(o, K, ax)}});
  std::string most = "  int64_t most = 0, m;\n";
  for (int k = 0; k < K; ++k)
    most += "  m = " + hostNumel(d.inputs[k], k) + ";\n  most = m > most ? m : most;\n";
  out.plan = substitute(
      R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
${most}  const int64_t blocks = (most + 255) / 256;
  p->num_steps = most > 0;
  p->scratch_bytes = 0;
  p->steps[0] = {"${name}", {(uint32_t)(blocks < 65536 ? blocks : 65536), ${K}, 1}, {256, 1, 1}};
}
)cuda",
      {{"name", name}, {"most", most}, {"K", str(K)}});
  return true;
}

bool emitSlice(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
               std::string &error) {
  if (!checkCounts(d, 1, 1, error))
    return false;
  const TensorDesc &in = d.inputs[0], &o = d.outputs[0];
  const int rank = in.rank();
  int64_t axis = d.getInt("axis", 0);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank || o.rank() != rank)
    return fail(error, "axis out of range or rank mismatch");
  const int64_t stepv = d.getInt("step", 1), start = d.getInt("start", 0);
  if (stepv == 0)
    return fail(error, "step must not be 0");
  if (o.type != in.type)
    return fail(error, "the output type must be the input's");
  const int ax = static_cast<int>(axis);
  const std::string T = storageType(o.type);
  std::string setup = "  const " + T + " *in = (const " + T + " *)a.t[0].data;\n  " + T +
                      " *out = (" + T + " *)a.t[1].data;\n  const int64_t inLen = " +
                      dimExpr(in, 0, ax) + ", inner = " + prodExpr(o, 1, ax + 1, rank) + ";\n" +
                      indexSetup({prodExpr(o, 1, 0, ax), dimExpr(o, 1, ax), "inner"});
  out.device = flatKernel(
      name,
      name + ": slice of dim " + str(ax) + ": element j is input element " + str(start) + " + " +
          str(stepv) + " * j",
      numelExpr(o, 1), setup,
      "    out[i] = in[(idx.c[0] * inLen + (" + str(start) + " + (" + str(stepv) +
          ") * idx.c[1])) * inner + idx.c[2]];\n",
      ", idx.next()");
  out.plan = flatPlan(name, hostNumel(o, 1));
  return true;
}

bool emitUpdateSlice(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                     std::string &error) {
  if (!checkCounts(d, 3, 3, error))
    return false;
  const TensorDesc &dest = d.inputs[0], &upd = d.inputs[1], &pos = d.inputs[2];
  const int rank = dest.rank();
  if (rank < 2)
    return fail(error, "dest: expected rank >= 2, got " + str(rank));
  if (upd.rank() != rank || d.outputs[0].rank() != rank || pos.rank() != 1)
    return fail(error, "expected dest [B,L,..], update [B,n,..] of one rank and position [B]");
  if (isFloatType(pos.type))
    return fail(error, "position must be integers");
  if (upd.type != dest.type || d.outputs[0].type != dest.type)
    return fail(error, "dest, update and the result must have one type");
  const std::string T = storageType(dest.type);
  out.device = substitute(
      R"cuda(// ${name}: dest [B, L, ..] with rows position[b] .. position[b] + n - 1 of
// utterance b replaced by update [B, n, ..] (rows outside [0, L) dropped).
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const ${T} *dest = (const ${T} *)a.t[0].data, *update = (const ${T} *)a.t[1].data;
  ${T} *out = (${T} *)a.t[3].data;
  const int64_t B = ${B}, L = ${L}, rows = ${rows}, inner = ${inner};
  const int64_t step = (int64_t)gridDim.x * blockDim.x;
  int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  asrc_data_index<3> idx;
  idx.dim[0] = B;
  if ((const void *)out == (const void *)dest) {
    // In place: dest already holds the result but for the updated rows.
    const int64_t n = B * rows * inner;
    if (i >= n)
      return;
    idx.dim[1] = rows;
    idx.dim[2] = inner;
    idx.start(i, step);
    for (; i < n; i += step, idx.next()) {
      const int64_t l = (int64_t)(int32_t)${pos} + idx.c[1];
      if (l >= 0 && l < L)
        out[(idx.c[0] * L + l) * inner + idx.c[2]] = update[i];
    }
    return;
  }
  const int64_t n = B * L * inner;
  if (i >= n)
    return;
  idx.dim[1] = L;
  idx.dim[2] = inner;
  idx.start(i, step);
  for (; i < n; i += step, idx.next()) {
    const int64_t l = idx.c[1] - (int64_t)(int32_t)${pos};
    out[i] = l >= 0 && l < rows ? update[(idx.c[0] * rows + l) * inner + idx.c[2]] : dest[i];
  }
}
)cuda",
      {{"name", name},
       {"T", T},
       {"B", dimExpr(dest, 0, 0)},
       {"L", dimExpr(dest, 0, 1)},
       {"rows", dimExpr(upd, 1, 1)},
       {"inner", prodExpr(dest, 0, 2, rank)},
       {"pos", load(pos.type, "a.t[2].data", "idx.c[0]")}});
  out.plan = flatPlan(name, "a->t[3].data == a->t[0].data ? " + hostNumel(upd, 1) + " : " +
                                hostNumel(dest, 0));
  return true;
}

bool emitEmbedding(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                   std::string &error) {
  if (!checkCounts(d, 2, 2, error))
    return false;
  const TensorDesc &tok = d.inputs[0], &table = d.inputs[1], &o = d.outputs[0];
  if (table.rank() != 2 || o.rank() != tok.rank() + 1)
    return fail(error, "expected tokens [..], table [V,D], result [..,D]");
  if (isFloatType(tok.type))
    return fail(error, "tokens must be integers");
  if (o.type != table.type)
    return fail(error, "the result must have the table's type");
  const std::string T = storageType(o.type);
  std::string setup = "  const " + T + " *table = (const " + T + " *)a.t[1].data;\n  " + T +
                      " *out = (" + T + " *)a.t[2].data;\n  const int64_t V = " +
                      dimExpr(table, 1, 0) + ", D = " + dimExpr(table, 1, 1) + ";\n" +
                      indexSetup({numelExpr(tok, 0), "D"});
  std::string body = "    // Ids are clamped for memory safety (the runtime rejects bad ids).\n"
                     "    int64_t id = (int64_t)(int32_t)" +
                     load(tok.type, "a.t[0].data", "idx.c[0]") +
                     ";\n    id = id < 0 ? 0 : id >= V ? V - 1 : id;\n"
                     "    out[i] = table[id * D + idx.c[1]];\n";
  out.device = flatKernel(name, name + ": embedding: row tokens[r] of the table for each token r",
                          numelExpr(o, 2), setup, body, ", idx.next()");
  out.plan = flatPlan(name, hostNumel(o, 2));
  return true;
}

//===----------------------------------------------------------------------===//
// Positions, SubsampleLengths
//===----------------------------------------------------------------------===//

/// x [B,T,D] or [T,D] [, offset [B]] with `base` inputs before the offset.
bool checkPositionShapes(const KernelDesc &d, size_t base, std::string &error) {
  bool off = d.getInt("has_offset", 0) != 0;
  if (!checkCounts(d, base + off, base + off, error))
    return false;
  const TensorDesc &x = d.inputs[0];
  if (x.rank() < 2 || x.rank() > 3 || d.outputs[0].rank() != x.rank())
    return fail(error, "expected x [B,T,D] or [T,D] and a result of its shape");
  if (off && (x.rank() != 3 || d.inputs[base].rank() != 1))
    return fail(error, "has_offset needs x [B,T,D] and an offset [B]");
  if (off && isFloatType(d.inputs[base].type))
    return fail(error, "the offset must be integers");
  return true;
}

/// The position of the element at idx: offset[b] + t (or t).
std::string positionExpr(const KernelDesc &d, size_t offsetInput) {
  int rank = d.inputs[0].rank();
  std::string t = "idx.c[" + str(rank - 2) + "]";
  if (!d.getInt("has_offset", 0))
    return t;
  return "(int64_t)(int32_t)" +
         load(d.inputs[offsetInput].type, "a.t[" + str(int64_t(offsetInput)) + "].data", "idx.c[0]") +
         " + " + t;
}

std::vector<std::string> outputDims(const TensorDesc &t, int idx) {
  std::vector<std::string> dims;
  for (int k = 0; k < t.rank(); ++k)
    dims.push_back(dimExpr(t, idx, k));
  return dims;
}

bool emitSinusoidal(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                    std::string &error) {
  if (!checkPositionShapes(d, 1, error))
    return false;
  const TensorDesc &x = d.inputs[0], &o = d.outputs[0];
  const int rank = x.rank(), outIdx = static_cast<int>(d.inputs.size());
  const bool whisper = d.getInt("concat_style", 0) != 0;
  const int64_t D = x.dims[rank - 1];
  std::string table, inv, isCos;
  const std::string ch = "idx.c[" + str(rank - 1) + "]";
  if (D > 0) {
    if (D % 2)
      return fail(error, "D must be even, got " + str(D));
    // Static D: the inverse timescales in double, as the Halide kernel's table.
    int64_t half = D / 2;
    table = "static __device__ const double " + name + "_inv_timescale[" + str(D) + "] = {";
    for (int64_t c = 0; c < D; ++c) {
      double i = whisper ? double(c % half) : double(c - c % 2);
      double v = whisper ? std::exp(-std::log(10000.0) * i / double(std::max<int64_t>(half - 1, 1)))
                         : std::exp(-std::log(10000.0) * i / double(D));
      table += (c % 4 ? " " : "\n    ") + doubleLiteral(v) + ",";
    }
    table += "};\n";
    inv = "    const double inv = " + name + "_inv_timescale[c];\n";
    isCos = whisper ? "c >= " + str(half) : "(int)(c & 1)";
  } else {
    std::string dim = "a.t[0].dims[" + str(rank - 1) + "]";
    const std::string lnTimescale = "-" + doubleLiteral(std::log(10000.0)); // -ln(10000)
    inv = whisper ? "    const int64_t half = " + dim + " / 2;\n    const double inv = exp(" +
                        lnTimescale +
                        " * (double)(c >= half ? c - half : c) / (double)(half - 1 > 1 ? half - 1 : 1));\n"
                  : "    const double inv = exp(" + lnTimescale + " * (double)(c - c % 2) / (double)" +
                        dim + ");\n";
    isCos = whisper ? "c >= half" : "(int)(c & 1)";
  }
  std::string body = "    const int64_t c = " + ch + ", pos = " + positionExpr(d, 1) + ";\n" + inv +
                     "    const float pe = asrc_data_sin_quadrant((double)pos * inv, " + isCos +
                     " ? 1 : 0);\n    " +
                     store(o.type, "a.t[" + str(outIdx) + "].data", "i",
                           "(float)" + load(x.type, "a.t[0].data", "i") + " + pe") +
                     "\n";
  out.device = table + flatKernel(name,
                                  name + ": x + the sinusoidal encoding of position " +
                                      (d.getInt("has_offset", 0) ? "offset[b] + t" : "t") +
                                      (whisper ? " (sin | cos halves)" : " (interleaved sin, cos)"),
                                  numelExpr(o, outIdx), indexSetup(outputDims(o, outIdx)), body,
                                  ", idx.next()");
  out.plan = flatPlan(name, hostNumel(o, outIdx));
  return true;
}

bool emitLearned(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                 std::string &error) {
  if (!checkPositionShapes(d, 2, error))
    return false;
  const TensorDesc &x = d.inputs[0], &table = d.inputs[1], &o = d.outputs[0];
  if (table.rank() != 2)
    return fail(error, "expected table [N, D]");
  const int rank = x.rank(), outIdx = static_cast<int>(d.inputs.size());
  std::string setup = indexSetup(outputDims(o, outIdx)) + "  const int64_t N = " +
                      dimExpr(table, 1, 0) + ", D = " + dimExpr(table, 1, 1) + ";\n";
  std::string body =
      "    // Clamped for memory safety; positions past N are a run-time error.\n"
      "    int64_t row = " + positionExpr(d, 2) + ";\n    row = row < 0 ? 0 : row >= N ? N - 1 : row;\n    " +
      store(o.type, "a.t[" + str(outIdx) + "].data", "i",
            "(float)" + load(x.type, "a.t[0].data", "i") + " + (float)" +
                load(table.type, "a.t[1].data", "row * D + idx.c[" + str(rank - 1) + "]")) +
      "\n";
  out.device = flatKernel(name, name + ": x + table[position]", numelExpr(o, outIdx), setup, body,
                          ", idx.next()");
  out.plan = flatPlan(name, hostNumel(o, outIdx));
  return true;
}

bool emitSubsampleLengths(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                          std::string &error) {
  if (!checkCounts(d, 1, 1, error))
    return false;
  const TensorDesc &t = d.inputs[0], &o = d.outputs[0];
  if (isFloatType(t.type))
    return fail(error, "lengths must be integers");
  int64_t k = d.getInt("kernel", 1), s = d.getInt("stride", 1), p = d.getInt("padding", 0),
          dil = d.getInt("dilation", 1);
  if (k < 1 || s < 1 || dil < 1 || p < 0)
    return fail(error, "kernel, stride, dilation must be >= 1 and padding >= 0");
  const int64_t shift = 2 * p - dil * (k - 1) - 1;
  std::string value = "asrc_data_div((int64_t)" + load(t.type, "a.t[0].data", "i") + " + (" +
                      str(shift) + "), " + str(s) + ") + 1";
  std::string body = "    const int64_t len = " + value + ";\n    " +
                     store(o.type, "a.t[1].data", "i", "len > 0 ? len : 0") + "\n";
  out.device = flatKernel(name,
                          name + ": lengths after a conv (kernel " + str(k) + ", stride " + str(s) +
                              ", padding " + str(p) + ", dilation " + str(dil) + ")",
                          numelExpr(o, 1), "", body);
  out.plan = flatPlan(name, hostNumel(o, 1));
  return true;
}

//===----------------------------------------------------------------------===//
// LogMel
//===----------------------------------------------------------------------===//

using kernels::LogMelParams;

/// `values` as the body of a C array initializer, 6 per line.
std::string arrayBody(const std::vector<std::string> &values) {
  std::string s;
  for (size_t i = 0; i < values.size(); ++i)
    s += (i % 6 ? " " : "\n    ") + values[i] + ",";
  return s;
}

bool emitLogMel(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                std::string &error) {
  LogMelParams p;
  if (!kernels::logMelParams(d, p, error))
    return false;
  // Kaldi's frames and DFT in double (its log has no floor: quiet bands sit
  // 90+ dB under a frame's peak), whisper's in f32: the Halide defaults.
  const bool f64 = p.kaldi;
  const std::string real = f64 ? "double" : "float";
  auto lit = [&](double v) { return f64 ? doubleLiteral(v) : floatLiteral(v); };
  const int64_t N = p.nFft, bins = p.bins();
  int levels = 0;
  while ((N >> levels) % 2 == 0)
    ++levels;
  const int64_t M = N >> levels; // odd: the direct DFTs' length

  // Frames per block: the most (up to 8) whose shared memory fits.
  const int64_t rs = f64 ? 8 : 4;
  auto sharedBytes = [&](int64_t ft) {
    return 2 * N * rs + 4 * ft * N * rs + ft * bins * 4 + (p.kaldi ? ft * 33 * rs : 128);
  };
  int64_t ft = 8;
  while (ft > 1 && sharedBytes(ft) > 46 * 1024)
    ft /= 2;
  if (sharedBytes(ft) > 46 * 1024)
    return fail(error, "n_fft " + str(N) + " needs " + str(sharedBytes(1)) +
                           " bytes of shared memory (at most 47104): too large for the CUDA kernel");

  // Host tables: window (zero outside its taps), twiddles, sparse filterbank.
  std::vector<double> taps = kernels::logMelWindow(p);
  std::vector<std::string> window, twCos, twSin;
  for (int64_t n = 0; n < N; ++n) {
    int64_t k = n - p.offset();
    window.push_back(lit(k >= 0 && k < p.win ? taps[k] : 0.0));
    double ang = 2 * M_PI * double(n) / double(N);
    twCos.push_back(lit(std::cos(ang)));
    twSin.push_back(lit(std::sin(ang)));
  }
  std::vector<std::vector<double>> mel = kernels::logMelFilterbank(p);
  std::vector<std::string> melLo, melLen, melOff, melW;
  int64_t total = 0;
  for (int64_t m = 0; m < p.nMels; ++m) {
    int64_t first = -1, last = -1;
    for (int64_t f = 0; f < bins; ++f)
      if (mel[m][f] != 0) {
        first = first < 0 ? f : first;
        last = f;
      }
    int64_t len = first < 0 ? 0 : last - first + 1;
    melLo.push_back(str(first < 0 ? 0 : first));
    melLen.push_back(str(len));
    melOff.push_back(str(total));
    for (int64_t f = first; len > 0 && f <= last; ++f)
      melW.push_back(floatLiteral(float(mel[m][f])));
    total += len;
  }
  if (melW.empty())
    melW.push_back("0.0f");

  const int outIdx = p.hasLengths ? 2 : 1;
  std::string lenExpr = "N";
  if (p.hasLengths)
    lenExpr = "(int64_t)(int32_t)" + load(d.inputs[1].type, "a.t[1].data", "b") +
              ";\n    len = len < 0 ? 0 : len > N ? N : len";
  // valid frames: the utterance's, at most the buffer's.
  std::string framesOf =
      p.kaldi ? "[](int64_t l) { return l >= kWin ? (l - kWin) / kHop + 1 : (int64_t)0; }"
              : "[](int64_t l) { return (l > 0 ? l : 0) / kHop; }";
  std::string validCode =
      "    int64_t len = " + lenExpr + ";\n"
      "    const auto framesOf = " + framesOf + ";\n"
      "    const int64_t valid = framesOf(len) < framesOf(N) ? framesOf(len) : framesOf(N);\n";

  std::string frames;
  const std::string frameBuf = M == 1 ? "1" : "0";
  if (!p.kaldi) {
    frames = substitute(R"cuda(    // 1. Frames: centred (sample t * hop + n - n_fft / 2), reflected at the
    //    utterance's length, windowed.
    for (int i = tid; i < kFrames * kFft; i += blockDim.x) {
      const int t = i / kFft, n = i - t * kFft;
      int64_t s = (t0 + t) * kHop + n - kFft / 2;
      if (s < 0 || s >= len)
        s = s < 0 ? -s : 2 * (len - 1) - s;
      s = s < 0 ? 0 : s >= N ? N - 1 : s;
      re[${buf}][i] = (${real})xb[s] * (${scale} * ${name}_window[n]);${zeroIm}
    }
    __syncthreads();
)cuda",
                        {{"buf", frameBuf},
                         {"real", real},
                         {"scale", lit(p.scale)},
                         {"name", name},
                         {"zeroIm", M == 1 ? "\n      im[1][i] = 0;" : ""}});
  } else {
    frames = substitute(R"cuda(    // 1. Frames (snip edges: samples t * hop .. + win): the DC offset removed,
    //    pre-emphasis, the window, zero past win. The mean: 32 partial sums
    //    per frame (warp t), then one serial sum (deterministic).
    const auto sample = [&](int64_t s) {
      return (${real})xb[s < 0 ? 0 : s >= N ? N - 1 : s] * ${scale};
    };
    {
      const int t = tid >> 5, lane = tid & 31;
      if (t < kFrames) {
        ${real} acc = 0;
        for (int j = lane; j < kWin; j += 32)
          acc += sample((t0 + t) * kHop + j);
        partial[t][lane] = acc;
      }
    }
    __syncthreads();
    if (tid < kFrames) {
      ${real} acc = 0;
      for (int l = 0; l < 32; ++l)
        acc += partial[tid][l];
      mean[tid] = acc * ${invWin};
    }
    __syncthreads();
    for (int i = tid; i < kFrames * kFft; i += blockDim.x) {
      const int t = i / kFft, n = i - t * kFft;
      ${real} y = 0;
      if (n < kWin) {
        const int64_t s0 = (t0 + t) * kHop;
        const ${real} mu = mean[t];
        y = ((sample(s0 + n) - mu) - ${preemph} * (sample(s0 + (n > 0 ? n - 1 : 0)) - mu)) *
            ${name}_window[n];
      }
      re[${buf}][i] = y;${zeroIm}
    }
    __syncthreads();
)cuda",
                        {{"buf", frameBuf},
                         {"real", real},
                         {"scale", lit(p.scale)},
                         {"invWin", lit(1.0 / double(p.win))},
                         {"preemph", lit(p.preemph)},
                         {"name", name},
                         {"zeroIm", M == 1 ? "\n      im[1][i] = 0;" : ""}});
  }

  std::string dft;
  if (M > 1)
    dft = substitute(R"cuda(    // 2. Direct DFTs of length kM (the odd factor of n_fft) of the kSeqs
    //    decimated sequences x[kSeqs m + r]; sequence r's bins at r * kM.
    for (int i = tid; i < kFrames * kFft; i += blockDim.x) {
      const int t = i / kFft, j = i - t * kFft, r = j / kM, f = j - r * kM;
      const ${real} *seq = re[0] + t * kFft + r;
      const int angleStep = (kSeqs * f) % kFft; // W_M^(m f) = W_N^(kSeqs m f)
      int angle = 0;
      ${real} sr = 0, si = 0;
      for (int m = 0; m < kM; ++m) {
        sr += seq[kSeqs * m] * twCos[angle];
        si -= seq[kSeqs * m] * twSin[angle];
        angle += angleStep;
        if (angle >= kFft)
          angle -= kFft;
      }
      re[1][i] = sr;
      im[1][i] = si;
    }
    __syncthreads();
)cuda",
                     {{"real", real}});
  else
    dft = "    // 2. (n_fft is a power of two: the frames are the length-1 DFTs.)\n";

  std::string melStore, melMax;
  if (p.kaldi) {
    melStore = "      const float v = logf(fmaxf(e, " + floatLiteral(FLT_EPSILON) + "));\n"
               "      if (tg < T)\n"
               "        out[(b * T + tg) * kMels + m] = tg < valid ? v : 0.0f;\n";
  } else {
    melStore = "      const float v = logf(fmaxf(e, " + floatLiteral(1e-10) + ")) * " +
               floatLiteral(1.0 / std::log(10.0)) + ";\n"
               "      if (tg < T)\n"
               "        out[(b * T + tg) * kMels + m] = v; // normalised by " + name + "_norm\n"
               "      if (tg < valid)\n"
               "        vmax = fmaxf(vmax, v);\n";
    melMax = substitute(R"cuda(    // The block's max over its valid frames, for the utterance's max.
    vmax = asrc_block_max(vmax, red);
    if (tid == 0)
      ((float *)a.scratch)[b * gridDim.x + blockIdx.x] = vmax;
)cuda",
                        {});
  }

  std::string device = substitute(
      R"cuda(// ${name}: log-mel features, ${style} (codegen/halide/KernelsFrontEnd.cpp).
// Block (tile of ${ft} frames, utterance), 256 threads: frames -> FFT of
// n_fft = ${M} x 2^${levels} in ${real} -> power -> sparse mel filterbank -> log.
static __device__ const ${real} ${name}_window[${N}] = {${window}};
// cos, sin(2 pi j / n_fft)
static __device__ const ${real} ${name}_cos[${N}] = {${cos}};
static __device__ const ${real} ${name}_sin[${N}] = {${sin}};
// Mel m: weights ${name}_mel_w[off[m] ..] for bins lo[m] .. lo[m] + len[m] - 1.
static __device__ const int ${name}_mel_lo[${nMels}] = {${melLo}};
static __device__ const int ${name}_mel_len[${nMels}] = {${melLen}};
static __device__ const int ${name}_mel_off[${nMels}] = {${melOff}};
static __device__ const float ${name}_mel_w[${nW}] = {${melW}};

ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  constexpr int kFft = ${N}, kM = ${M}, kSeqs = kFft / kM, kLevels = ${levels}, kBins = kFft / 2 + 1;
  constexpr int kFrames = ${ft}, kMels = ${nMels}, kHop = ${hop}, kWin = ${win};
  (void)kWin;
  __shared__ ${real} twCos[kFft], twSin[kFft];
  // Two complex buffers of kFrames frames (ping-pong between FFT steps).
  __shared__ ${real} re[2][kFrames * kFft], im[2][kFrames * kFft];
  __shared__ float power[kFrames * kBins];
${extraShared}  const float *x = (const float *)a.t[0].data;
  float *out = (float *)a.t[${outIdx}].data;
  const int64_t B = a.t[0].dims[0], N = a.t[0].dims[1], T = a.t[${outIdx}].dims[1];
  const int tid = threadIdx.x;
  for (int i = tid; i < kFft; i += blockDim.x) {
    twCos[i] = ${name}_cos[i];
    twSin[i] = ${name}_sin[i];
  }
  for (int64_t b = blockIdx.y; b < B; b += gridDim.y) {
    const int64_t t0 = (int64_t)blockIdx.x * kFrames;
    const float *xb = x + b * N;
${valid}
${frames}
${dft}
    // 3. Radix-2 steps (decimation in time): the DFTs E, O of sequences r
    //    and r + half (length len) give X(f) = E(f) + W^f O(f) and
    //    X(f + len) = E(f) - W^f O(f) of a sequence of length 2 len.
    int p = 1;
    for (int s = 1; s < kLevels; ++s) {
      const int len = kM << (s - 1), half = kSeqs >> s;
      for (int i = tid; i < kFrames * (kFft / 2); i += blockDim.x) {
        const int t = i / (kFft / 2), j = i - t * (kFft / 2);
        const int r = (j >> (s - 1)) / kM, f = j - r * len;
        const int e = t * kFft + r * len + f, o = e + half * len, dst = t * kFft + 2 * r * len + f;
        const ${real} c = twCos[f * half], sn = twSin[f * half]; // W^f = c - i sn
        const ${real} wr = c * re[p][o] + sn * im[p][o], wi = c * im[p][o] - sn * re[p][o];
        re[p ^ 1][dst] = re[p][e] + wr;
        im[p ^ 1][dst] = im[p][e] + wi;
        re[p ^ 1][dst + len] = re[p][e] - wr;
        im[p ^ 1][dst + len] = im[p][e] - wi;
      }
      __syncthreads();
      p ^= 1;
    }
    // 4. The last step, straight to the power of bins [0, n_fft / 2]
    //    (bin n_fft / 2 = E(0) - O(0)).
    for (int i = tid; i < kFrames * kBins; i += blockDim.x) {
      const int t = i / kBins, f = i - t * kBins;
      const bool nyquist = f == kFft / 2;
      const int e = t * kFft + (nyquist ? 0 : f), o = e + kFft / 2;
      const ${real} c = nyquist ? 1 : twCos[f], sn = nyquist ? 0 : twSin[f];
      const ${real} wr = c * re[p][o] + sn * im[p][o], wi = c * im[p][o] - sn * re[p][o];
      const ${real} xr = nyquist ? re[p][e] - wr : re[p][e] + wr;
      const ${real} xi = nyquist ? im[p][e] - wi : im[p][e] + wi;
      power[i] = (float)(xr * xr + xi * xi);
    }
    __syncthreads();
    // 5. Mel filterbank (each mel reads only its triangle's bins), log.
${vmax}    for (int i = tid; i < kFrames * kMels; i += blockDim.x) {
      const int t = i / kMels, m = i - t * kMels;
      const float *pw = power + t * kBins + ${name}_mel_lo[m], *w = ${name}_mel_w + ${name}_mel_off[m];
      float e = 0.0f;
      for (int j = 0; j < ${name}_mel_len[m]; ++j)
        e += w[j] * pw[j];
      const int64_t tg = t0 + t;
${melStore}    }
${melMax}    __syncthreads(); // shared memory is reused by the next utterance
  }
}
)cuda",
      {{"name", name},
       {"style", p.kaldi ? "kaldi" : "whisper"},
       {"ft", str(ft)},
       {"M", str(M)},
       {"levels", str(levels)},
       {"real", real},
       {"N", str(N)},
       {"window", arrayBody(window)},
       {"cos", arrayBody(twCos)},
       {"sin", arrayBody(twSin)},
       {"nMels", str(p.nMels)},
       {"melLo", arrayBody(melLo)},
       {"melLen", arrayBody(melLen)},
       {"melOff", arrayBody(melOff)},
       {"nW", str(int64_t(melW.size()))},
       {"melW", arrayBody(melW)},
       {"hop", str(p.hop)},
       {"win", str(p.win)},
       {"extraShared", p.kaldi ? "  __shared__ " + real + " partial[kFrames][32], mean[kFrames];\n"
                               : "  __shared__ float red[32];\n"},
       {"outIdx", str(outIdx)},
       {"valid", validCode},
       {"frames", frames},
       {"dft", dft},
       {"vmax", p.kaldi ? "" : "    float vmax = " + floatLiteral(-FLT_MAX) + ";\n"},
       {"melStore", melStore},
       {"melMax", melMax}});

  std::string plan2;
  if (!p.kaldi) {
    device += substitute(
        R"cuda(
// ${name}_norm: whisper's normalisation, (max(x, max_over_utterance - 8) + 4) / 4,
// frames past the utterance's valid ones 0. Each block reduces the
// utterance's per-tile maxima (scratch), then rescales its chunk in place.
ASRC_KERNEL void __launch_bounds__(256) ${name}_norm(asrc_cu_args a) {
  constexpr int kFrames = ${ft}, kMels = ${nMels}, kHop = ${hop};
  __shared__ float red[32];
  float *out = (float *)a.t[${outIdx}].data;
  const float *tileMax = (const float *)a.scratch;
  const int64_t B = a.t[0].dims[0], N = a.t[0].dims[1], T = a.t[${outIdx}].dims[1];
  const int64_t tiles = (T + kFrames - 1) / kFrames;
  for (int64_t b = blockIdx.y; b < B; b += gridDim.y) {
${valid}    float m = ${lowest};
    for (int64_t i = threadIdx.x; i < tiles; i += blockDim.x)
      m = fmaxf(m, tileMax[b * tiles + i]);
    const float floor8 = asrc_block_max(m, red) - 8.0f;
    float *o = out + b * T * kMels;
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < T * kMels;
         e += (int64_t)gridDim.x * blockDim.x)
      o[e] = e / kMels < valid ? (fmaxf(o[e], floor8) + 4.0f) * 0.25f : 0.0f;
  }
}
)cuda",
        {{"name", name},
         {"ft", str(ft)},
         {"nMels", str(p.nMels)},
         {"hop", str(p.hop)},
         {"outIdx", str(outIdx)},
         {"valid", validCode},
         {"lowest", floatLiteral(-FLT_MAX)}});
    plan2 = substitute(R"cuda(  // Whisper: the per-tile maxima, then the normalisation.
  const int64_t chunks = (T * ${nMels} + 4095) / 4096;
  p->scratch_bytes = (size_t)(B * tiles) * sizeof(float);
  p->steps[1] = {"${name}_norm", {(uint32_t)(chunks < 65536 ? chunks : 65536), gy, 1}, {256, 1, 1}};
  p->num_steps = 2;
)cuda",
                       {{"name", name}, {"nMels", str(p.nMels)}});
  }
  out.device = device;
  out.plan = substitute(
      R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  const int64_t B = a->t[${outIdx}].dims[0], T = a->t[${outIdx}].dims[1];
  p->num_steps = 0;
  p->scratch_bytes = 0;
  if (B <= 0 || T <= 0 || a->t[0].dims[1] <= 0)
    return;
  const int64_t tiles = (T + ${ft} - 1) / ${ft};
  const uint32_t gy = (uint32_t)(B < 65535 ? B : 65535);
  p->steps[0] = {"${name}", {(uint32_t)tiles, gy, 1}, {256, 1, 1}};
  p->num_steps = 1;
${plan2}}
)cuda",
      {{"name", name}, {"outIdx", str(outIdx)}, {"ft", str(ft)}, {"plan2", plan2}});
  return true;
}

} // namespace

std::string dataPrelude() { return kDataPrelude; }

bool emitDataKernel(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                    std::string &error) {
  switch (desc.kind) {
  case KernelKind::Unary:
  case KernelKind::Scale:
    return emitElementwiseUnary(desc, name, out, error);
  case KernelKind::Binary:
    return emitBinary(desc, name, out, error);
  case KernelKind::Transpose:
    return emitTranspose(desc, name, out, error);
  case KernelKind::Copy:
    return emitCopy(desc, name, out, error);
  case KernelKind::Concat:
    return emitConcat(desc, name, out, error);
  case KernelKind::Slice:
    return emitSlice(desc, name, out, error);
  case KernelKind::UpdateSlice:
    return emitUpdateSlice(desc, name, out, error);
  case KernelKind::Embedding:
    return emitEmbedding(desc, name, out, error);
  case KernelKind::SinusoidalPosition:
    return emitSinusoidal(desc, name, out, error);
  case KernelKind::LearnedPosition:
    return emitLearned(desc, name, out, error);
  case KernelKind::SubsampleLengths:
    return emitSubsampleLengths(desc, name, out, error);
  case KernelKind::LogMel:
    return emitLogMel(desc, name, out, error);
  default:
    error = std::string("no CUDA kernel for ") + kernels::kindName(desc.kind) + " in the data family";
    return false;
  }
}

} // namespace asr::cuda

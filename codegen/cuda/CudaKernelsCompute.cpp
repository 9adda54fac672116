//===- CudaKernelsCompute.cpp - CUDA kernels of the compute family --------===//
//
// The compute kinds, with the semantics of codegen/halide/KernelsCompute.cpp
// (masks, broadcasting, defaults); every float computed in f32, f16 / bf16
// converted on load and store. 256-thread blocks throughout; loops over
// blocks are grid-stride with block-uniform trip counts (barriers and warp
// shuffles are reached by every thread).
//
// GEMM family (Matmul, ScoreDot, WeightedSum, dense Conv1D):
//   a 64 x 64 output tile per block, K in steps of 16 through shared memory
//   (As[k][m], Bs[k][n], padded to 65 columns). Thread (ty, tx) of 16 x 16
//   owns the 4 x 4 micro-tile of rows ty + 16 i and columns tx + 16 j:
//   shared reads are broadcasts or consecutive words, stores coalesce. The
//   next K tile is fetched into registers while the current one is
//   multiplied. Tile loads map consecutive threads along whichever of the
//   two tile dims is contiguous in memory. Tails are zero-filled on load
//   and guarded on store. Batch items (leading dims, broadcast from the
//   right) run over grid.z; a rank-2 weight with an untransposed lhs folds
//   the batch into the rows. Dense Conv1D is an implicit GEMM: rows = output
//   steps, columns = the group's output channels, the reduction over (tap,
//   input channel), the input window gathered straight into the A tile.
//   Matmul epilogue (CUDA only): ints bias = 1 adds an extra input bias [N],
//   `fn` applies an activation, ints residual = 1 adds a further input of
//   the output's shape: out = act(lhs @ rhs + bias) + residual.
// GEMV (Matmul with a small M, the decoder step): every weight element is
//   read once per call for up to 8 rows. Weight [N, K] (transpose_rhs): a
//   warp per output column, lanes along k, a shuffle sum per row. Weight
//   [K, N]: 64 columns x 4 k-slices per block, partial sums combined in
//   shared memory.
// Row kinds (LayerNorm, Softmax, LogSoftmax over the last axis): a warp per
//   row (8 rows per block) when the static row length is <= 1024, else the
//   block per row; a static row length keeps the row in registers (one
//   global read), a dynamic one re-reads it (L1/L2).
// LogSoftmax over an outer axis, Reduce keeping the innermost dim: a thread
//   per output column, reading consecutive columns per warp. Reduce over the
//   innermost dim: a warp per output.
// Depthwise Conv1D: 32 channels x 8 thread rows per block, a tile of output
//   steps; the zero-padded input window and the taps in shared memory.
// Conv2D: direct, a thread per output pixel, grid.y over output channels
//   (weights uniform across the block), grid.z over the batch.
// ScoreAdditive: a tile of TI queries x TJ keys (TI * TJ = 256) per block,
//   the attention dim in chunks of 32 through shared memory.
//
//===----------------------------------------------------------------------===//

#include "codegen/cuda/CudaKernelsInternal.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace asr::cuda {

std::string computePrelude() {
  return R"cuda(
// --- asrc compute-family helpers ---
#define ASRC_LOWEST_F32 (-3.40282347e+38f) // -FLT_MAX: the max reductions' identity
)cuda";
}

namespace {

//===----------------------------------------------------------------------===//
// Generator helpers
//===----------------------------------------------------------------------===//

struct Fail : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const KernelDesc &d, const std::string &why) {
  throw Fail(std::string(kernels::kindName(d.kind)) + ": " + why);
}

std::string str(int64_t v) { return std::to_string(v); }

bool isFloat(ElemType t) {
  return t == ElemType::F32 || t == ElemType::F16 || t == ElemType::BF16;
}

void requireCounts(const KernelDesc &d, size_t lo, size_t hi) {
  if (d.inputs.size() < lo || d.inputs.size() > hi)
    fail(d, "expected " + str(lo) + (lo == hi ? "" : ".." + str(hi)) + " inputs, got " +
                str(d.inputs.size()));
  if (d.outputs.size() != 1)
    fail(d, "expected 1 output, got " + str(d.outputs.size()));
  if (!isFloat(d.outputs[0].type))
    fail(d, "the output must be a float tensor");
}

void requireFloatInput(const KernelDesc &d, size_t i, const char *what) {
  if (!isFloat(d.inputs[i].type))
    fail(d, std::string(what) + " must be a float tensor");
}

void requireRank(const KernelDesc &d, const TensorDesc &t, int lo, int hi, const char *what) {
  if (t.rank() < lo || t.rank() > hi)
    fail(d, std::string(what) + " has rank " + str(t.rank()) + ", expected " + str(lo) +
                (lo == hi ? "" : ".." + str(hi)));
}

/// The plan's (host) form of dimExpr: "a->t[i].dims[d]" or the static extent.
std::string hostDim(const TensorDesc &t, int idx, int d) {
  std::string e = dimExpr(t, idx, d);
  if (e.rfind("a.t[", 0) == 0)
    e = "a->t[" + e.substr(4);
  return e;
}

/// The product of dims [lo, hi) of tensor `idx` as an int64_t C expression,
/// static extents folded ("(int64_t)1" when empty).
std::string dimProduct(const TensorDesc &t, int idx, int lo, int hi, bool host = false) {
  int64_t c = 1;
  std::vector<std::string> terms;
  for (int d = lo; d < hi; ++d) {
    if (t.dims[d] >= 0)
      c *= t.dims[d];
    else
      terms.push_back(host ? hostDim(t, idx, d) : dimExpr(t, idx, d));
  }
  if (terms.empty())
    return "(int64_t)" + str(c);
  std::string s = c != 1 ? "(int64_t)" + str(c) : "";
  for (const std::string &e : terms)
    s += (s.empty() ? "" : " * ") + e;
  return terms.size() == 1 && c == 1 ? s : "(" + s + ")";
}

/// Re-indents every line of `text` by `n` spaces (empty lines stay empty).
std::string indent(const std::string &text, int n) {
  std::string pad(n, ' '), out;
  size_t i = 0;
  while (i < text.size()) {
    size_t e = text.find('\n', i);
    std::string line = text.substr(i, e == std::string::npos ? std::string::npos : e - i);
    if (!line.empty())
      out += pad + line;
    out += "\n";
    if (e == std::string::npos)
      break;
    i = e + 1;
  }
  return out;
}

std::string tensorData(int idx) { return "a.t[" + str(idx) + "].data"; }

/// The f32 expression of epilogue activation `fn` on `x` ("" = identity).
std::string activation(const KernelDesc &d, const std::string &fn, const std::string &x) {
  if (fn.empty())
    return x;
  static const std::vector<std::pair<std::string, std::string>> table = {
      {"relu", "fmaxf(${x}, 0.0f)"},       {"gelu", "asrc_gelu(${x})"},
      {"gelu_tanh", "asrc_gelu_tanh(${x})"}, {"silu", "asrc_silu(${x})"},
      {"tanh", "tanhf(${x})"},               {"sigmoid", "asrc_sigmoid(${x})"}};
  for (const auto &[name, tmpl] : table)
    if (name == fn)
      return substitute(tmpl, {{"x", x}});
  fail(d, "unknown epilogue activation '" + fn +
              "' (expected relu, gelu, gelu_tanh, silu, tanh or sigmoid)");
}

/// An operand whose leading dims broadcast against the output's batch dims.
struct BatchOperand {
  const TensorDesc *t;
  int idx;             ///< tensor index in a.t[]
  std::string offset;  ///< the int64_t variable receiving its offset
};

/// Statements declaring each operand's element offset for batch item `z`
/// (flat over the output's first `nb` dims). Operand dims are right-aligned
/// with the output's; a dim of extent 1 (static, or at run time) is read at
/// 0. Batch-independent integer work: run once per batch item.
std::string batchOffsets(const TensorDesc &out, int outIdx, int nb,
                         const std::vector<BatchOperand> &ops, const std::string &z) {
  std::string s;
  for (const BatchOperand &op : ops)
    s += "int64_t " + op.offset + " = 0;\n";
  if (nb == 0)
    return s;
  s += "{\n  int64_t rest = " + z + ", ix;\n";
  for (int q = nb - 1; q >= 0; --q) {
    std::string e = dimExpr(out, outIdx, q);
    if (q > 0)
      s += "  ix = rest % " + e + ";\n  rest /= " + e + ";\n";
    else
      s += "  ix = rest;\n";
    for (const BatchOperand &op : ops) {
      int id = q - (out.rank() - op.t->rank());
      if (id < 0 || op.t->dims[id] == 1)
        continue;
      std::string stride = dimProduct(*op.t, op.idx, id + 1, op.t->rank());
      std::string ext = dimExpr(*op.t, op.idx, id);
      if (op.t->dims[id] >= 0 && op.t->dims[id] == out.dims[q])
        s += "  " + op.offset + " += ix * " + stride + ";\n";
      else
        s += "  " + op.offset + " += (ix < " + ext + " ? ix : " + ext + " - 1) * " + stride +
             ";\n";
    }
  }
  s += "}\n";
  return s;
}

std::string planHeader(const std::string &name) {
  return "extern \"C\" void " + name + "_plan(const asrc_cu_args *a, asrc_cu_plan *p) {\n";
}

/// "(uint32_t)(x < cap ? x : cap)" for a grid dim.
std::string capped(const std::string &x, int64_t cap) {
  return "(uint32_t)(" + x + " < " + str(cap) + " ? " + x + " : " + str(cap) + ")";
}

//===----------------------------------------------------------------------===//
// The tiled GEMM (Matmul, ScoreDot, WeightedSum, dense Conv1D)
//===----------------------------------------------------------------------===//

/// The pieces of one tiled GEMM kernel: out(m, n) = sum_k A(m, k) B(k, n) per
/// batch item z, then an epilogue.
struct GemmParts {
  std::string comment;  ///< what the kernel computes (a // comment block)
  std::string setup;    ///< declares int64_t M, N, K, Z (block-uniform)
  std::string colTile;  ///< declares int64_t n0 (and what else blockIdx.x selects)
  std::string perBatch; ///< inside the z loop: the batch item's offsets
  bool aKContig = true; ///< A(m, k) is contiguous along k (else along m)
  bool bKContig = false;
  /// Statements setting float `dst` to A(m, k), or 0 outside the matrix
  /// (m, k are int64_t variables; m may be >= M and k >= K).
  std::function<std::string(const std::string &dst)> loadA, loadB; // B uses (k, n)
  /// Statements storing float `v` as out(m, n) (m < M, n < N).
  std::string store;
  std::string plan; ///< the plan function's body
};

std::string gemmFetch(const GemmParts &g) {
  std::string s = "#pragma unroll\nfor (int p = 0; p < 4; ++p) {\n";
  s += g.aKContig ? "  const int64_t m = m0 + ty + 16 * p, k = kt + tx;\n"
                  : "  const int64_t m = m0 + (tid & 63), k = kt + (tid >> 6) + 4 * p;\n";
  s += indent(g.loadA("ra[p]"), 2);
  s += "}\n#pragma unroll\nfor (int p = 0; p < 4; ++p) {\n";
  s += g.bKContig ? "  const int64_t n = n0 + ty + 16 * p, k = kt + tx;\n"
                  : "  const int64_t n = n0 + (tid & 63), k = kt + (tid >> 6) + 4 * p;\n";
  s += indent(g.loadB("rb[p]"), 2);
  s += "}\n";
  return s;
}

void emitGemm(const std::string &name, const GemmParts &g, CudaKernelSource &out) {
  std::string fetch = gemmFetch(g);
  std::string storeA = g.aKContig ? "As[tx][ty + 16 * p] = ra[p];" : "As[(tid >> 6) + 4 * p][tid & 63] = ra[p];";
  std::string storeB = g.bKContig ? "Bs[tx][ty + 16 * p] = rb[p];" : "Bs[(tid >> 6) + 4 * p][tid & 63] = rb[p];";
  out.device = substitute(R"cuda(${comment}// Tiles: 64 x 64 outputs per block, K in steps of 16 through shared memory;
// thread (ty, tx) of 16 x 16 owns rows m0 + ty + 16 i, columns n0 + tx + 16 j.
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  __shared__ float As[16][65]; // As[k][m]: the A tile, k-major
  __shared__ float Bs[16][65]; // Bs[k][n]
  const int tid = threadIdx.x, tx = tid & 15, ty = tid >> 4;
${setup}${coltile}  for (int64_t z = blockIdx.z; z < Z; z += gridDim.z) {
${perbatch}    for (int64_t m0 = (int64_t)blockIdx.y * 64; m0 < M; m0 += (int64_t)gridDim.y * 64) {
      float acc[4][4];
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j)
          acc[i][j] = 0.0f;
      float ra[4], rb[4]; // the next K tile, staged in registers
      {
        const int64_t kt = 0;
${fetch0}      }
      for (int64_t k0 = 0; k0 < K; k0 += 16) {
#pragma unroll
        for (int p = 0; p < 4; ++p) {
          ${storeA}
          ${storeB}
        }
        __syncthreads();
        if (k0 + 16 < K) { // global loads in flight during the multiply below
          const int64_t kt = k0 + 16;
${fetch1}        }
#pragma unroll
        for (int kk = 0; kk < 16; ++kk) {
          float av[4], bv[4];
#pragma unroll
          for (int i = 0; i < 4; ++i) {
            av[i] = As[kk][ty + 16 * i];
            bv[i] = Bs[kk][tx + 16 * i];
          }
#pragma unroll
          for (int i = 0; i < 4; ++i)
#pragma unroll
            for (int j = 0; j < 4; ++j)
              acc[i][j] += av[i] * bv[j];
        }
        __syncthreads(); // the tiles are rewritten next step
      }
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        const int64_t m = m0 + ty + 16 * i;
#pragma unroll
        for (int j = 0; j < 4; ++j) {
          const int64_t n = n0 + tx + 16 * j;
          if (m < M && n < N) {
            float v = acc[i][j];
${store}          }
        }
      }
    }
  }
}
)cuda",
                          {{"comment", g.comment},
                           {"name", name},
                           {"setup", indent(g.setup, 2)},
                           {"coltile", indent(g.colTile, 2)},
                           {"perbatch", indent(g.perBatch, 4)},
                           {"fetch0", indent(fetch, 8)},
                           {"fetch1", indent(fetch, 10)},
                           {"storeA", storeA},
                           {"storeB", storeB},
                           {"store", indent(g.store, 12)}});
  out.plan = planHeader(name) + g.plan + "}\n";
}

//===----------------------------------------------------------------------===//
// Matmul, ScoreDot, WeightedSum
//===----------------------------------------------------------------------===//

/// What Matmul, ScoreDot and WeightedSum share: shapes and element indexing.
struct MatmulShape {
  bool tl = false, tr = false;
  double scale = 1.0;
  bool bias = false, residual = false;
  std::string act;
  const TensorDesc *L, *R, *O;
  int oi;         ///< output tensor index
  bool flatten;   ///< a rank-2 weight, lhs not transposed: the batch folds into M
  int nb;         ///< batch dims of the output (0 when flattened)
  std::string M, N, K, Z;       ///< device expressions
  std::string hM, hN, hZ;       ///< the plan's
};

MatmulShape matmulShape(const KernelDesc &d) {
  MatmulShape s;
  if (d.kind == KernelKind::Matmul) {
    s.tl = d.getInt("transpose_lhs") != 0;
    s.tr = d.getInt("transpose_rhs") != 0;
    s.bias = d.getInt("bias") == 1;
    s.residual = d.getInt("residual") == 1;
    s.act = d.fn;
  } else if (d.kind == KernelKind::ScoreDot) {
    s.tr = true;
    s.scale = d.getFloat("scale", 1.0);
  }
  size_t n = 2 + (s.bias ? 1 : 0) + (s.residual ? 1 : 0);
  requireCounts(d, n, n);
  for (size_t i = 0; i < n; ++i)
    requireFloatInput(d, i, i == 0 ? "lhs" : i == 1 ? "rhs" : i == 2 && s.bias ? "bias" : "residual");
  s.L = &d.inputs[0];
  s.R = &d.inputs[1];
  s.O = &d.outputs[0];
  s.oi = static_cast<int>(n);
  requireRank(d, *s.L, 2, 8, "lhs");
  requireRank(d, *s.R, 2, 8, "rhs");
  const int lr = s.L->rank(), rr = s.R->rank(), orank = s.O->rank();
  if (orank != std::max(lr, rr))
    fail(d, "output rank " + str(orank) + " is not the larger input rank " + str(std::max(lr, rr)));
  if (s.bias) {
    requireRank(d, d.inputs[2], 1, 1, "bias");
  }
  if (s.residual && d.inputs[n - 1].rank() != orank)
    fail(d, "the residual must have the output's shape");
  (void)activation(d, s.act, "v"); // checks fn
  int64_t kL = s.L->dims[s.tl ? lr - 2 : lr - 1], kR = s.R->dims[s.tr ? rr - 1 : rr - 2];
  if (kL >= 0 && kR >= 0 && kL != kR)
    fail(d, "contraction dims differ: " + str(kL) + " vs " + str(kR));
  s.K = kL >= 0 ? "(int64_t)" + str(kL)
                : kR >= 0 ? "(int64_t)" + str(kR) : dimExpr(*s.L, 0, s.tl ? lr - 2 : lr - 1);
  s.N = dimExpr(*s.O, s.oi, orank - 1);
  s.hN = hostDim(*s.O, s.oi, orank - 1);
  s.flatten = rr == 2 && !s.tl;
  if (s.flatten) {
    s.nb = 0;
    s.M = dimProduct(*s.O, s.oi, 0, orank - 1);
    s.hM = dimProduct(*s.O, s.oi, 0, orank - 1, true);
    s.Z = s.hZ = "(int64_t)1";
  } else {
    s.nb = orank - 2;
    s.M = dimExpr(*s.O, s.oi, orank - 2);
    s.hM = hostDim(*s.O, s.oi, orank - 2);
    s.Z = dimProduct(*s.O, s.oi, 0, orank - 2);
    s.hZ = dimProduct(*s.O, s.oi, 0, orank - 2, true);
  }
  return s;
}

std::string matmulSetup(const MatmulShape &s) {
  return "const int64_t M = " + s.M + ", N = " + s.N + ", K = " + s.K + ", Z = " + s.Z + ";\n";
}

std::string matmulPerBatch(const MatmulShape &s) {
  std::string b = batchOffsets(*s.O, s.oi, s.nb,
                               {{s.L, 0, "aoff"}, {s.R, 1, "boff"}}, "z");
  return b + "const int64_t coff = z * M * N; // the batch item's output matrix\n";
}

std::string matmulIndexA(const MatmulShape &s, const std::string &m, const std::string &k) {
  return s.tl ? "aoff + " + k + " * M + " + m : "aoff + " + m + " * K + " + k;
}
std::string matmulIndexB(const MatmulShape &s, const std::string &k, const std::string &n) {
  return s.tr ? "boff + " + n + " * K + " + k : "boff + " + k + " * N + " + n;
}

/// The epilogue: scale, bias, activation, residual; stores v at out(m, n).
std::string matmulStore(const KernelDesc &d, const MatmulShape &s, const std::string &m,
                        const std::string &n) {
  std::string st;
  if (s.scale != 1.0)
    st += "v *= " + floatLiteral(s.scale) + ";\n";
  if (s.bias)
    st += "v += " + load(d.inputs[2].type, tensorData(2), n) + ";\n";
  if (!s.act.empty())
    st += "v = " + activation(d, s.act, "v") + ";\n";
  std::string at = "coff + " + m + " * N + " + n;
  if (s.residual)
    st += "v += " + load(d.inputs[s.oi - 1].type, tensorData(s.oi - 1), at) + ";\n";
  st += store(s.O->type, tensorData(s.oi), at, "v") + "\n";
  return st;
}

std::string matmulComment(const KernelDesc &d, const MatmulShape &s) {
  std::string what;
  switch (d.kind) {
  case KernelKind::ScoreDot:
    what = "ScoreDot: scores[z](Lq x Lk) = scale * q[z] (Lq x D) k[z]^T";
    break;
  case KernelKind::WeightedSum:
    what = "WeightedSum: out[z](Lq x Dv) = p[z] (Lq x Lk) v[z] (Lk x Dv)";
    break;
  default:
    what = std::string("Matmul: out[z](M x N) = ") + (s.tl ? "lhs[z]^T" : "lhs[z]") + " " +
           (s.tr ? "rhs[z]^T" : "rhs[z]");
    if (s.bias || !s.act.empty() || s.residual)
      what += std::string(", epilogue") + (s.bias ? " + bias[n]" : "") +
              (s.act.empty() ? "" : " then " + s.act) + (s.residual ? " + residual" : "");
  }
  std::string c = "// " + what + "\n";
  if (s.flatten && s.O->rank() > 2)
    c += "// (the rank-2 rhs is shared by the batch: the batch folds into the rows)\n";
  else if (s.nb > 0)
    c += "// Batch items z over grid.z; leading dims broadcast from the right.\n";
  return c;
}

std::string matmulPlanHead(const MatmulShape &s) {
  return "  const int64_t M = " + s.hM + ", N = " + s.hN + ", Z = " + s.hZ + ";\n" +
         "  p->num_steps = (M > 0 && N > 0 && Z > 0) ? 1 : 0;\n"
         "  p->scratch_bytes = 0;\n";
}

/// The plan statement launching the tiled GEMM kernel `kernel`.
std::string gemmStep(const std::string &kernel) {
  return "p->steps[0] = {\"" + kernel + "\", {(uint32_t)((N + 63) / 64), " +
         capped("((M + 63) / 64)", 65535) + ", " + capped("Z", 65535) + "}, {256, 1, 1}};";
}

bool emitGemmKind(const KernelDesc &d, const std::string &name, CudaKernelSource &out) {
  MatmulShape s = matmulShape(d);
  GemmParts g;
  g.comment = matmulComment(d, s);
  g.setup = matmulSetup(s);
  g.colTile = "const int64_t n0 = (int64_t)blockIdx.x * 64;\n";
  g.perBatch = matmulPerBatch(s);
  g.aKContig = !s.tl;
  g.bKContig = s.tr;
  ElemType lt = d.inputs[0].type, rt = d.inputs[1].type;
  g.loadA = [&, lt](const std::string &dst) {
    return dst + " = (m < M && k < K) ? " + load(lt, tensorData(0), matmulIndexA(s, "m", "k")) +
           " : 0.0f;\n";
  };
  g.loadB = [&, rt](const std::string &dst) {
    return dst + " = (n < N && k < K) ? " + load(rt, tensorData(1), matmulIndexB(s, "k", "n")) +
           " : 0.0f;\n";
  };
  g.store = matmulStore(d, s, "m", "n");
  g.plan = matmulPlanHead(s) + "  " + gemmStep(name) + "\n";
  emitGemm(name, g, out);
  return true;
}

/// GEMV kernels; placeholders: comment, name, setup, perbatch, wload (the
/// weight element at (k, n)), aload (lhs row r0 + r at k), store (of `v`).
const char *kGemvWeightNK = R"cuda(${comment}// GEMV (small M): the weight is stored [N, K]. A warp per output column streams
// its weight row once (lanes along k, coalesced) against up to 8 lhs rows
// (L1-resident), then one shuffle sum per row; 8 warps per block.
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
${setup}  for (int64_t z = blockIdx.y; z < Z; z += gridDim.y) {
${perbatch}    for (int64_t c0 = (int64_t)blockIdx.x * 8; c0 < N; c0 += (int64_t)gridDim.x * 8) {
      const int64_t n = c0 + warp;
      const bool active = n < N;
      for (int64_t r0 = 0; r0 < M; r0 += 8) {
        float acc[8];
#pragma unroll
        for (int r = 0; r < 8; ++r)
          acc[r] = 0.0f;
        if (active) {
#pragma unroll 4
          for (int64_t k = lane; k < K; k += 32) {
            const float w = ${wload};
#pragma unroll
            for (int r = 0; r < 8; ++r)
              if (r0 + r < M)
                acc[r] += ${aload} * w;
          }
        }
#pragma unroll
        for (int r = 0; r < 8; ++r) {
          if (r0 + r < M) { // block-uniform
            const float sum = asrc_warp_sum(acc[r]);
            if (active && lane == 0) {
              float v = sum;
${store}            }
          }
        }
      }
    }
  }
}
)cuda";

const char *kGemvWeightKN = R"cuda(${comment}// GEMV (small M): the weight is stored [K, N]. 64 columns x 4 k-slices per
// block: a thread streams its column of the weight (consecutive threads,
// consecutive columns) against up to 8 lhs rows; the 4 slices' partial sums
// meet in shared memory.
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  __shared__ float part[4][8][64];
  const int col = threadIdx.x & 63, slice = threadIdx.x >> 6;
${setup}  for (int64_t z = blockIdx.y; z < Z; z += gridDim.y) {
${perbatch}    for (int64_t c0 = (int64_t)blockIdx.x * 64; c0 < N; c0 += (int64_t)gridDim.x * 64) {
      const int64_t n = c0 + col;
      for (int64_t r0 = 0; r0 < M; r0 += 8) {
        float acc[8];
#pragma unroll
        for (int r = 0; r < 8; ++r)
          acc[r] = 0.0f;
        if (n < N) {
#pragma unroll 4
          for (int64_t k = slice; k < K; k += 4) {
            const float w = ${wload};
#pragma unroll
            for (int r = 0; r < 8; ++r)
              if (r0 + r < M)
                acc[r] += ${aload} * w;
          }
        }
#pragma unroll
        for (int r = 0; r < 8; ++r)
          part[slice][r][col] = acc[r];
        __syncthreads();
        if (slice == 0 && n < N) {
          for (int r = 0; r < 8 && r0 + r < M; ++r) {
            float v = part[0][r][col] + part[1][r][col] + part[2][r][col] + part[3][r][col];
${store}          }
        }
        __syncthreads(); // part is rewritten by the next rows
      }
    }
  }
}
)cuda";

/// Matmul with a small M (the decoder step): one pass over the weight.
bool emitGemv(const KernelDesc &d, const std::string &name, CudaKernelSource &out) {
  MatmulShape s = matmulShape(d);
  ElemType lt = d.inputs[0].type, rt = d.inputs[1].type;
  std::string perBatch = matmulPerBatch(s);
  std::string aRow = load(lt, tensorData(0), matmulIndexA(s, "(r0 + r)", "k"));
  std::string st = matmulStore(d, s, "(r0 + r)", "n");
  const bool nk = s.tr; // weight stored [N, K]
  out.device = substitute(nk ? kGemvWeightNK : kGemvWeightKN,
                          {{"comment", matmulComment(d, s)},
                           {"name", name},
                           {"setup", indent(matmulSetup(s), 2)},
                           {"perbatch", indent(perBatch, 4)},
                           {"wload", load(rt, tensorData(1), matmulIndexB(s, "k", "n"))},
                           {"aload", aRow},
                           {"store", indent(st, nk ? 14 : 12)}});
  std::string gemvStep = "p->steps[0] = {\"" + name + "\", {(uint32_t)((N + " +
                         (nk ? "7) / 8)" : "63) / 64)") + ", " + capped("Z", 65535) +
                         ", 1}, {256, 1, 1}};";
  // The caller's max_m is a promise about M per call, but with the batch
  // folded into the rows (beams x utterances) there may be many more: past
  // 8 rows (one pass of the GEMV) the plan runs the tiled GEMM instead.
  CudaKernelSource gemm;
  emitGemmKind(d, name + "_gemm", gemm);
  out.device += "\n" + gemm.device;
  out.plan = planHeader(name) + matmulPlanHead(s) + "  if (M <= 8) // one pass over the weight\n    " +
             gemvStep + "\n  else\n    " + gemmStep(name + "_gemm") + "\n}\n";
  return true;
}

/// The Halide rule (gemvDefault): a static M in [1, 4], or a dynamic M with
/// the caller's promise ints["max_m"] in [1, 4].
bool useGemv(const KernelDesc &d) {
  if (d.kind != KernelKind::Matmul || d.inputs.empty() || d.inputs[0].rank() < 2)
    return false;
  const TensorDesc &L = d.inputs[0];
  int64_t m = L.dims[L.rank() - (d.getInt("transpose_lhs") != 0 ? 1 : 2)];
  int64_t maxM = d.getInt("max_m", -1);
  return (m >= 1 && m <= kernels::kMatmulGemvMaxM) ||
         (m < 0 && maxM >= 1 && maxM <= kernels::kMatmulGemvMaxM);
}

//===----------------------------------------------------------------------===//
// Conv1D (channels-last), Conv2D (NCHW)
//===----------------------------------------------------------------------===//

struct Conv1DShape {
  int64_t stride, padding, dilation, groups;
  bool hasBias;
  int64_t cin, cout, cg, taps;
};

Conv1DShape conv1dShape(const KernelDesc &d) {
  Conv1DShape c{d.getInt("stride", 1), d.getInt("padding", 0), d.getInt("dilation", 1),
                d.getInt("groups", 1), d.getInt("has_bias", d.inputs.size() > 2 ? 1 : 0) != 0,
                0, 0, 0, 0};
  if (c.stride < 1 || c.dilation < 1 || c.groups < 1 || c.padding < 0)
    fail(d, "stride, dilation and groups must be >= 1 and padding >= 0");
  requireCounts(d, 2, 3);
  if (c.hasBias != (d.inputs.size() == 3))
    fail(d, "has_bias does not match the number of inputs");
  requireRank(d, d.inputs[0], 3, 3, "input");
  requireRank(d, d.inputs[1], 3, 3, "weight");
  requireRank(d, d.outputs[0], 3, 3, "output");
  for (size_t i = 0; i < d.inputs.size(); ++i)
    requireFloatInput(d, i, i == 0 ? "input" : i == 1 ? "weight" : "bias");
  c.cin = d.inputs[0].dims[2];
  c.cout = d.inputs[1].dims[0];
  c.cg = d.inputs[1].dims[1];
  c.taps = d.inputs[1].dims[2];
  if (c.cin < 0 || c.cout < 0 || c.cg < 0 || c.taps < 0)
    fail(d, "channel and kernel dims must be static");
  if (c.cin % c.groups || c.cout % c.groups || c.cin / c.groups != c.cg)
    fail(d, "weight [" + str(c.cout) + ", " + str(c.cg) + ", " + str(c.taps) +
                "] does not match Cin " + str(c.cin) + " with groups " + str(c.groups));
  if (d.outputs[0].dims[2] >= 0 && d.outputs[0].dims[2] != c.cout)
    fail(d, "output channels differ from the weight's");
  return c;
}

/// Dense / grouped Conv1D as an implicit GEMM per (batch item, group).
bool emitConv1DGemm(const KernelDesc &d, const std::string &name, const Conv1DShape &c,
                    CudaKernelSource &out) {
  const TensorDesc &X = d.inputs[0], &O = d.outputs[0];
  const int oi = static_cast<int>(d.inputs.size());
  const int64_t og = c.cout / c.groups, ntiles = (og + 63) / 64;
  GemmParts g;
  g.comment = "// Conv1D (channels-last) as an implicit GEMM per batch item and group:\n"
              "// out[b, t, g*" + str(og) + " + n] = sum over (tap, c) of\n"
              "//   x[b, t*" + str(c.stride) + " + tap*" + str(c.dilation) + " - " +
              str(c.padding) + ", g*" + str(c.cg) + " + c] * w[g*" + str(og) + " + n, c, tap]" +
              (c.hasBias ? " + bias" : "") +
              "\n// (reduction index k = tap * " + str(c.cg) +
              " + c: the A tile gathers the input window, channels contiguous).\n";
  g.setup = "const int64_t M = " + dimExpr(O, oi, 1) + ", N = " + str(og) + ", K = " +
            str(c.cg * c.taps) + ", Z = " + dimExpr(O, oi, 0) + ";\n" +
            "const int64_t T = " + dimExpr(X, 0, 1) + "; // input steps\n";
  if (c.groups == 1)
    g.colTile = "const int64_t grp = 0, n0 = (int64_t)blockIdx.x * 64;\n";
  else
    g.colTile = "const int64_t grp = blockIdx.x / " + str(ntiles) + ", n0 = (int64_t)(blockIdx.x % " +
                str(ntiles) + ") * 64; // group, its column tile\n";
  g.perBatch = batchOffsets(O, oi, 1, {{&X, 0, "xoff"}}, "z") +
               "const int64_t coff = z * M * " + str(c.cout) + ";\n";
  g.aKContig = true;
  g.bKContig = true;
  std::string split = c.taps == 1 ? "const int64_t tap = 0, c = k;\n"
                                  : "const int64_t tap = k / " + str(c.cg) + ", c = k - tap * " +
                                        str(c.cg) + ";\n";
  ElemType xt = X.type, wt = d.inputs[1].type;
  g.loadA = [=](const std::string &dst) {
    return "{\n  " + split + "  const int64_t t = m * " + str(c.stride) + " + tap * " +
           str(c.dilation) + " - " + str(c.padding) + ";\n  " + dst +
           " = (m < M && k < K && t >= 0 && t < T) ? " +
           load(xt, tensorData(0), "xoff + t * " + str(c.cin) + " + grp * " + str(c.cg) + " + c") +
           " : 0.0f;\n}\n";
  };
  g.loadB = [=](const std::string &dst) {
    return "{\n  " + split + "  " + dst + " = (n < N && k < K) ? " +
           load(wt, tensorData(1),
                "((grp * " + str(og) + " + n) * " + str(c.cg) + " + c) * " + str(c.taps) + " + tap") +
           " : 0.0f;\n}\n";
  };
  std::string at = "coff + m * " + str(c.cout) + " + grp * " + str(og) + " + n";
  g.store = (c.hasBias ? "v += " + load(d.inputs[2].type, tensorData(2), "grp * " + str(og) + " + n") +
                             ";\n"
                       : std::string()) +
            store(O.type, tensorData(oi), at, "v") + "\n";
  g.plan = "  const int64_t M = " + hostDim(O, oi, 1) + ", Z = " + hostDim(O, oi, 0) + ";\n" +
           "  const int64_t gy = (M + 63) / 64;\n"
           "  p->num_steps = (M > 0 && Z > 0) ? 1 : 0;\n"
           "  p->scratch_bytes = 0;\n"
           "  p->steps[0] = {\"" + name + "\", {" + str(c.groups * ntiles) + "u, " +
           capped("gy", 65535) + ", " + capped("Z", 65535) + "}, {256, 1, 1}};\n";
  emitGemm(name, g, out);
  return true;
}

/// Depthwise Conv1D (groups == Cin == Cout): channels across the warp.
bool emitConv1DDepthwise(const KernelDesc &d, const std::string &name, const Conv1DShape &c,
                         CudaKernelSource &out) {
  const TensorDesc &X = d.inputs[0], &O = d.outputs[0];
  const int oi = static_cast<int>(d.inputs.size());
  const int64_t span = (c.taps - 1) * c.dilation; // input steps one output reads, minus 1
  // The largest tile of output steps whose input window fits 32 KiB.
  int64_t tt = 64;
  while (tt > 8 && ((tt - 1) * c.stride + span + 1) * 32 * 4 > 32768)
    tt /= 2;
  int64_t win = (tt - 1) * c.stride + span + 1;
  bool staged = win * 32 * 4 <= 32768;
  std::string xin = staged ? "xs[(ty + 8 * i) * " + str(c.stride) + " + tap * " + str(c.dilation) +
                                 "][tx]"
                           : "xval(t0 + ty + 8 * i, tap)";
  std::string stage, helper;
  if (staged) {
    stage = substitute(R"cuda(__syncthreads(); // the previous window is consumed
for (int64_t r = ty; r < ${win}; r += 8) { // the zero-padded input window
  const int64_t t = t0 * ${stride} - ${pad} + r;
  xs[r][tx] = (ch < C && t >= 0 && t < T) ? ${xload} : 0.0f;
}
__syncthreads();
)cuda",
                       {{"win", str(win)},
                        {"stride", str(c.stride)},
                        {"pad", str(c.padding)},
                        {"xload", load(X.type, tensorData(0), "xoff + t * C + ch")}});
  } else {
    // The window of a whole tile does not fit shared memory (a very wide
    // dilated kernel): read the input through L1 instead.
    stage = substitute(R"cuda(auto xval = [&](int64_t to, int tap) {
  const int64_t t = to * ${stride} + tap * ${dil} - ${pad};
  return (ch < C && to < To && t >= 0 && t < T) ? ${xload} : 0.0f;
};
)cuda",
                       {{"stride", str(c.stride)},
                        {"dil", str(c.dilation)},
                        {"pad", str(c.padding)},
                        {"xload", load(X.type, tensorData(0), "xoff + t * C + ch")}});
  }
  out.device = substitute(
      R"cuda(// Depthwise Conv1D (channels-last): out[b, t, c] = sum_tap x[b, t*${stride} + tap*${dil} - ${pad}, c] * w[c, 0, tap]${biasdoc}
// Block: 32 channels (a warp, coalesced) x 8 thread rows; a tile of ${tt} output
// steps, each thread ${per} of them.${stagedoc}
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
${xsdecl}  __shared__ float ws[${taps}][32]; // the block's taps
  const int tx = threadIdx.x & 31, ty = threadIdx.x >> 5;
  const int64_t C = ${C}, T = ${T}, To = ${To}, Z = ${Z};
  const int64_t ch = (int64_t)blockIdx.x * 32 + tx;
  for (int r = ty; r < ${taps}; r += 8)
    ws[r][tx] = ch < C ? ${wload} : 0.0f;
  __syncthreads();
  const float bias = ${bias};
  for (int64_t z = blockIdx.z; z < Z; z += gridDim.z) {
${perbatch}    for (int64_t t0 = (int64_t)blockIdx.y * ${tt}; t0 < To; t0 += (int64_t)gridDim.y * ${tt}) {
${stage}#pragma unroll
      for (int i = 0; i < ${per}; ++i) {
        float acc = bias;
        for (int tap = 0; tap < ${taps}; ++tap)
          acc += ${xin} * ws[tap][tx];
        const int64_t to = t0 + ty + 8 * i;
        if (ch < C && to < To)
          ${store}
      }
    }
  }
}
)cuda",
      {{"stride", str(c.stride)},
       {"dil", str(c.dilation)},
       {"pad", str(c.padding)},
       {"biasdoc", c.hasBias ? " + bias[c]" : ""},
       {"tt", str(tt)},
       {"per", str(tt / 8)},
       {"stagedoc", staged ? "\n// The zero-padded input window (" + str(win) +
                                 " steps) and the taps in shared memory."
                           : "\n// Taps in shared memory; the input read through L1 (its window "
                             "exceeds 32 KiB)."},
       {"xsdecl", staged ? "  __shared__ float xs[" + str(win) + "][32]; // input window\n" : ""},
       {"name", name},
       {"taps", str(c.taps)},
       {"C", str(c.cin)},
       {"T", dimExpr(X, 0, 1)},
       {"To", dimExpr(O, oi, 1)},
       {"Z", dimExpr(O, oi, 0)},
       {"wload", load(d.inputs[1].type, tensorData(1), "ch * " + str(c.taps) + " + r")},
       {"bias", c.hasBias ? "ch < C ? " + load(d.inputs[2].type, tensorData(2), "ch") + " : 0.0f"
                          : "0.0f"},
       {"perbatch", indent(batchOffsets(O, oi, 1, {{&X, 0, "xoff"}}, "z") +
                               "const int64_t ooff = z * To * C;\n",
                           4)},
       {"stage", indent(stage, 6)},
       {"xin", xin},
       {"store", store(O.type, tensorData(oi), "ooff + to * C + ch", "acc")}});
  out.plan = planHeader(name) + "  const int64_t To = " + hostDim(O, oi, 1) +
             ", Z = " + hostDim(O, oi, 0) + ";\n" + "  const int64_t gy = (To + " + str(tt - 1) +
             ") / " + str(tt) + ";\n" +
             "  p->num_steps = (To > 0 && Z > 0) ? 1 : 0;\n"
             "  p->scratch_bytes = 0;\n"
             "  p->steps[0] = {\"" + name + "\", {" + str((c.cin + 31) / 32) + "u, " +
             capped("gy", 65535) + ", " + capped("Z", 65535) + "}, {256, 1, 1}};\n}\n";
  return true;
}

bool emitConv1D(const KernelDesc &d, const std::string &name, CudaKernelSource &out) {
  Conv1DShape c = conv1dShape(d);
  // The Halide rule (isDepthwise): groups > 1 with one input channel per
  // group and Cout == groups, i.e. groups == Cin == Cout.
  if (c.groups > 1 && c.cg == 1 && c.cout == c.groups)
    return emitConv1DDepthwise(d, name, c, out);
  return emitConv1DGemm(d, name, c, out);
}

bool emitConv2D(const KernelDesc &d, const std::string &name, CudaKernelSource &out) {
  requireCounts(d, 2, 3);
  const bool hasBias = d.getInt("has_bias", d.inputs.size() > 2 ? 1 : 0) != 0;
  if (hasBias != (d.inputs.size() == 3))
    fail(d, "has_bias does not match the number of inputs");
  requireRank(d, d.inputs[0], 4, 4, "input");
  requireRank(d, d.inputs[1], 4, 4, "weight");
  requireRank(d, d.outputs[0], 4, 4, "output");
  for (size_t i = 0; i < d.inputs.size(); ++i)
    requireFloatInput(d, i, i == 0 ? "input" : i == 1 ? "weight" : "bias");
  auto pair = [&](const char *key, int64_t dflt) {
    auto it = d.lists.find(key);
    if (it == d.lists.end())
      return std::vector<int64_t>{dflt, dflt};
    if (it->second.size() != 2)
      fail(d, std::string(key) + " must be an [h, w] pair");
    return it->second;
  };
  auto st = pair("stride", 1), pd = pair("padding", 0), dl = pair("dilation", 1);
  const int64_t groups = d.getInt("groups", 1);
  if (st[0] < 1 || st[1] < 1 || dl[0] < 1 || dl[1] < 1 || pd[0] < 0 || pd[1] < 0 || groups < 1)
    fail(d, "stride, dilation, groups must be >= 1 and padding >= 0");
  const TensorDesc &X = d.inputs[0], &W = d.inputs[1], &O = d.outputs[0];
  int64_t cin = X.dims[1], cout = W.dims[0], cg = W.dims[1], kh = W.dims[2], kw = W.dims[3];
  if (cin < 0 || cout < 0 || cg < 0 || kh < 0 || kw < 0)
    fail(d, "channel and kernel dims must be static");
  if (cin % groups || cout % groups || cin / groups != cg)
    fail(d, "weight channels do not match Cin " + str(cin) + " with groups " + str(groups));
  const int oi = static_cast<int>(d.inputs.size());
  const int64_t og = cout / groups;
  out.device = substitute(
      R"cuda(// Conv2D (NCHW), direct: out[b, co, y, x] = sum over (ci, kh, kw) of
//   x[b, g*${cg} + ci, y*${sh} + kh*${dh} - ${ph}, x*${sw} + kw*${dw} - ${pw}] * w[co, ci, kh, kw]${biasdoc}
// with g = co / ${og}. A thread per output pixel (consecutive threads,
// consecutive x); grid.y = output channel, so weight reads are uniform
// across the block; grid.z = batch item.
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const int64_t H = ${H}, W = ${W}, Ho = ${Ho}, Wo = ${Wo}, Z = ${Z};
  const int64_t pixels = Ho * Wo;
  for (int64_t z = blockIdx.z; z < Z; z += gridDim.z) {
${perbatch}    for (int64_t co = blockIdx.y; co < ${cout}; co += gridDim.y) {
      const int64_t xg = xoff + (co / ${og}) * ${cg} * H * W; // the group's input channels
      const int64_t wco = co * ${cg} * ${kh} * ${kw};
      const float bias = ${bias};
      for (int64_t px = (int64_t)blockIdx.x * 256 + threadIdx.x; px < pixels;
           px += (int64_t)gridDim.x * 256) {
        const int64_t y = px / Wo, x = px - y * Wo;
        float acc = bias;
        for (int ci = 0; ci < ${cg}; ++ci) {
          for (int r = 0; r < ${kh}; ++r) {
            const int64_t iy = y * ${sh} + r * ${dh} - ${ph};
            if (iy < 0 || iy >= H)
              continue;
            const int64_t row = xg + (ci * H + iy) * W;
#pragma unroll
            for (int s = 0; s < ${kw}; ++s) {
              const int64_t ix = x * ${sw} + s * ${dw} - ${pw};
              if (ix >= 0 && ix < W)
                acc += ${xload} * ${wload};
            }
          }
        }
        ${store}
      }
    }
  }
}
)cuda",
      {{"name", name},
       {"cg", str(cg)},
       {"og", str(og)},
       {"cout", str(cout)},
       {"kh", str(kh)},
       {"kw", str(kw)},
       {"sh", str(st[0])},
       {"sw", str(st[1])},
       {"ph", str(pd[0])},
       {"pw", str(pd[1])},
       {"dh", str(dl[0])},
       {"dw", str(dl[1])},
       {"biasdoc", hasBias ? " + bias[co]" : ""},
       {"H", dimExpr(X, 0, 2)},
       {"W", dimExpr(X, 0, 3)},
       {"Ho", dimExpr(O, oi, 2)},
       {"Wo", dimExpr(O, oi, 3)},
       {"Z", dimExpr(O, oi, 0)},
       {"perbatch", indent(batchOffsets(O, oi, 1, {{&X, 0, "xoff"}}, "z") +
                               "const int64_t ooff = z * " + str(cout) + " * pixels;\n",
                           4)},
       {"bias", hasBias ? load(d.inputs[2].type, tensorData(2), "co") : "0.0f"},
       {"xload", load(X.type, tensorData(0), "row + ix")},
       {"wload", load(W.type, tensorData(1), "wco + (ci * " + str(kh) + " + r) * " + str(kw) + " + s")},
       {"store", store(O.type, tensorData(oi), "ooff + co * pixels + px", "acc")}});
  out.plan = planHeader(name) + "  const int64_t Z = " + hostDim(O, oi, 0) + ", pixels = " +
             hostDim(O, oi, 2) + " * " + hostDim(O, oi, 3) + ";\n" +
             "  const int64_t gx = (pixels + 255) / 256;\n"
             "  p->num_steps = (Z > 0 && pixels > 0) ? 1 : 0;\n"
             "  p->scratch_bytes = 0;\n"
             "  p->steps[0] = {\"" + name + "\", {" + capped("gx", 1 << 20) + ", " +
             str(std::min<int64_t>(cout, 65535)) + "u, " + capped("Z", 65535) +
             "}, {256, 1, 1}};\n}\n";
  return true;
}

//===----------------------------------------------------------------------===//
// Row kinds: LayerNorm, Softmax, LogSoftmax (last axis)
//===----------------------------------------------------------------------===//

/// How a row kernel maps rows to threads.
struct RowMode {
  bool warp;     ///< a warp per row (8 per block), else the block per row
  int64_t vpt;   ///< values per thread kept in registers (0: re-read the row)
  std::string L; ///< row length (device expression)
};

RowMode rowMode(const TensorDesc &x, int idx) {
  RowMode m;
  int64_t l = x.dims.back();
  m.L = dimExpr(x, idx, x.rank() - 1);
  if (l >= 0 && l <= 1024) {
    m.warp = true;
    m.vpt = std::max<int64_t>((l + 31) / 32, 1);
  } else if (l >= 0 && l <= 8192) {
    m.warp = false;
    m.vpt = (l + 255) / 256;
  } else {
    m.warp = false;
    m.vpt = 0;
  }
  return m;
}

/// The pieces of a row kernel's body.
struct RowKernel {
  RowMode mode;
  ElemType xt;
  /// Code run over the row's elements: `xv` (float) is element c.
  std::string each(const std::string &body) const {
    std::string step = mode.warp ? "32" : "256";
    if (mode.vpt > 0)
      return "#pragma unroll\nfor (int i = 0; i < " + str(mode.vpt) +
             "; ++i) {\n  const int64_t c = t + " + step + " * i;\n  if (active && c < L) {\n" +
             "    const float xv = v[i];\n" + indent(body, 4) + "  }\n}\n";
    return "for (int64_t c = t; active && c < L; c += " + step + ") {\n  const float xv = " +
           load(xt, tensorData(0), "base + c") + ";\n" + indent(body, 2) + "}\n";
  }
  std::string sum(const std::string &v) const {
    return mode.warp ? "asrc_warp_sum(" + v + ")" : "asrc_block_sum(" + v + ", red)";
  }
  std::string max(const std::string &v) const {
    return mode.warp ? "asrc_warp_max(" + v + ")" : "asrc_block_max(" + v + ", red)";
  }
};

/// A row kernel: `perRow` runs once per row with row, active, base, t and
/// (cached mode) v[] in scope.
void emitRowKernel(const std::string &name, const std::string &comment, const RowKernel &k,
                   const std::string &rows, const std::string &hostRows,
                   const std::string &setup, const std::string &perRow,
                   CudaKernelSource &out) {
  const RowMode &m = k.mode;
  std::string cache;
  if (m.vpt > 0)
    cache = "float v[" + str(m.vpt) + "]; // the row, in registers\n#pragma unroll\nfor (int i = 0; i < " +
            str(m.vpt) + "; ++i) {\n  const int64_t c = t + " + (m.warp ? "32" : "256") +
            " * i;\n  v[i] = (active && c < L) ? " + load(k.xt, tensorData(0), "base + c") +
            " : 0.0f;\n}\n";
  std::string mapping =
      m.warp ? "// A warp per row, 8 rows per block" : "// The block per row (256 threads)";
  mapping += m.vpt > 0 ? "; each thread keeps " + str(m.vpt) + " of its values in registers.\n"
                       : "; the row is re-read per pass (L1/L2).\n";
  out.device = substitute(R"cuda(${comment}${mapping}ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
${red}  const int t = ${t};
  const int64_t L = ${L}, rows = ${rows};
${setup}  for (int64_t r0 = (int64_t)blockIdx.x * ${rpb}; r0 < rows; r0 += (int64_t)gridDim.x * ${rpb}) {
    const int64_t row = r0${rowoff};
    const bool active = row < rows;
    const int64_t base = row * L;
${cache}${body}  }
}
)cuda",
                          {{"comment", comment},
                           {"mapping", mapping},
                           {"name", name},
                           {"red", m.warp ? "" : "  __shared__ float red[32];\n"},
                           {"t", m.warp ? "threadIdx.x & 31" : "threadIdx.x"},
                           {"L", m.L},
                           {"rows", rows},
                           {"setup", indent(setup, 2)},
                           {"rpb", m.warp ? "8" : "1"},
                           {"rowoff", m.warp ? " + (threadIdx.x >> 5)" : ""},
                           {"cache", indent(cache, 4)},
                           {"body", indent(perRow, 4)}});
  std::string rpb = m.warp ? "8" : "1";
  out.plan = planHeader(name) + "  const int64_t rows = " + hostRows + ";\n" +
             "  const int64_t blocks = (rows + " + rpb + " - 1) / " + rpb + ";\n" +
             "  p->num_steps = rows > 0 ? 1 : 0;\n"
             "  p->scratch_bytes = 0;\n"
             "  p->steps[0] = {\"" + name + "\", {" + capped("blocks", 1 << 20) +
             ", 1, 1}, {256, 1, 1}};\n}\n";
}

bool emitLayerNorm(const KernelDesc &d, const std::string &name, CudaKernelSource &out) {
  requireCounts(d, 3, 3);
  for (size_t i = 0; i < 3; ++i)
    requireFloatInput(d, i, i == 0 ? "input" : i == 1 ? "gamma" : "beta");
  const TensorDesc &X = d.inputs[0];
  requireRank(d, X, 1, 8, "input");
  requireRank(d, d.inputs[1], 1, 1, "gamma");
  requireRank(d, d.inputs[2], 1, 1, "beta");
  RowKernel k{rowMode(X, 0), X.type};
  std::string body =
      "float sum = 0.0f;\n" + k.each("sum += xv;\n") + "const float mean = " + k.sum("sum") +
      " / (float)L;\n" + "float sq = 0.0f; // two-pass variance\n" +
      k.each("const float dv = xv - mean;\nsq += dv * dv;\n") +
      "const float inv = 1.0f / sqrtf(" + k.sum("sq") + " / (float)L + " +
      floatLiteral(d.getFloat("epsilon", 1e-5)) + ");\n" +
      k.each(store(d.outputs[0].type, tensorData(3), "base + c",
                   "(xv - mean) * inv * " + load(d.inputs[1].type, tensorData(1), "c") + " + " +
                       load(d.inputs[2].type, tensorData(2), "c")) +
             "\n");
  emitRowKernel(name, "// LayerNorm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta\n",
                k, dimProduct(X, 0, 0, X.rank() - 1), dimProduct(X, 0, 0, X.rank() - 1, true), "",
                body, out);
  return true;
}

bool emitSoftmax(const KernelDesc &d, const std::string &name, CudaKernelSource &out) {
  const bool hasLengths = d.getInt("has_lengths", d.inputs.size() > 1 ? 1 : 0) != 0;
  requireCounts(d, hasLengths ? 2 : 1, hasLengths ? 2 : 1);
  requireFloatInput(d, 0, "input");
  const TensorDesc &X = d.inputs[0];
  requireRank(d, X, 2, 8, "input");
  if (hasLengths) {
    requireRank(d, d.inputs[1], 1, 1, "lengths");
    if (isFloat(d.inputs[1].type))
      fail(d, "lengths must be an integer tensor");
  }
  const bool causal = d.getInt("causal") != 0;
  const int R = X.rank(), oi = static_cast<int>(d.inputs.size());
  RowKernel k{rowMode(X, 0), X.type};
  std::string lim;
  if (hasLengths || causal) {
    // Key j of row (b, .., i) is valid when j < lengths[b] and (causal) j <= i.
    lim = "// keys j < lim are valid (the rest are masked to 0)\nint64_t lim = L;\n";
    if (hasLengths)
      lim += "if (active) {\n  const int64_t len = (int32_t)" +
             load(d.inputs[1].type, tensorData(1), "row / " + dimProduct(X, 0, 1, R - 1)) +
             "; // lengths[b], b = dim 0\n  lim = len < lim ? len : lim;\n}\n";
    if (causal)
      lim += "{\n  const int64_t i = row % " + dimExpr(X, 0, R - 2) +
             "; // the query row\n  lim = i + 1 < lim ? i + 1 : lim;\n}\n";
  } else {
    lim = "const int64_t lim = L;\n";
  }
  std::string e = "expf(fmaxf(xv - mx, -80.0f))";
  std::string body = lim + "float mx = ASRC_LOWEST_F32;\n" +
                     k.each("if (c < lim)\n  mx = fmaxf(mx, xv);\n") + "mx = " + k.max("mx") +
                     ";\n" + "float s = 0.0f;\n" + k.each("if (c < lim)\n  s += " + e + ";\n") +
                     "s = " + k.sum("s") + ";\n" +
                     "const float inv = s > 0.0f ? 1.0f / s : 0.0f; // a fully masked row is 0\n" +
                     k.each(store(d.outputs[0].type, tensorData(oi), "base + c",
                                  "c < lim ? " + e + " * inv : 0.0f") +
                            "\n");
  std::string comment = "// Softmax over the last axis";
  if (hasLengths)
    comment += ", keys j >= lengths[b] masked";
  if (causal)
    comment += ", causal (keys j > i masked)";
  emitRowKernel(name, comment + "\n", k, dimProduct(X, 0, 0, R - 1),
                dimProduct(X, 0, 0, R - 1, true), "", body, out);
  return true;
}

int normalizeAxis(const KernelDesc &d, int64_t axis, int rank) {
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    fail(d, "axis " + str(axis) + " out of range for rank " + str(rank));
  return static_cast<int>(axis);
}

bool emitLogSoftmax(const KernelDesc &d, const std::string &name, CudaKernelSource &out) {
  requireCounts(d, 1, 1);
  requireFloatInput(d, 0, "input");
  const TensorDesc &X = d.inputs[0], &O = d.outputs[0];
  const int R = X.rank();
  if (R < 1)
    fail(d, "input must have rank >= 1");
  const int axis = normalizeAxis(d, d.getInt("axis", -1), R);
  std::string e = "expf(fmaxf(xv - mx, -80.0f))";
  if (axis == R - 1) {
    RowKernel k{rowMode(X, 0), X.type};
    std::string body = "float mx = ASRC_LOWEST_F32;\n" + k.each("mx = fmaxf(mx, xv);\n") +
                       "mx = " + k.max("mx") + ";\n" + "float s = 0.0f;\n" +
                       k.each("s += " + e + ";\n") + "const float lse = mx + logf(" +
                       k.sum("s") + ");\n" +
                       k.each(store(O.type, tensorData(1), "base + c", "xv - lse") + "\n");
    emitRowKernel(name, "// LogSoftmax over the last axis: x - (max + log(sum exp(x - max)))\n", k,
                  dimProduct(X, 0, 0, R - 1), dimProduct(X, 0, 0, R - 1, true), "", body, out);
    return true;
  }
  // An outer axis: a thread per (outer, inner) column, consecutive threads on
  // consecutive inner positions (coalesced).
  std::string xv = load(X.type, tensorData(0), "base + l * inner");
  out.device = substitute(R"cuda(// LogSoftmax over axis ${axis} (not the innermost): a thread per column
// (outer, inner), consecutive threads on consecutive inner positions.
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const int64_t L = ${L}, inner = ${inner}, cols = ${outer} * inner;
  for (int64_t col = (int64_t)blockIdx.x * 256 + threadIdx.x; col < cols;
       col += (int64_t)gridDim.x * 256) {
    const int64_t o = col / inner, base = o * L * inner + (col - o * inner);
    float mx = ASRC_LOWEST_F32;
    for (int64_t l = 0; l < L; ++l) {
      const float xv = ${xv};
      mx = fmaxf(mx, xv);
    }
    float s = 0.0f;
    for (int64_t l = 0; l < L; ++l) {
      const float xv = ${xv};
      s += ${e};
    }
    const float lse = mx + logf(s);
    for (int64_t l = 0; l < L; ++l) {
      const float xv = ${xv};
      ${store}
    }
  }
}
)cuda",
                          {{"axis", str(axis)},
                           {"name", name},
                           {"L", dimExpr(X, 0, axis)},
                           {"inner", dimProduct(X, 0, axis + 1, R)},
                           {"outer", dimProduct(X, 0, 0, axis)},
                           {"xv", xv},
                           {"e", e},
                           {"store", store(O.type, tensorData(1), "base + l * inner", "xv - lse")}});
  out.plan = planHeader(name) + "  const int64_t cols = " + dimProduct(X, 0, 0, axis, true) +
             " * " + dimProduct(X, 0, axis + 1, R, true) + ";\n" +
             "  const int64_t blocks = (cols + 255) / 256;\n"
             "  p->num_steps = cols > 0 ? 1 : 0;\n"
             "  p->scratch_bytes = 0;\n"
             "  p->steps[0] = {\"" + name + "\", {" + capped("blocks", 1 << 20) +
             ", 1, 1}, {256, 1, 1}};\n}\n";
  return true;
}

//===----------------------------------------------------------------------===//
// Reduce
//===----------------------------------------------------------------------===//

/// Runs of adjacent input dims that are all reduced or all kept.
struct DimGroup {
  bool reduced;
  int lo, hi; ///< row-major dims [lo, hi)
};

/// Statements adding to `off` the input offset of flat index `idx` over
/// `groups` (listed outermost first; the flat index is row-major over them).
std::string decompose(const TensorDesc &x, const std::vector<DimGroup> &groups,
                      const std::string &idx, const std::string &off) {
  if (groups.empty())
    return "";
  const int R = x.rank();
  auto stride = [&](const DimGroup &g) { return dimProduct(x, 0, g.hi, R); };
  if (groups.size() == 1)
    return off + " += " + idx + " * " + stride(groups[0]) + ";\n";
  std::string s = "{\n  int64_t rest = " + idx + ";\n";
  for (size_t i = groups.size(); i-- > 1;) {
    std::string e = dimProduct(x, 0, groups[i].lo, groups[i].hi);
    s += "  " + off + " += (rest % " + e + ") * " + stride(groups[i]) + ";\n  rest /= " + e + ";\n";
  }
  s += "  " + off + " += rest * " + stride(groups[0]) + ";\n}\n";
  return s;
}

bool emitReduce(const KernelDesc &d, const std::string &name, CudaKernelSource &out) {
  requireCounts(d, 1, 1);
  requireFloatInput(d, 0, "input");
  const TensorDesc &X = d.inputs[0], &O = d.outputs[0];
  const int R = X.rank();
  if (R < 1)
    fail(d, "input must have rank >= 1");
  if (d.fn != "sum" && d.fn != "max" && d.fn != "mean")
    fail(d, "fn must be sum, max or mean, got '" + d.fn + "'");
  auto it = d.lists.find("axes");
  if (it == d.lists.end() || it->second.empty())
    fail(d, "axes missing");
  std::vector<bool> reduced(R, false);
  for (int64_t ax : it->second)
    reduced[normalizeAxis(d, ax, R)] = true;
  const bool keep = d.getInt("keep_dims") != 0;
  int nReduced = static_cast<int>(std::count(reduced.begin(), reduced.end(), true));
  if (O.rank() != (keep ? R : R - nReduced))
    fail(d, "output rank " + str(O.rank()) + ", expected " + str(keep ? R : R - nReduced));
  std::vector<DimGroup> kept, red;
  for (int i = 0; i < R;) {
    int j = i;
    while (j < R && reduced[j] == reduced[i])
      ++j;
    (reduced[i] ? red : kept).push_back({reduced[i], i, j});
    i = j;
  }
  auto extent = [&](const std::vector<DimGroup> &gs, bool host) {
    std::string s;
    for (const DimGroup &g : gs)
      s += (s.empty() ? "" : " * ") + dimProduct(X, 0, g.lo, g.hi, host);
    return s.empty() ? std::string("(int64_t)1") : "(" + s + ")";
  };
  const bool max = d.fn == "max";
  std::string init = max ? "ASRC_LOWEST_F32" : "0.0f";
  auto combine = [&](const std::string &v) {
    return max ? "acc = fmaxf(acc, " + v + ");" : "acc += " + v + ";";
  };
  std::string final = d.fn == "mean" ? "acc / (float)" + extent(red, false) : "acc";
  std::string what = "// Reduce " + d.fn + " over axes {";
  for (int i = 0, n = 0; i < R; ++i)
    if (reduced[i])
      what += (n++ ? ", " : "") + str(i);
  what += "}" + std::string(keep ? " (keep_dims)" : "") + "\n";
  std::string hostOutputs = extent(kept, true);
  if (reduced[R - 1]) {
    // The innermost dims are reduced: a warp per output, lanes along them.
    DimGroup innerGroup = red.back();
    std::vector<DimGroup> outerRed(red.begin(), red.end() - 1);
    out.device = substitute(R"cuda(${what}// A warp per output (8 per block), lanes along the reduced innermost dims
// (coalesced); outer reduced dims looped.
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const int lane = threadIdx.x & 31;
  const int64_t outputs = ${outputs}, inner = ${inner}, outerReduced = ${outerRed};
  for (int64_t o0 = (int64_t)blockIdx.x * 8; o0 < outputs; o0 += (int64_t)gridDim.x * 8) {
    const int64_t o = o0 + (threadIdx.x >> 5);
    const bool active = o < outputs;
    int64_t base = 0; // the output's input offset
    if (active) {
${keptOff}    }
    float acc = ${init};
    for (int64_t q = 0; active && q < outerReduced; ++q) {
      int64_t off = base;
${redOff}      for (int64_t c = lane; c < inner; c += 32)
        ${combine}
    }
    acc = ${warpop}(acc);
    if (active && lane == 0)
      ${store}
  }
}
)cuda",
                            {{"what", what},
                             {"name", name},
                             {"outputs", extent(kept, false)},
                             {"inner", dimProduct(X, 0, innerGroup.lo, innerGroup.hi)},
                             {"outerRed", extent(outerRed, false)},
                             {"keptOff", indent(decompose(X, kept, "o", "base"), 6)},
                             {"redOff", indent(decompose(X, outerRed, "q", "off"), 6)},
                             {"init", init},
                             {"combine", combine(load(X.type, tensorData(0), "off + c"))},
                             {"warpop", max ? "asrc_warp_max" : "asrc_warp_sum"},
                             {"store", store(O.type, tensorData(1), "o", final)}});
    out.plan = planHeader(name) + "  const int64_t outputs = " + hostOutputs + ";\n" +
               "  const int64_t blocks = (outputs + 7) / 8;\n"
               "  p->num_steps = outputs > 0 ? 1 : 0;\n"
               "  p->scratch_bytes = 0;\n"
               "  p->steps[0] = {\"" + name + "\", {" + capped("blocks", 1 << 20) +
               ", 1, 1}, {256, 1, 1}};\n}\n";
    return true;
  }
  // The innermost dims are kept: a thread per output, consecutive threads on
  // consecutive (contiguous) outputs.
  out.device = substitute(R"cuda(${what}// A thread per output; consecutive threads read consecutive elements of each
// reduced slice (coalesced).
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  const int64_t outputs = ${outputs}, reducedCount = ${count};
  for (int64_t o = (int64_t)blockIdx.x * 256 + threadIdx.x; o < outputs;
       o += (int64_t)gridDim.x * 256) {
    int64_t base = 0;
${keptOff}    float acc = ${init};
    for (int64_t q = 0; q < reducedCount; ++q) {
      int64_t off = base;
${redOff}      ${combine}
    }
    ${store}
  }
}
)cuda",
                          {{"what", what},
                           {"name", name},
                           {"outputs", extent(kept, false)},
                           {"count", extent(red, false)},
                           {"keptOff", indent(decompose(X, kept, "o", "base"), 4)},
                           {"redOff", indent(decompose(X, red, "q", "off"), 6)},
                           {"init", init},
                           {"combine", combine(load(X.type, tensorData(0), "off"))},
                           {"store", store(O.type, tensorData(1), "o", final)}});
  out.plan = planHeader(name) + "  const int64_t outputs = " + hostOutputs + ";\n" +
             "  const int64_t blocks = (outputs + 255) / 256;\n"
             "  p->num_steps = outputs > 0 ? 1 : 0;\n"
             "  p->scratch_bytes = 0;\n"
             "  p->steps[0] = {\"" + name + "\", {" + capped("blocks", 1 << 20) +
             ", 1, 1}, {256, 1, 1}};\n}\n";
  return true;
}

//===----------------------------------------------------------------------===//
// ScoreAdditive
//===----------------------------------------------------------------------===//

bool emitScoreAdditive(const KernelDesc &d, const std::string &name, CudaKernelSource &out) {
  const bool hasBias = d.getInt("has_bias", d.inputs.size() > 3 ? 1 : 0) != 0;
  requireCounts(d, hasBias ? 4 : 3, hasBias ? 4 : 3);
  for (size_t i = 0; i < d.inputs.size(); ++i)
    requireFloatInput(d, i, "every input");
  const TensorDesc &Q = d.inputs[0], &K = d.inputs[1], &O = d.outputs[0];
  requireRank(d, Q, 3, 3, "query");
  requireRank(d, K, 3, 3, "key");
  requireRank(d, d.inputs[2], 1, 1, "v");
  requireRank(d, O, 3, 3, "output");
  int64_t aq = Q.dims[2], ak = K.dims[2], av = d.inputs[2].dims[0];
  if ((aq >= 0 && ak >= 0 && aq != ak) || (aq >= 0 && av >= 0 && aq != av))
    fail(d, "query, key and v disagree on the attention dim");
  const int oi = static_cast<int>(d.inputs.size());
  // One query (a decoder step): the whole block along the keys.
  const int ti = Q.dims[1] == 1 ? 1 : 4, tj = 256 / ti;
  std::string qv = load(Q.type, tensorData(0), "qoff + qi * A + ac");
  if (hasBias)
    qv += " + " + load(d.inputs[3].type, tensorData(3), "ac");
  out.device = substitute(
      R"cuda(// ScoreAdditive: scores[b, i, j] = sum_a v[a] * tanh(q[b, i, a]${biasdoc} + k[b, j, a])
// Block: ${ti} queries x ${tj} keys (a thread per score); the attention dim in
// chunks of 32 through shared memory (q${biasdoc2} and k rows read coalesced).
ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  __shared__ float qs[${ti}][32];  // q (+ bias) chunk of the block's queries
  __shared__ float ks[${tj}][33]; // k chunk of the block's keys (padded: no bank conflicts)
  __shared__ float vs[32];
  const int tid = threadIdx.x, tq = tid / ${tj}, tk = tid % ${tj};
  const int64_t Lq = ${Lq}, Lk = ${Lk}, A = ${A}, Z = ${Z};
  const int64_t j0 = (int64_t)blockIdx.x * ${tj};
  for (int64_t z = blockIdx.z; z < Z; z += gridDim.z) {
${perbatch}    for (int64_t i0 = (int64_t)blockIdx.y * ${ti}; i0 < Lq; i0 += (int64_t)gridDim.y * ${ti}) {
      float acc = 0.0f;
      for (int64_t a0 = 0; a0 < A; a0 += 32) {
        __syncthreads(); // the previous chunk is consumed
        for (int e = tid; e < ${ti} * 32; e += 256) {
          const int64_t qi = i0 + (e >> 5), ac = a0 + (e & 31);
          qs[e >> 5][e & 31] = (qi < Lq && ac < A) ? ${qv} : 0.0f;
        }
        for (int e = tid; e < ${tj} * 32; e += 256) {
          const int64_t kj = j0 + (e >> 5), ac = a0 + (e & 31);
          ks[e >> 5][e & 31] = (kj < Lk && ac < A) ? ${kv} : 0.0f;
        }
        if (tid < 32)
          vs[tid] = a0 + tid < A ? ${vv} : 0.0f;
        __syncthreads();
        const int n = A - a0 < 32 ? (int)(A - a0) : 32;
        for (int c = 0; c < n; ++c)
          acc += vs[c] * tanhf(qs[tq][c] + ks[tk][c]);
      }
      const int64_t i = i0 + tq, j = j0 + tk;
      if (i < Lq && j < Lk)
        ${store}
    }
  }
}
)cuda",
      {{"biasdoc", hasBias ? " + bias[a]" : ""},
       {"biasdoc2", hasBias ? " + bias" : ""},
       {"ti", str(ti)},
       {"tj", str(tj)},
       {"name", name},
       {"Lq", dimExpr(O, oi, 1)},
       {"Lk", dimExpr(O, oi, 2)},
       {"A", aq >= 0 ? "(int64_t)" + str(aq)
                     : ak >= 0 ? "(int64_t)" + str(ak)
                               : av >= 0 ? "(int64_t)" + str(av) : dimExpr(Q, 0, 2)},
       {"Z", dimExpr(O, oi, 0)},
       {"perbatch", indent(batchOffsets(O, oi, 1, {{&Q, 0, "qoff"}, {&K, 1, "koff"}}, "z") +
                               "const int64_t ooff = z * Lq * Lk;\n",
                           4)},
       {"qv", qv},
       {"kv", load(K.type, tensorData(1), "koff + kj * A + ac")},
       {"vv", load(d.inputs[2].type, tensorData(2), "a0 + tid")},
       {"store", store(O.type, tensorData(oi), "ooff + i * Lk + j", "acc")}});
  out.plan = planHeader(name) + "  const int64_t Z = " + hostDim(O, oi, 0) + ", Lq = " +
             hostDim(O, oi, 1) + ", Lk = " + hostDim(O, oi, 2) + ";\n" +
             "  const int64_t gx = (Lk + " + str(tj - 1) + ") / " + str(tj) + ", gy = (Lq + " +
             str(ti - 1) + ") / " + str(ti) + ";\n" +
             "  p->num_steps = (Z > 0 && Lq > 0 && Lk > 0) ? 1 : 0;\n"
             "  p->scratch_bytes = 0;\n"
             "  p->steps[0] = {\"" + name + "\", {(uint32_t)gx, " + capped("gy", 65535) + ", " +
             capped("Z", 65535) + "}, {256, 1, 1}};\n}\n";
  return true;
}

} // namespace

bool emitComputeKernel(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                       std::string &error) {
  try {
    for (const auto *list : {&desc.inputs, &desc.outputs})
      for (const TensorDesc &t : *list)
        for (int64_t e : t.dims)
          if (e < -1)
            fail(desc, "a tensor has a bad dim " + str(e));
    switch (desc.kind) {
    case KernelKind::Matmul:
      return useGemv(desc) ? emitGemv(desc, name, out) : emitGemmKind(desc, name, out);
    case KernelKind::ScoreDot:
    case KernelKind::WeightedSum:
      return emitGemmKind(desc, name, out);
    case KernelKind::Conv1D:
      return emitConv1D(desc, name, out);
    case KernelKind::Conv2D:
      return emitConv2D(desc, name, out);
    case KernelKind::LayerNorm:
      return emitLayerNorm(desc, name, out);
    case KernelKind::Softmax:
      return emitSoftmax(desc, name, out);
    case KernelKind::LogSoftmax:
      return emitLogSoftmax(desc, name, out);
    case KernelKind::Reduce:
      return emitReduce(desc, name, out);
    case KernelKind::ScoreAdditive:
      return emitScoreAdditive(desc, name, out);
    default:
      error = std::string(kernels::kindName(desc.kind)) + " is not a compute kind";
      return false;
    }
  } catch (const std::exception &e) {
    error = e.what();
    return false;
  }
}

} // namespace asr::cuda

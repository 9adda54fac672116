//===- CudaKernelsAttention.cpp - CUDA kernels of the attention family ----===//
//
// FusedAttention (asr.fused_attention; semantics: codegen/halide/
// KernelsAttention.cpp) and RecurrentStep (one LSTM / GRU time step; the
// math of runtime/Recurrent.cpp). Everything computes in f32.
//
// FusedAttention has three kernels, picked at codegen time from the desc:
//  * flash (dot form, no probs, many queries, static D and Dv <= 128):
//    FlashAttention-2 style. One 128-thread block per (query tile of BQ =
//    64 or 32 rows, batch*head); key / value tiles of BK = 64 or 32 keys in
//    static shared memory (keys, then values, in one buffer); S = Q K^T per
//    tile in 4 x (BK / LG) register blocks fed by 16-byte shared reads;
//    online softmax (running max / sum per row, accumulator rescaled when
//    the max grows) in registers; P through shared memory; O += P V with
//    the output accumulator in registers. Tile sizes: the largest of
//    (64, 64), (64, 32), (32, 32) whose shared memory fits 48 KiB.
//  * split-K "rows" kernel (dot form, no probs: the decode case, Lq static
//    <= 4 or max_lq in [1, 4], and any D / Dv the flash kernel does not
//    take): one block per (batch*head, 4 query rows, key split, chunk of
//    value columns); the split's keys in tiles of 128 (one key per thread,
//    the key tile staged 32 features at a time); online softmax per tile;
//    with several splits, partial (max, sum, accumulator) go to scratch and
//    a second launch (`<name>_combine`) merges them. Correct for any Lq.
//  * two-pass kernel (additive form, or probs returned): one block per
//    (batch[*head], 4 query rows, chunk of value columns); pass 1 the
//    per-row max and sum of exp (online, per thread, then merged), pass 2
//    the normalized probabilities (written when asked) and the weighted sum.
// Scores are kept in log2 units (exp2f); masks as in the Halide kernel:
// key j of query i is visible when j < Lk, j < lengths[b] and (causal)
// j <= i; a row with no visible key is 0 (probabilities 0).
//
// RecurrentStep: one 128-thread block per (4 hidden units, 8 batch rows):
// warp w streams the G rows of W_hh of its unit (coalesced) against h_in
// rows staged in shared memory, the partial dot products are summed
// through shared memory and 32 threads apply the cell update.
//
//===----------------------------------------------------------------------===//

#include "codegen/cuda/CudaKernelsInternal.h"

#include <algorithm>

namespace asr::cuda {

static const char *kAttentionPrelude = R"cuda(
// --- asrc attention family helpers ---
// 16 bytes of floats for 128-bit shared-memory accesses.
#if defined(__CUDACC__)
typedef float4 asrc_attn_f4;
ASRC_DI asrc_attn_f4 asrc_attn_make4(float x, float y, float z, float w) {
  return make_float4(x, y, z, w);
}
#else
struct alignas(16) asrc_attn_f4 {
  float x, y, z, w;
};
ASRC_DI asrc_attn_f4 asrc_attn_make4(float x, float y, float z, float w) {
  asrc_attn_f4 v;
  v.x = x; v.y = y; v.z = z; v.w = w;
  return v;
}
#endif
ASRC_DI float asrc_attn_dot4(asrc_attn_f4 a, asrc_attn_f4 b) {
  return a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
}
// Merges the (max, sum of exp2(x - max)) pair (mo, lo) of a softmax in log2
// units into (m, l). Maxes start at -1e30 (finite), so no inf - inf.
ASRC_DI void asrc_attn_merge(float &m, float &l, float mo, float lo) {
  const float mn = fmaxf(m, mo);
  l = l * exp2f(m - mn) + lo * exp2f(mo - mn);
  m = mn;
}
// tanh as 1 - 2 / (e^2x + 1), x clamped to [-9, 9] (the Halide kernel's).
ASRC_DI float asrc_attn_tanh(float x) {
  x = fminf(fmaxf(x, -9.0f), 9.0f);
  return 1.0f - 2.0f / (__expf(2.0f * x) + 1.0f);
}
)cuda";

std::string attentionPrelude() { return kAttentionPrelude; }

namespace {

using Vars = std::vector<std::pair<std::string, std::string>>;

bool isFloatType(ElemType t) {
  return t == ElemType::F32 || t == ElemType::F16 || t == ElemType::BF16;
}

std::string tensorData(int i) { return "a.t[" + std::to_string(i) + "].data"; }

//===----------------------------------------------------------------------===//
// FusedAttention: the desc
//===----------------------------------------------------------------------===//

struct Attention {
  bool additive = false, hasLengths = false, hasBias = false, causal = false,
       returnProbs = false;
  double scale = 1.0;
  int rank = 4;
  int lengthsIdx = -1, vvIdx = -1, biasIdx = -1, outIdx = -1, probsIdx = -1;
  /// The query's batch / head dim is a static 1 read at index 0.
  bool qOneB = false, qOneH = false;
  TensorDesc Q, K, V;
};

bool checkAttention(const KernelDesc &d, Attention &a, std::string &error) {
  auto fail = [&](const std::string &why) {
    error = "FusedAttention: " + why;
    return false;
  };
  if (d.fn == "additive")
    a.additive = true;
  else if (d.fn != "dot")
    return fail("fn must be 'dot' or 'additive', got '" + d.fn + "'");
  a.hasLengths = d.getInt("has_lengths") != 0;
  a.hasBias = a.additive && d.getInt("has_bias") != 0;
  a.causal = d.getInt("causal") != 0;
  a.returnProbs = d.getInt("return_probs") != 0;
  a.scale = d.getFloat("scale", 1.0);
  size_t nIn = 3 + (a.hasLengths ? 1 : 0) + (a.additive ? 1 : 0) + (a.hasBias ? 1 : 0);
  if (d.inputs.size() != nIn)
    return fail("expected " + std::to_string(nIn) + " inputs, got " +
                std::to_string(d.inputs.size()));
  if (d.outputs.size() != (a.returnProbs ? 2u : 1u))
    return fail(std::string("expected ") + (a.returnProbs ? "2" : "1") + " outputs, got " +
                std::to_string(d.outputs.size()));
  a.rank = a.additive ? 3 : 4;
  for (int n = 0; n < 3; ++n)
    if (!isFloatType(d.inputs[n].type) || d.inputs[n].rank() != a.rank)
      return fail("query, key and value must be float tensors of rank " +
                  std::to_string(a.rank));
  for (const TensorDesc &o : d.outputs)
    if (o.rank() != a.rank || !isFloatType(o.type))
      return fail("outputs must be float tensors of rank " + std::to_string(a.rank));
  int n = 3;
  if (a.hasLengths) {
    a.lengthsIdx = n++;
    const TensorDesc &l = d.inputs[a.lengthsIdx];
    if (l.rank() != 1 || (l.type != ElemType::I32 && l.type != ElemType::I64))
      return fail("key_lengths must be an i32 or i64 tensor [B]");
  }
  if (a.additive) {
    a.vvIdx = n++;
    if (a.hasBias)
      a.biasIdx = n++;
    for (int i = a.vvIdx; i < n; ++i)
      if (d.inputs[i].rank() != 1 || !isFloatType(d.inputs[i].type))
        return fail("v and bias must be float tensors [A]");
  }
  a.outIdx = n;
  a.probsIdx = a.returnProbs ? n + 1 : -1;
  a.Q = d.inputs[0];
  a.K = d.inputs[1];
  a.V = d.inputs[2];
  int64_t dq = a.Q.dims.back(), dk = a.K.dims.back();
  if (dq >= 0 && dk >= 0 && dq != dk)
    return fail("query and key disagree on the feature dim");
  for (int i = 0; i < a.rank - 2; ++i) {
    int64_t qn = a.Q.dims[i], kn = a.K.dims[i];
    if (qn >= 0 && kn >= 0 && qn != kn && qn != 1)
      return fail("query dim " + std::to_string(i) + " (" + std::to_string(qn) +
                  ") is neither the key's (" + std::to_string(kn) + ") nor 1");
  }
  if (d.getInt("max_lq") < 0)
    return fail("max_lq must be >= 0 (0: no promise)");
  // Broadcast as the Halide kernel: a static 1 where the key's is not.
  a.qOneB = a.Q.dims[0] == 1 && a.K.dims[0] != 1;
  a.qOneH = !a.additive && a.Q.dims[1] == 1 && a.K.dims[1] != 1;
  return true;
}

/// `const int64_t` locals for the shapes a kernel reads, from the names
/// in `which` (of "B H Lq Lk D DV"; H is 1 for additive).
std::string shapeLocals(const Attention &a, const std::string &which) {
  int r = a.rank;
  std::vector<std::pair<std::string, std::string>> all = {
      {"B", dimExpr(a.K, 1, 0)},
      {"H", a.additive ? std::string("(int64_t)1") : dimExpr(a.K, 1, 1)},
      {"Lq", dimExpr(a.Q, 0, r - 2)},
      {"Lk", dimExpr(a.K, 1, r - 2)},
      {"D", dimExpr(a.Q, 0, r - 1)},
      {"DV", dimExpr(a.V, 2, r - 1)}};
  std::string s;
  for (const auto &[n, e] : all)
    if ((" " + which + " ").find(" " + n + " ") != std::string::npos)
      s += (s.empty() ? "" : ", ") + n + " = " + e;
  return "  const int64_t " + s + ";\n";
}

/// b, h, q_bh (the query's batch*head row: broadcast dims read at 0) and
/// k_len (keys that are not padding: min(Lk, lengths[b])) of the block whose
/// batch*head index is the local `bh`.
std::string batchSetup(const KernelDesc &d, const Attention &a) {
  std::string qb = a.qOneB ? "0" : "b";
  std::string qbh = a.additive ? qb
                               : "(int64_t)" + qb + " * " + (a.qOneH ? "1" : "H") + " + " +
                                     (a.qOneH ? "0" : "h");
  std::string kLen = "Lk";
  if (a.hasLengths)
    kLen = "min(Lk, (int64_t)" +
           load(d.inputs[a.lengthsIdx].type, tensorData(a.lengthsIdx), "b") + ")";
  return substitute(R"cuda(  const int64_t b = bh / H, h = bh % H;
  (void)h;
  const int64_t q_bh = ${qbh}; // the query's (batch, head): a static 1 is broadcast
  const int64_t k_len = ${kLen}; // keys that are not padding
)cuda",
                    {{"qbh", qbh}, {"kLen", kLen}});
}

/// The visible keys of query row `i` (an int64_t expression): a prefix.
std::string rowLimit(const Attention &a, const std::string &i) {
  return a.causal ? "min(k_len, (int64_t)(" + i + ") + 1)" : "k_len";
}

//===----------------------------------------------------------------------===//
// FusedAttention: flash kernel (dot, many queries)
//===----------------------------------------------------------------------===//

struct FlashTiles {
  int BQ = 64, BK = 32, QS = 0, KVS = 0;
};

/// Row stride in 16-byte units for n floats: odd, so that 8 threads reading
/// 16 bytes of 8 consecutive rows hit distinct banks.
int oddStride4(int64_t n) {
  int s = static_cast<int>((n + 3) / 4);
  return s % 2 ? s : s + 1;
}

bool pickFlashTiles(int64_t D, int64_t DV, FlashTiles &t) {
  t.QS = oddStride4(D);
  t.KVS = std::max(t.QS, oddStride4(DV));
  for (auto [bq, bk] : {std::pair{64, 64}, std::pair{64, 32}, std::pair{32, 32}}) {
    int64_t bytes = 16 * (int64_t(bq) * t.QS + int64_t(bk) * t.KVS) + 4 * int64_t(bq) * (bk + 1);
    if (bytes <= 48 * 1024) {
      t.BQ = bq;
      t.BK = bk;
      return true;
    }
  }
  return false;
}

static const char *kFlashKernel = R"cuda(// FusedAttention, dot form, FlashAttention-2 style. One block of 128 threads
// per (query tile of BQ rows, batch*head); the visible keys in tiles of BK:
//  1. the key tile -> shared memory; S = Q K^T for the tile: thread (row
//     group g = tid / LG, lane = tid % LG) owns query rows 4g..4g+3 and keys
//     lane + LG * c (c < KPT): a 4 x KPT register block fed by 16-byte shared
//     reads (row strides odd in 16-byte units: no bank conflicts);
//  2. online softmax in registers: the tile's row max is reduced over the LG
//     lanes of the row group (shuffles); the running max m, the running sum l
//     and the output accumulator are rescaled by exp2(m_old - m_new); P (not
//     yet normalized) -> shared memory;
//  3. the value tile -> shared memory (the key tile's buffer); O += P V: the
//     thread owns the same 4 rows and value columns 4 (lane + LG * c) .. +3.
// No [Lq, Lk] matrix exists. Scores are in log2 units (Q pre-scaled by
// scale * log2(e)). Key j of query i is visible when j < min(Lk, lengths[b])
// and (causal) j <= i; tiles past the block's last visible key are skipped;
// a row without visible keys is 0.
ASRC_KERNEL void __launch_bounds__(128) ${name}(asrc_cu_args a) {
  constexpr int BQ = ${BQ}, BK = ${BK}, LG = 4 * 128 / BQ, KPT = BK / LG;
  constexpr int D = ${D}, DV = ${DV}, D4 = (D + 3) / 4, DV4 = (DV + 3) / 4;
  constexpr int CPT = (DV4 + LG - 1) / LG; // value column groups per thread
  constexpr int QS = ${QS}, KVS = ${KVS}, PS = BK + 1; // row strides (16 bytes, 16 bytes, floats)
  __shared__ asrc_attn_f4 q_tile[BQ * QS];   // the block's queries, scaled
  __shared__ asrc_attn_f4 kv_tile[BK * KVS]; // the current key tile, then its values
  __shared__ float p_tile[BQ * PS];          // exp2(s - m) of the tile

${shapes}  const int64_t q_tiles = (Lq + BQ - 1) / BQ;
  const int64_t bh = blockIdx.x / q_tiles, i0 = (blockIdx.x % q_tiles) * BQ;
${batch}  const int tid = threadIdx.x, lane = tid % LG, row0 = tid / LG * 4;
  const int64_t kv_row0 = bh * Lk; // K / V row of key 0
  // Visible keys of the owned rows, and of the whole block (a prefix).
  int64_t row_end[4];
#pragma unroll
  for (int r = 0; r < 4; ++r)
    row_end[r] = ${rowLimit};
  const int64_t k_end = ${blockLimit};

  // The query tile: rows past Lq and features past D are zero.
  for (int x = tid; x < BQ * D4; x += 128) {
    const int r = x / D4, g = x % D4, d = 4 * g;
    const int64_t i = i0 + r, base = (q_bh * Lq + i) * D + d;
    float v[4];
#pragma unroll
    for (int c = 0; c < 4; ++c)
      v[c] = (i < Lq && d + c < D) ? ${loadQ} * ${qscale} : 0.0f;
    q_tile[r * QS + g] = asrc_attn_make4(v[0], v[1], v[2], v[3]);
  }

  float m[4], l[4], o[4][CPT][4]; // running max, sum (lane-partial) and output rows
#pragma unroll
  for (int r = 0; r < 4; ++r) {
    m[r] = -1e30f;
    l[r] = 0.0f;
#pragma unroll
    for (int c = 0; c < CPT; ++c)
      o[r][c][0] = o[r][c][1] = o[r][c][2] = o[r][c][3] = 0.0f;
  }

  for (int64_t k0 = 0; k0 < k_end; k0 += BK) {
    const int kn = (int)min((int64_t)BK, k_end - k0); // keys of this tile
    // 1. Keys -> shared (zero past the visible keys); S = Q K^T.
    for (int x = tid; x < BK * D4; x += 128) {
      const int r = x / D4, g = x % D4, d = 4 * g;
      const int64_t base = (kv_row0 + k0 + r) * D + d;
      float v[4];
#pragma unroll
      for (int c = 0; c < 4; ++c)
        v[c] = (r < kn && d + c < D) ? ${loadK} : 0.0f;
      kv_tile[r * KVS + g] = asrc_attn_make4(v[0], v[1], v[2], v[3]);
    }
    __syncthreads();
    float s[4][KPT];
#pragma unroll
    for (int r = 0; r < 4; ++r)
#pragma unroll
      for (int c = 0; c < KPT; ++c)
        s[r][c] = 0.0f;
#pragma unroll 4
    for (int g = 0; g < D4; ++g) {
      asrc_attn_f4 qv[4];
#pragma unroll
      for (int r = 0; r < 4; ++r)
        qv[r] = q_tile[(row0 + r) * QS + g];
#pragma unroll
      for (int c = 0; c < KPT; ++c) {
        const asrc_attn_f4 kv = kv_tile[(lane + LG * c) * KVS + g];
#pragma unroll
        for (int r = 0; r < 4; ++r)
          s[r][c] += asrc_attn_dot4(qv[r], kv);
      }
    }
    // 2. Online softmax: masked scores are -inf (exp2 -> 0).
#pragma unroll
    for (int r = 0; r < 4; ++r) {
      float tile_max = -__int_as_float(0x7f800000);
#pragma unroll
      for (int c = 0; c < KPT; ++c) {
        if (k0 + lane + LG * c >= row_end[r])
          s[r][c] = -__int_as_float(0x7f800000);
        tile_max = fmaxf(tile_max, s[r][c]);
      }
#pragma unroll
      for (int off = LG / 2; off > 0; off /= 2)
        tile_max = fmaxf(tile_max, __shfl_xor_sync(0xffffffffu, tile_max, off));
      const float m_new = fmaxf(m[r], tile_max);
      const float alpha = exp2f(m[r] - m_new); // rescale of what was summed so far
      m[r] = m_new;
      float sum = 0.0f;
#pragma unroll
      for (int c = 0; c < KPT; ++c) {
        const float p = exp2f(s[r][c] - m_new);
        p_tile[(row0 + r) * PS + lane + LG * c] = p;
        sum += p;
      }
      l[r] = l[r] * alpha + sum;
#pragma unroll
      for (int c = 0; c < CPT; ++c) {
        o[r][c][0] *= alpha;
        o[r][c][1] *= alpha;
        o[r][c][2] *= alpha;
        o[r][c][3] *= alpha;
      }
    }
    __syncthreads(); // P complete, key tile no longer read
    // 3. Values -> shared; O += P V.
    for (int x = tid; x < BK * DV4; x += 128) {
      const int r = x / DV4, g = x % DV4, e = 4 * g;
      const int64_t base = (kv_row0 + k0 + r) * DV + e;
      float v[4];
#pragma unroll
      for (int c = 0; c < 4; ++c)
        v[c] = (r < kn && e + c < DV) ? ${loadV} : 0.0f;
      kv_tile[r * KVS + g] = asrc_attn_make4(v[0], v[1], v[2], v[3]);
    }
    __syncthreads();
#pragma unroll 2
    for (int j = 0; j < kn; ++j) {
      float p[4];
#pragma unroll
      for (int r = 0; r < 4; ++r)
        p[r] = p_tile[(row0 + r) * PS + j];
#pragma unroll
      for (int c = 0; c < CPT; ++c) {
        if (DV4 % LG == 0 || lane + LG * c < DV4) {
          const asrc_attn_f4 vv = kv_tile[j * KVS + lane + LG * c];
#pragma unroll
          for (int r = 0; r < 4; ++r) {
            o[r][c][0] += p[r] * vv.x;
            o[r][c][1] += p[r] * vv.y;
            o[r][c][2] += p[r] * vv.z;
            o[r][c][3] += p[r] * vv.w;
          }
        }
      }
    }
    __syncthreads(); // P and the value tile no longer read
  }

  // The row sums over the row group; one division per row.
#pragma unroll
  for (int r = 0; r < 4; ++r) {
    float sum = l[r];
#pragma unroll
    for (int off = LG / 2; off > 0; off /= 2)
      sum += __shfl_xor_sync(0xffffffffu, sum, off);
    const float inv = sum > 0.0f ? 1.0f / sum : 0.0f;
    const int64_t i = i0 + row0 + r;
    if (i < Lq) {
#pragma unroll
      for (int c = 0; c < CPT; ++c) {
        const int g = lane + LG * c;
#pragma unroll
        for (int u = 0; u < 4; ++u) {
          const int e = 4 * g + u;
          if (g < DV4 && e < DV) {
            const int64_t at = (bh * Lq + i) * DV + e;
            ${storeOut}
          }
        }
      }
    }
  }
}
)cuda";

static const char *kFlashPlan = R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  // One block per (query tile of ${BQ} rows, batch*head).
  const int64_t bh = a->t[1].dims[0] * a->t[1].dims[1], lq = a->t[0].dims[2];
  const int64_t blocks = bh * ((lq + ${BQ} - 1) / ${BQ});
  p->num_steps = blocks > 0 ? 1 : 0;
  p->scratch_bytes = 0;
  p->steps[0] = {"${name}", {(uint32_t)blocks, 1, 1}, {128, 1, 1}};
}
)cuda";

void emitFlash(const KernelDesc &d, const Attention &a, const std::string &name,
               CudaKernelSource &out) {
  const int64_t D = a.Q.dims[3], DV = a.V.dims[3];
  FlashTiles t;
  pickFlashTiles(D, DV, t);
  const double log2e = 1.4426950408889634;
  std::string blockLimit =
      a.causal ? "min(k_len, min(i0 + BQ, Lq))" : std::string("k_len");
  out.device = substitute(
      kFlashKernel,
      {{"name", name},
       {"BQ", std::to_string(t.BQ)},
       {"BK", std::to_string(t.BK)},
       {"D", std::to_string(D)},
       {"DV", std::to_string(DV)},
       {"QS", std::to_string(t.QS)},
       {"KVS", std::to_string(t.KVS)},
       {"shapes", shapeLocals(a, "H Lq Lk")},
       {"batch", batchSetup(d, a)},
       {"rowLimit", rowLimit(a, "i0 + row0 + r")},
       {"blockLimit", blockLimit},
       {"loadQ", load(a.Q.type, tensorData(0), "base + c")},
       {"qscale", floatLiteral(a.scale * log2e)},
       {"loadK", load(a.K.type, tensorData(1), "base + c")},
       {"loadV", load(a.V.type, tensorData(2), "base + c")},
       {"storeOut", store(d.outputs[0].type, tensorData(a.outIdx), "at", "o[r][c][u] * inv")}});
  out.plan = substitute(kFlashPlan, {{"name", name}, {"BQ", std::to_string(t.BQ)}});
}

//===----------------------------------------------------------------------===//
// FusedAttention: scores of a key tile for 4 query rows (rows and two-pass
// kernels)
//===----------------------------------------------------------------------===//

/// Computes float s[4]: the scores (log2 units) of key j0 + tid for the
/// block's query rows i0 .. i0 + nq - 1, the key tile staged in shared
/// memory 32 features at a time. Needs k_tile[128][33], q_chunk[4][32] (and
/// vv_chunk[32] for additive) declared.
std::string scoreTile(const KernelDesc &d, const Attention &a) {
  const double log2e = 1.4426950408889634;
  std::string qElem = load(a.Q.type, tensorData(0), "(q_bh * Lq + i0 + q) * D + d");
  std::string extra, term, finish;
  if (a.additive) {
    if (a.hasBias)
      qElem += " + " + load(d.inputs[a.biasIdx].type, tensorData(a.biasIdx), "d");
    extra = "        if (q == 0)\n          vv_chunk[c] = d < D ? " +
            load(d.inputs[a.vvIdx].type, tensorData(a.vvIdx), "d") + " : 0.0f;\n";
    term = "vv_chunk[c] * asrc_attn_tanh(q_chunk[q][c] + kc)";
    finish = "#pragma unroll\n    for (int q = 0; q < 4; ++q)\n      s[q] *= " +
             floatLiteral(log2e) + "; // log2 units\n";
  } else {
    qElem += " * " + floatLiteral(a.scale * log2e);
    term = "q_chunk[q][c] * kc";
  }
  return substitute(
      R"cuda(    // Scores of key j0 + tid: the key tile staged 32 features at a time
    // (coalesced: a warp reads 32 consecutive features of one key).
    float s[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int64_t d0 = 0; d0 < D; d0 += 32) {
      for (int x = tid; x < 128 * 32; x += 128) {
        const int r = x >> 5, c = x & 31;
        const int64_t j = j0 + r, d = d0 + c;
        k_tile[r][c] = (j < k_end && d < D) ? ${loadK} : 0.0f;
      }
      {
        const int q = tid >> 5, c = tid & 31;
        const int64_t d = d0 + c;
        q_chunk[q][c] = (q < nq && d < D) ? ${qElem} : 0.0f;
${extra}      }
      __syncthreads();
#pragma unroll 8
      for (int c = 0; c < 32; ++c) {
        const float kc = k_tile[tid][c];
#pragma unroll
        for (int q = 0; q < 4; ++q)
          if (q < nq)
            s[q] += ${term};
      }
      __syncthreads();
    }
${finish})cuda",
      {{"loadK", load(a.K.type, tensorData(1), "(kv_row0 + j) * D + d")},
       {"qElem", qElem},
       {"extra", extra},
       {"term", term},
       {"finish", finish}});
}

/// Common head of the rows and two-pass kernels: shapes, the block's
/// (batch*head, 4 query rows), the rows' visible keys.
std::string rowsHead(const KernelDesc &d, const Attention &a, const std::string &shapes) {
  return shapeLocals(a, shapes) + R"cuda(  const int64_t row_chunks = (Lq + 3) / 4;
  const int64_t bh = blockIdx.x / row_chunks, i0 = (blockIdx.x % row_chunks) * 4;
  const int nq = (int)min((int64_t)4, Lq - i0); // query rows of this block
)cuda" + batchSetup(d, a) +
         substitute(R"cuda(  const int64_t kv_row0 = bh * Lk; // K / V row of key 0
  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  const int64_t e0 = (int64_t)blockIdx.z * EC; // this block's value columns: e0 .. e0 + EC - 1
  // Visible keys of each row (a prefix; none for rows past Lq) and of the block.
  int64_t row_end[4];
#pragma unroll
  for (int q = 0; q < 4; ++q)
    row_end[q] = q < nq ? ${rowLimit} : 0;
  const int64_t k_end = ${lastLimit};
)cuda",
                    {{"rowLimit", rowLimit(a, "i0 + q")},
                     {"lastLimit", rowLimit(a, "i0 + nq - 1")}});
}

/// The weighted-sum step of a tile (p_tile holds the tile's weights): warp
/// w adds keys j0 + 32w .. j0 + 32w + 31 (those below k_end), lanes over
/// value columns e0 + lane + 32u (coalesced rows of V).
std::string weightedSum(const Attention &a) {
  return substitute(R"cuda(    {
      const int64_t jb = j0 + 32 * warp, je = min(jb + 32, k_end);
      for (int64_t j = jb; j < je; ++j) {
        const int jt = (int)(j - j0);
#pragma unroll
        for (int u = 0; u < EU; ++u) {
          const int64_t e = e0 + lane + 32 * u;
          const float v = e < DV ? ${loadV} : 0.0f;
#pragma unroll
          for (int q = 0; q < 4; ++q)
            acc[q][u] += p_tile[q][jt] * v;
        }
      }
    }
)cuda",
                    {{"loadV", load(a.V.type, tensorData(2), "(kv_row0 + j) * DV + e")}});
}

/// Value columns per block (EU * 32): all of a static Dv <= 128, else
/// chunks of 128 (gridDim.z).
int valueUnits(const Attention &a) {
  int64_t dv = a.V.dims.back();
  return dv > 0 && dv <= 128 ? static_cast<int>((dv + 31) / 32) : 4;
}

//===----------------------------------------------------------------------===//
// FusedAttention: split-K rows kernel (dot, few queries / any D)
//===----------------------------------------------------------------------===//

static const char *kRowsKernel = R"cuda(// FusedAttention, dot form, split-K schedule (the decoder step: few query
// rows, many keys; also any D / Dv). One block of 128 threads per
// (batch*head, 4 query rows, key split = blockIdx.y, value columns
// blockIdx.z * EC ..). The split's keys in tiles of 128:
//  1. scores: one key per thread, the key tile staged in shared memory;
//  2. online softmax per tile: warp q reduces the tile max of query row q;
//     the running max, sum and accumulators are rescaled by exp2(m_old - m_new);
//  3. weighted sum: warp w adds the tile's keys 32w .. 32w + 31, lanes over
//     value columns; the 4 warps' sums are added at the end.
// One split: the block writes the output. Several: each block writes its
// partial (max, sum, accumulator) to scratch and ${name}_combine merges them.
// Scores in log2 units (Q pre-scaled by scale * log2(e)).
ASRC_KERNEL void __launch_bounds__(128) ${name}(asrc_cu_args a) {
  constexpr int KT = 128, EU = ${EU}, EC = 32 * EU;
  __shared__ float k_tile[KT][33];    // 128 keys x 32 features
  __shared__ float q_chunk[4][32];    // the query rows, same features
  __shared__ float p_tile[4][KT];     // scores, then exp2(s - m), of the tile
  __shared__ float row_alpha[4];      // the rows' rescale factors of this tile
  __shared__ float row_ml[4][2];      // the rows' final (max, sum)
  __shared__ float acc_red[4][4][EC]; // the warps' accumulators, added up

${head}  const int64_t tiles = (Lk + KT - 1) / KT, per_split = (tiles + gridDim.y - 1) / gridDim.y;
  const int64_t t_begin = blockIdx.y * per_split;
  const int64_t t_end = min(min(t_begin + per_split, tiles), (k_end + KT - 1) / KT);

  float m_run = -1e30f, l_run = 0.0f; // of query row `warp`: running max, lane-partial sum
  float acc[4][EU];                   // rows q, columns e0 + lane + 32u, over this warp's keys
#pragma unroll
  for (int q = 0; q < 4; ++q)
#pragma unroll
    for (int u = 0; u < EU; ++u)
      acc[q][u] = 0.0f;

  for (int64_t t = t_begin; t < t_end; ++t) {
    const int64_t j0 = t * KT;
${scores}#pragma unroll
    for (int q = 0; q < 4; ++q)
      p_tile[q][tid] = j0 + tid < row_end[q] ? s[q] : -__int_as_float(0x7f800000);
    __syncthreads();
    { // Online softmax, warp `warp` on query row `warp`.
      float v[4], tile_max = -__int_as_float(0x7f800000);
#pragma unroll
      for (int u = 0; u < 4; ++u) {
        v[u] = p_tile[warp][lane + 32 * u];
        tile_max = fmaxf(tile_max, v[u]);
      }
      tile_max = asrc_warp_max(tile_max);
      const float m_new = fmaxf(m_run, tile_max), alpha = exp2f(m_run - m_new);
      m_run = m_new;
      float sum = 0.0f;
#pragma unroll
      for (int u = 0; u < 4; ++u) {
        const float p = exp2f(v[u] - m_new);
        p_tile[warp][lane + 32 * u] = p;
        sum += p;
      }
      l_run = l_run * alpha + sum;
      if (lane == 0)
        row_alpha[warp] = alpha;
    }
    __syncthreads();
#pragma unroll
    for (int q = 0; q < 4; ++q)
#pragma unroll
      for (int u = 0; u < EU; ++u)
        acc[q][u] *= row_alpha[q];
${weightedSum}    __syncthreads(); // p_tile and k_tile are rewritten by the next tile
  }

  const float l_row = asrc_warp_sum(l_run);
  if (lane == 0) {
    row_ml[warp][0] = m_run;
    row_ml[warp][1] = l_row;
  }
#pragma unroll
  for (int q = 0; q < 4; ++q)
#pragma unroll
    for (int u = 0; u < EU; ++u)
      acc_red[warp][q][lane + 32 * u] = acc[q][u];
  __syncthreads();
  const int64_t splits = gridDim.y, rows = B * H * Lq;
  float *part_ml = (float *)((char *)a.scratch + 256); // [rows][splits][2]
  float *part_acc = part_ml + rows * splits * 2;       // [rows][splits][DV]
  for (int x = tid; x < 4 * EC; x += 128) {
    const int q = x / EC, c = x % EC;
    const int64_t e = e0 + c;
    if (q < nq && e < DV) {
      const float sum = acc_red[0][q][c] + acc_red[1][q][c] + acc_red[2][q][c] + acc_red[3][q][c];
      const int64_t row = bh * Lq + i0 + q;
      if (splits == 1) {
        const float l = row_ml[q][1];
        const int64_t at = row * DV + e;
        ${storeOut}
      } else {
        part_acc[(row * splits + blockIdx.y) * DV + e] = sum;
      }
    }
  }
  if (splits > 1 && blockIdx.z == 0 && tid < nq) {
    const int64_t row = bh * Lq + i0 + tid;
    part_ml[(row * splits + blockIdx.y) * 2] = row_ml[tid][0];
    part_ml[(row * splits + blockIdx.y) * 2 + 1] = row_ml[tid][1];
    if (tid == 0)
      *(int *)a.scratch = (int)splits; // for ${name}_combine (every block writes the same)
  }
}

// Merges the key splits of ${name}: one block per query row.
ASRC_KERNEL void __launch_bounds__(128) ${name}_combine(asrc_cu_args a) {
${shapes}  const int64_t rows = B * H * Lq, splits = *(const int *)a.scratch;
  const float *part_ml = (const float *)((const char *)a.scratch + 256);
  const float *part_acc = part_ml + rows * splits * 2;
  const int64_t row = blockIdx.x;
  const float *ml = part_ml + row * splits * 2;
  float m = -1e30f, l = 0.0f;
  for (int64_t s = 0; s < splits; ++s)
    m = fmaxf(m, ml[2 * s]);
  for (int64_t s = 0; s < splits; ++s)
    l += ml[2 * s + 1] * exp2f(ml[2 * s] - m);
  const float inv = l > 0.0f ? 1.0f / l : 0.0f;
  for (int64_t e = threadIdx.x; e < DV; e += blockDim.x) {
    float sum = 0.0f;
    for (int64_t s = 0; s < splits; ++s)
      sum += part_acc[(row * splits + s) * DV + e] * exp2f(ml[2 * s] - m);
    const int64_t at = row * DV + e;
    ${storeCombined}
  }
}
)cuda";

static const char *kRowsPlan = R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  const int64_t bh = a->t[1].dims[0] * a->t[1].dims[1], lq = a->t[0].dims[2];
  const int64_t lk = a->t[1].dims[2], dv = a->t[2].dims[3];
  const int64_t blocks = bh * ((lq + 3) / 4), e_chunks = (dv + ${EC} - 1) / ${EC};
  p->num_steps = 0;
  p->scratch_bytes = 0;
  if (blocks <= 0 || dv <= 0)
    return;
  // Split the keys when the blocks alone would not fill the GPU: about 256
  // blocks in all, at least 256 keys (2 tiles) per split.
  const int64_t tiles = (lk + 127) / 128, most = (tiles + 1) / 2;
  int64_t splits = (256 + blocks * e_chunks - 1) / (blocks * e_chunks);
  splits = splits < most ? splits : most;
  splits = splits < 1 ? 1 : splits > 65535 ? 65535 : splits;
  p->steps[0] = {"${name}", {(uint32_t)blocks, (uint32_t)splits, (uint32_t)e_chunks}, {128, 1, 1}};
  p->num_steps = 1;
  if (splits > 1) {
    const int64_t rows = bh * lq;
    p->scratch_bytes = (size_t)(256 + rows * splits * (2 + dv) * 4);
    p->steps[1] = {"${name}_combine", {(uint32_t)rows, 1, 1}, {128, 1, 1}};
    p->num_steps = 2;
  }
}
)cuda";

void emitRows(const KernelDesc &d, const Attention &a, const std::string &name,
              CudaKernelSource &out) {
  int eu = valueUnits(a);
  ElemType ot = d.outputs[0].type;
  out.device = substitute(
      kRowsKernel,
      {{"name", name},
       {"EU", std::to_string(eu)},
       {"head", rowsHead(d, a, "B H Lq Lk D DV")},
       {"shapes", shapeLocals(a, "B H Lq DV")},
       {"scores", scoreTile(d, a)},
       {"weightedSum", weightedSum(a)},
       {"storeOut", store(ot, tensorData(a.outIdx), "at", "l > 0.0f ? sum / l : 0.0f")},
       {"storeCombined", store(ot, tensorData(a.outIdx), "at", "sum * inv")}});
  out.plan = substitute(kRowsPlan, {{"name", name}, {"EC", std::to_string(32 * eu)}});
}

//===----------------------------------------------------------------------===//
// FusedAttention: two-pass kernel (additive, or probs returned)
//===----------------------------------------------------------------------===//

static const char *kTwoPassKernel = R"cuda(// FusedAttention, ${form}, two passes over the keys. One block of 128
// threads per (${bhname}, 4 query rows, value columns blockIdx.z * EC ..);
// keys in tiles of 128, one key per thread, the key tile staged in shared
// memory:
//  pass 1: each thread keeps a running (max, sum of exp) per row over its
//          keys; warp q merges row q's 128 pairs;
//  pass 2: the scores again; p = exp2(s - max) / sum${probsNote}; warp w adds
//          p V over the tile's keys 32w .. 32w + 31, lanes over value columns.
// Scores in log2 units.
ASRC_KERNEL void __launch_bounds__(128) ${name}(asrc_cu_args a) {
  constexpr int KT = 128, EU = ${EU}, EC = 32 * EU;
  __shared__ float k_tile[KT][33]; // 128 keys x 32 features
  __shared__ float q_chunk[4][32]; // the query rows${qnote}, same features
${vvDecl}  __shared__ float p_tile[4][KT];  // probabilities of the tile
  __shared__ float red_m[4][KT], red_l[4][KT];
  __shared__ float row_max[4], row_inv[4];
  __shared__ float acc_red[4][4][EC]; // the warps' accumulators, added up

${head}  const int64_t tiles = (k_end + KT - 1) / KT;

  // Pass 1: per-thread running (max, sum) of each row.
  float m[4] = {-1e30f, -1e30f, -1e30f, -1e30f}, l[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (int64_t t = 0; t < tiles; ++t) {
    const int64_t j0 = t * KT;
${scores}#pragma unroll
    for (int q = 0; q < 4; ++q)
      if (j0 + tid < row_end[q])
        asrc_attn_merge(m[q], l[q], s[q], 1.0f);
  }
#pragma unroll
  for (int q = 0; q < 4; ++q) {
    red_m[q][tid] = m[q];
    red_l[q][tid] = l[q];
  }
  __syncthreads();
  { // warp q merges row q
    float mm = -1e30f, ll = 0.0f;
#pragma unroll
    for (int u = 0; u < 4; ++u)
      asrc_attn_merge(mm, ll, red_m[warp][lane + 32 * u], red_l[warp][lane + 32 * u]);
#pragma unroll
    for (int off = 16; off > 0; off /= 2) {
      const float mo = __shfl_xor_sync(0xffffffffu, mm, off);
      const float lo = __shfl_xor_sync(0xffffffffu, ll, off);
      asrc_attn_merge(mm, ll, mo, lo);
    }
    if (lane == 0) {
      row_max[warp] = mm;
      row_inv[warp] = ll > 0.0f ? 1.0f / ll : 0.0f;
    }
  }
  __syncthreads();

  // Pass 2: probabilities and the weighted sum.
  float acc[4][EU]; // rows q, columns e0 + lane + 32u, over this warp's keys
#pragma unroll
  for (int q = 0; q < 4; ++q)
#pragma unroll
    for (int u = 0; u < EU; ++u)
      acc[q][u] = 0.0f;
  for (int64_t t = 0; t < tiles; ++t) {
    const int64_t j0 = t * KT;
${scores}    const int64_t j = j0 + tid;
#pragma unroll
    for (int q = 0; q < 4; ++q) {
      const float p = j < row_end[q] ? exp2f(s[q] - row_max[q]) * row_inv[q] : 0.0f;
${storeP}    }
    __syncthreads();
${weightedSum}    __syncthreads(); // p_tile and k_tile are rewritten by the next tile
  }
${zeroTail}
#pragma unroll
  for (int q = 0; q < 4; ++q)
#pragma unroll
    for (int u = 0; u < EU; ++u)
      acc_red[warp][q][lane + 32 * u] = acc[q][u];
  __syncthreads();
  for (int x = tid; x < 4 * EC; x += 128) {
    const int q = x / EC, c = x % EC;
    const int64_t e = e0 + c;
    if (q < nq && e < DV) {
      const float sum = acc_red[0][q][c] + acc_red[1][q][c] + acc_red[2][q][c] + acc_red[3][q][c];
      const int64_t at = (bh * Lq + i0 + q) * DV + e;
      ${storeOut}
    }
  }
}
)cuda";

static const char *kTwoPassPlan = R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  // One block per (${bhname}, 4 query rows, ${EC} value columns).
  const int64_t bh = ${bhExpr}, lq = a->t[0].dims[${lqDim}], dv = a->t[2].dims[${dvDim}];
  const int64_t blocks = bh * ((lq + 3) / 4), e_chunks = (dv + ${EC} - 1) / ${EC};
  p->num_steps = blocks > 0 && e_chunks > 0 ? 1 : 0;
  p->scratch_bytes = 0;
  p->steps[0] = {"${name}", {(uint32_t)blocks, 1, (uint32_t)e_chunks}, {128, 1, 1}};
}
)cuda";

void emitTwoPass(const KernelDesc &d, const Attention &a, const std::string &name,
                 CudaKernelSource &out) {
  int eu = valueUnits(a);
  std::string storeP, zeroTail;
  if (a.returnProbs) {
    ElemType pt = d.outputs[1].type;
    std::string pidx = "(bh * Lq + i0 + q) * Lk + j";
    std::string stored = "p";
    if (pt == ElemType::F16)
      stored = "asrc_f16_to_f32(asrc_f32_to_f16(p))";
    else if (pt == ElemType::BF16)
      stored = "asrc_bf16_to_f32(asrc_f32_to_bf16(p))";
    storeP = substitute(R"cuda(      if (blockIdx.z == 0 && q < nq && j < Lk) {
        ${store}
      }
      p_tile[q][tid] = ${stored}; // the weighted sum uses the stored probabilities
)cuda",
                        {{"store", store(pt, tensorData(a.probsIdx), pidx, "p")},
                         {"stored", stored}});
    zeroTail = substitute(R"cuda(  // Probabilities of the keys past the last tile are 0.
  if (blockIdx.z == 0)
    for (int q = 0; q < nq; ++q)
      for (int64_t j = (tiles > 0 ? tiles : 0) * KT + tid; j < Lk; j += 128) {
        ${store}
      }
)cuda",
                          {{"store", store(pt, tensorData(a.probsIdx), pidx, "0.0f")}});
  } else {
    storeP = "      p_tile[q][tid] = p;\n";
  }
  std::string bhname = a.additive ? "batch" : "batch*head";
  out.device = substitute(
      kTwoPassKernel,
      {{"name", name},
       {"form", a.additive ? "additive form" : "dot form with probabilities"},
       {"bhname", bhname},
       {"probsNote", a.returnProbs ? " (written out)" : ""},
       {"qnote", a.additive ? (a.hasBias ? " plus bias" : "") : " (scaled)"},
       {"vvDecl", a.additive ? "  __shared__ float vv_chunk[32];  // v, same features\n" : ""},
       {"EU", std::to_string(eu)},
       {"head", rowsHead(d, a, "H Lq Lk D DV")},
       {"scores", scoreTile(d, a)},
       {"storeP", storeP},
       {"weightedSum", weightedSum(a)},
       {"zeroTail", zeroTail},
       {"storeOut", store(d.outputs[0].type, tensorData(a.outIdx), "at", "sum")}});
  out.plan = substitute(
      kTwoPassPlan,
      {{"name", name},
       {"bhname", bhname},
       {"EC", std::to_string(32 * eu)},
       {"bhExpr", a.additive ? "a->t[1].dims[0]" : "a->t[1].dims[0] * a->t[1].dims[1]"},
       {"lqDim", std::to_string(a.rank - 2)},
       {"dvDim", std::to_string(a.rank - 1)}});
}

bool emitFusedAttention(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                        std::string &error) {
  Attention a;
  if (!checkAttention(d, a, error))
    return false;
  if (a.additive || a.returnProbs) {
    emitTwoPass(d, a, name, out);
    return true;
  }
  int64_t lq = a.Q.dims[2], maxLq = d.getInt("max_lq");
  bool decode = (lq > 0 && lq <= kernels::kAttentionDecodeMaxLq) ||
                (maxLq > 0 && maxLq <= kernels::kAttentionDecodeMaxLq);
  int64_t D = a.Q.dims[3], DV = a.V.dims[3];
  bool flashShapes = D > 0 && D <= 128 && DV > 0 && DV <= 128;
  if (!decode && flashShapes)
    emitFlash(d, a, name, out);
  else
    emitRows(d, a, name, out);
  return true;
}

//===----------------------------------------------------------------------===//
// RecurrentStep
//===----------------------------------------------------------------------===//

static const char *kRecurrentKernel = R"cuda(// RecurrentStep (${fn}): one time step of one direction of a layer, PyTorch
// semantics (gates ${gates}). One block of 128 threads = 4 warps per (4
// hidden units, 8 batch rows): warp w computes unit j = 4 blockIdx.x + w for
// rows b0 = 8 blockIdx.y ..: its lanes stream the unit's G rows of W_hh
// (coalesced; each row read once for the 8 rows) against the h_in rows,
// staged in shared memory 256 features at a time, keeping G x 8 partial dot
// products; these are added up through shared memory and 32 threads (unit,
// row) apply the cell update. Rows whose sequence has ended (t >= lengths[b])
// output 0 and carry their state unchanged.
ASRC_KERNEL void __launch_bounds__(128) ${name}(asrc_cu_args a) {
  constexpr int G = ${G}, UB = 4, BB = 8, KC = 256;
  __shared__ float h_chunk[BB][KC];
  __shared__ float partial[UB][G * BB][33];
  const int64_t B = ${B}, H = ${H}, T = ${T}, O = ${O}, out_col = ${outCol};
  const int64_t step = a.scalars[0], t = ${reverse} ? T - 1 - step : step;
  const float *xg = (const float *)a.t[0].data, *w_hh = (const float *)a.t[1].data;
  const float *b_hh = (const float *)a.t[2].data, *h_in = (const float *)a.t[3].data;
${cIn}  float *out = (float *)a.t[${outIdx}].data, *h_out = (float *)a.t[${hOutIdx}].data;
${cOut}  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  const int64_t j = (int64_t)blockIdx.x * UB + warp, b0 = (int64_t)blockIdx.y * BB;

  // W_hh h_in for unit j, gates g, rows b0 + r: lane-partial sums.
  float acc[G][BB];
#pragma unroll
  for (int g = 0; g < G; ++g)
#pragma unroll
    for (int r = 0; r < BB; ++r)
      acc[g][r] = 0.0f;
  for (int64_t k0 = 0; k0 < H; k0 += KC) {
    for (int x = tid; x < BB * KC; x += 128) {
      const int r = x / KC, c = x % KC;
      const int64_t b = b0 + r, k = k0 + c;
      h_chunk[r][c] = (b < B && k < H) ? h_in[b * H + k] : 0.0f;
    }
    __syncthreads();
    if (j < H) {
      const int kn = (int)min((int64_t)KC, H - k0);
      for (int c = lane; c < kn; c += 32) {
        float w[G];
#pragma unroll
        for (int g = 0; g < G; ++g)
          w[g] = w_hh[(g * H + j) * H + k0 + c];
#pragma unroll
        for (int r = 0; r < BB; ++r) {
          const float hv = h_chunk[r][c];
#pragma unroll
          for (int g = 0; g < G; ++g)
            acc[g][r] += w[g] * hv;
        }
      }
    }
    __syncthreads();
  }
#pragma unroll
  for (int g = 0; g < G; ++g)
#pragma unroll
    for (int r = 0; r < BB; ++r)
      partial[warp][g * BB + r][lane] = acc[g][r];
  __syncthreads();

  // The cell update: thread (unit u, row r).
  if (tid < UB * BB) {
    const int u = tid / BB, r = tid % BB;
    const int64_t jj = (int64_t)blockIdx.x * UB + u, b = b0 + r;
    if (jj < H && b < B) {
      float hg[G]; // W_hh h + b_hh, gate by gate
#pragma unroll
      for (int g = 0; g < G; ++g) {
        float sum = 0.0f;
        for (int x = 0; x < 32; ++x)
          sum += partial[u][g * BB + r][x];
        hg[g] = sum + b_hh[g * H + jj];
      }
      const float *x_t = xg + (b * T + t) * (G * H); // x W_ih^T + b_ih at time t
      float *out_t = out + (b * T + t) * O + out_col;
      const float h_prev = h_in[b * H + jj];
${update}    }
  }
}
)cuda";

static const char *kLstmUpdate = R"cuda(      const float c_prev = c_in[b * H + jj];
      if (${ended}) {
        out_t[jj] = 0.0f;
        h_out[b * H + jj] = h_prev;
        c_out[b * H + jj] = c_prev;
      } else {
        const float ig = asrc_sigmoid(x_t[jj] + hg[0]);
        const float fg = asrc_sigmoid(x_t[H + jj] + hg[1]);
        const float gg = tanhf(x_t[2 * H + jj] + hg[2]);
        const float og = asrc_sigmoid(x_t[3 * H + jj] + hg[3]);
        const float c_new = fg * c_prev + ig * gg;
        const float h_new = og * tanhf(c_new);
        out_t[jj] = h_new;
        h_out[b * H + jj] = h_new;
        c_out[b * H + jj] = c_new;
      }
)cuda";

static const char *kGruUpdate = R"cuda(      if (${ended}) {
        out_t[jj] = 0.0f;
        h_out[b * H + jj] = h_prev;
      } else {
        const float rg = asrc_sigmoid(x_t[jj] + hg[0]);
        const float zg = asrc_sigmoid(x_t[H + jj] + hg[1]);
        const float ng = tanhf(x_t[2 * H + jj] + rg * hg[2]);
        const float h_new = (1.0f - zg) * ng + zg * h_prev;
        out_t[jj] = h_new;
        h_out[b * H + jj] = h_new;
      }
)cuda";

static const char *kRecurrentPlan = R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  // One block per (4 hidden units, 8 batch rows).
  const int64_t b = a->t[3].dims[0], h = a->t[3].dims[1];
  p->num_steps = b > 0 && h > 0 ? 1 : 0;
  p->scratch_bytes = 0;
  p->steps[0] = {"${name}", {(uint32_t)((h + 3) / 4), (uint32_t)((b + 7) / 8), 1}, {128, 1, 1}};
}
)cuda";

bool emitRecurrentStep(const KernelDesc &d, const std::string &name, CudaKernelSource &out,
                       std::string &error) {
  auto fail = [&](const std::string &why) {
    error = "RecurrentStep: " + why;
    return false;
  };
  bool lstm = d.fn == "lstm";
  if (!lstm && d.fn != "gru")
    return fail("fn must be 'lstm' or 'gru', got '" + d.fn + "'");
  bool hasLengths = d.getInt("has_lengths") != 0;
  size_t nIn = 4 + (lstm ? 1 : 0) + (hasLengths ? 1 : 0);
  size_t nOut = lstm ? 3 : 2;
  if (d.inputs.size() != nIn || d.outputs.size() != nOut)
    return fail("expected " + std::to_string(nIn) + " inputs and " + std::to_string(nOut) +
                " outputs, got " + std::to_string(d.inputs.size()) + " and " +
                std::to_string(d.outputs.size()));
  static const int kRanks[] = {3, 2, 1, 2, 2};
  for (size_t i = 0; i < 4 + (lstm ? 1u : 0u); ++i)
    if (d.inputs[i].type != ElemType::F32 || d.inputs[i].rank() != kRanks[i])
      return fail("xg [B,T,G*H], w_hh [G*H,H], b_hh [G*H], h [B,H] (, c [B,H]) must be f32");
  int lengthsIdx = hasLengths ? static_cast<int>(nIn) - 1 : -1;
  if (hasLengths) {
    const TensorDesc &l = d.inputs[lengthsIdx];
    if (l.rank() != 1 || (l.type != ElemType::I32 && l.type != ElemType::I64))
      return fail("lengths must be an i32 or i64 tensor [B]");
  }
  const int outIdx = static_cast<int>(nIn);
  static const int kOutRanks[] = {3, 2, 2};
  for (size_t i = 0; i < nOut; ++i)
    if (d.outputs[i].type != ElemType::F32 || d.outputs[i].rank() != kOutRanks[i])
      return fail("out [B,T,O], h_out [B,H] (, c_out [B,H]) must be f32");
  const int64_t outCol = d.getInt("out_col");
  if (outCol < 0)
    return fail("out_col must be >= 0");
  const TensorDesc &X = d.inputs[0], &Hin = d.inputs[3], &Out = d.outputs[0];
  std::string ended = "false";
  if (hasLengths)
    ended = "t >= (int64_t)" + load(d.inputs[lengthsIdx].type, tensorData(lengthsIdx), "b");
  out.device = substitute(
      kRecurrentKernel,
      {{"name", name},
       {"fn", lstm ? "LSTM" : "GRU"},
       {"gates", lstm ? "i, f, g, o" : "r, z, n"},
       {"G", lstm ? "4" : "3"},
       {"B", dimExpr(Hin, 3, 0)},
       {"H", dimExpr(Hin, 3, 1)},
       {"T", dimExpr(X, 0, 1)},
       {"O", dimExpr(Out, outIdx, 2)},
       {"outCol", "(int64_t)" + std::to_string(outCol)},
       {"reverse", d.getInt("reverse") ? "true" : "false"},
       {"cIn", lstm ? "  const float *c_in = (const float *)a.t[4].data;\n" : ""},
       {"outIdx", std::to_string(outIdx)},
       {"hOutIdx", std::to_string(outIdx + 1)},
       {"cOut", lstm ? "  float *c_out = (float *)a.t[" + std::to_string(outIdx + 2) +
                           "].data;\n"
                     : ""},
       {"update", substitute(lstm ? kLstmUpdate : kGruUpdate, {{"ended", ended}})}});
  out.plan = substitute(kRecurrentPlan, {{"name", name}});
  return true;
}

} // namespace

bool emitAttentionKernel(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                         std::string &error) {
  switch (desc.kind) {
  case KernelKind::FusedAttention:
    return emitFusedAttention(desc, name, out, error);
  case KernelKind::RecurrentStep:
    return emitRecurrentStep(desc, name, out, error);
  default:
    error = std::string("no CUDA kernel for ") + kernels::kindName(desc.kind) +
            " in the attention family";
    return false;
  }
}

} // namespace asr::cuda

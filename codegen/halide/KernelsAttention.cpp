//===- KernelsAttention.cpp - asr.fused_attention as Halide ---------------===//
//
// KernelKind::FusedAttention (asr.fused_attention). As elsewhere in
// codegen/halide, THE ALGORITHM (a struct of Funcs) and THE SCHEDULE (a
// function of the knobs) are apart.
//
// Forms:
//  * FlashAlgo (dot, return_probs = 0): FlashAttention-2 style single pass.
//    Keys are cut into nb = ceil(Lk / key_block) blocks of equal size
//    KBe = ceil(Lk / nb) (so padding keys exist only below one register
//    block); per block the block-local scores sc, max bm, exp p, sum bl and
//    weighted sum bacc are computed; a running Tuple state (m, l, acc) per
//    (e, i, h, b) is updated once per block with a rescale by the
//    block-local max (HALIDE-NOTES pitfall 8; one exp per rescale: of the
//    two factors one is 1). Scores are kept in log2 units (the query is
//    scaled by scale * log2(e)) and exponentiated by exp2c, a degree-5
//    polynomial (relative error 2.2e-7). Scale and masks are applied
//    inside; no [Lq, Lk] score matrix exists: scheduled, per task the block
//    Funcs hold query_tile x key_block floats (2 x 128 KB by default, once
//    per task).
//    Two schedules: the tiled one (query_tile queries per task; score GEMM
//    with queries as lanes in register blocks of 32 queries x score_keys
//    keys, the keys of a register block copied dense first so the GEMM loop
//    has no clamped per-key address math; weighted sum in register blocks
//    of pv_rows rows x Dv) and the decode one (one task per (h, b) pair,
//    keys as lanes), chosen by the knob `decode`: on by default when Lq is
//    static <= kAttentionDecodeMaxLq (4) or the desc promises max_lq <= 4.
//    For a dynamic Lq the entry-point codegen (ModelEmitter) compiles both
//    variants and calls the decode one when Lq <= 4 at run time (a decoder
//    step), the tiled one otherwise.
//  * TwoPassAlgo (additive, or return_probs = 1): scores of a query row over
//    every key, masked max, exp, sum, normalize, weighted sum. The probs
//    output (when asked) is computed first and the output reads it.
//
// Query broadcast (dot): a static 1 as q's batch or head dim while k / v
// have B / H (content attention's weight vector as the query): q is read at
// batch 0 / head 0.
//
// Masks: key j is visible to query i when j < Lk, j < key_lengths[b] (if
// given) and j <= i (if causal). A row with no visible key is 0 (probs 0).
// TwoPass: exp is fast_exp with its argument clamped at -80 (pitfall 2);
// flash: exp2c clamps at -126. The running max starts at -1e30 and every
// exp argument is a difference clamped there. Every input read clamps its
// indices, so tiles larger than the data (pitfalls 3, 4) compute garbage
// rows that are never stored but never read out of bounds.
//
// Measured (2-core Zen 4, AVX-512, dot H=6 T=1500 D=64, 4*H*T*T*D flops;
// machine shared, so thread CPU time at 1 thread): the kernel alone 96
// GFLOP/s at 1 thread (82 before the K staging, exp2c, equal key blocks
// and per-task buffers); GEMMs alone in the kernel ~101 (the exps ~1.4 ms
// of 36, max and sum passes ~0.5 ms). Key blocks 512-2048, query tiles
// 32 or 64, score_keys 4-12, pv_rows 4-8 (a tried, not kept, 8-16 rows x
// 16-32 columns block too)
// all measure within 1%; key_block 256 is 3% slower. End to end through
// asrc (scripts/bench_attention.py, with the head split / merge
// transposes, ~1.1 ms), wall time on a quiet machine: 92 GFLOP/s at
// T=1500 (H6 and H8) and 96 at T=3000 on 1 thread (unfused 72-77,
// OpenBLAS's two GEMMs 83-84 in the same run), 181 / 181 / 188 on 2
// threads (unfused 110-135, OpenBLAS 151-154). Decode steps (Lq = 1,
// T = 1500), end to end: 0.41 ms on 1 thread, 0.28 on 2, symbolic and
// static Lq alike (unfused 0.58-0.59 on 1 thread). Kernel alone:
// the decode schedule 0.13 ms, the tiled one 0.75 ms.
// At L=4096 the largest heap block is 128 KB (the scores / exps of one
// query tile x one key block, once per task). The naive schedule computes
// every Func at root (the whole [Lk, Lq] score matrix): a reference, not
// for long inputs.
//
// Knobs (defaults):
//   key_block   1024  most keys per block of the online softmax (blocks of
//                     equal size; clamped to a static Lk); part of the
//                     algorithm.
//   query_tile    32  queries per task (tiled form) / rows per task (two
//                     pass); rounded up to a multiple of 2 x vector_width
//                     when the score GEMM uses queries as lanes.
//   score_keys     8  keys of a score register block (tiled).
//   pv_rows        4  query rows of a weighted-sum register block (tiled).
//   hoist_buffers  1  block buffers (scores, exps) allocated once per task
//                     instead of once per block (tiled).
//   vector_width  natural f32 lanes (16 on AVX-512).
//   parallel       1  parallel tasks over (query tiles, h, b).
//   decode        Lq static <= 4 or max_lq in [1, 4]: the decode schedule
//                     (flash form) instead of the tiled one.
//   naive          0  1: every Func compute_root, nothing vectorized; 2:
//                     the algorithm alone, no scheduling call (for Halide's
//                     autoschedulers, AutoSchedule.h).
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/KernelsInternal.h"

#include <algorithm>
#include <cfloat>

namespace asr::kernels {

using namespace Halide;

namespace {

using Knobs = std::map<std::string, int64_t>;

constexpr KernelKind kKind = KernelKind::FusedAttention;
constexpr float kNegBig = -1e30f;

bool isFloatT(ElemType t) {
  return t == ElemType::F32 || t == ElemType::F16 || t == ElemType::BF16;
}

int64_t staticH(const TensorDesc &t, int h) { return t.dims[t.rank() - 1 - h]; }

Expr extH(const TensorDesc &t, const ImageParam &p, int h) {
  int64_t e = staticH(t, h);
  return e >= 0 ? Expr(static_cast<int>(e)) : p.dim(h).extent();
}

Expr rd(const ImageParam &p, const std::vector<Expr> &idx) {
  Expr v = p(idx);
  return v.type() == Float(32) ? v : cast<float>(v);
}

/// exp of x <= 0 (clamped: fast_exp NaNs on large negative arguments).
Expr expc(Expr x) { return fast_exp(max(x, -80.f)); }

/// 2^x for x <= 0, clamped at -126 (a normal float): round to nearest,
/// a degree-5 polynomial on [-0.5, 0.5] (relative error 2.2e-7), the power
/// of two in the exponent bits. Cheaper than fast_exp (no log2(e) multiply:
/// the flash form keeps scores in log2 units; no exponent clamps).
Expr exp2c(Expr x) {
  Expr xc = max(x, -126.f);
  Expr n = round(xc);
  Expr f = xc - n;
  Expr poly = 0.0013266970f;
  for (float coef : {0.0096754597f, 0.055507426f, 0.24022122f, 0.69314695f,
                     1.0000001f})
    poly = poly * f + coef;
  Expr pow2 = reinterpret(Float(32), (cast<int>(n) + 127) << 23);
  return poly * pow2;
}

/// tanh without libm (pitfall 1).
Expr tanhExp(Expr x) {
  return 1.f - 2.f / (fast_exp(2.f * clamp(x, -9.f, 9.f)) + 1.f);
}

struct Attrs {
  bool additive = false, hasLengths = false, hasBias = false, causal = false,
       returnProbs = false;
  float scale = 1.f;
};

Attrs checkDesc(const KernelDesc &d) {
  Attrs a;
  if (d.fn == "additive")
    a.additive = true;
  else if (d.fn != "dot")
    fail(kKind, "fn must be 'dot' or 'additive', got '" + d.fn + "'");
  a.hasLengths = d.getInt("has_lengths") != 0;
  a.hasBias = a.additive && d.getInt("has_bias") != 0;
  a.causal = d.getInt("causal") != 0;
  a.returnProbs = d.getInt("return_probs") != 0;
  a.scale = static_cast<float>(d.getFloat("scale", 1.0));
  size_t nIn = 3 + (a.hasLengths ? 1 : 0) + (a.additive ? 1 : 0) +
               (a.hasBias ? 1 : 0);
  if (d.inputs.size() != nIn)
    fail(kKind, "expected " + std::to_string(nIn) + " inputs, got " +
                    std::to_string(d.inputs.size()));
  if (d.outputs.size() != (a.returnProbs ? 2u : 1u))
    fail(kKind, "expected " + std::string(a.returnProbs ? "2" : "1") +
                    " outputs, got " + std::to_string(d.outputs.size()));
  const int rank = a.additive ? 3 : 4;
  for (int n = 0; n < 3; ++n) {
    if (!isFloatT(d.inputs[n].type))
      fail(kKind, "query, key and value must be float tensors");
    if (d.inputs[n].rank() != rank)
      fail(kKind, "query, key and value must have rank " + std::to_string(rank));
  }
  for (const TensorDesc &o : d.outputs)
    if (o.rank() != rank || !isFloatT(o.type))
      fail(kKind, "outputs must be float tensors of rank " + std::to_string(rank));
  size_t n = 3;
  if (a.hasLengths) {
    const TensorDesc &l = d.inputs[n++];
    if (l.rank() != 1 || isFloatT(l.type))
      fail(kKind, "key_lengths must be an integer tensor [B]");
  }
  if (a.additive) {
    for (; n < d.inputs.size(); ++n)
      if (d.inputs[n].rank() != 1 || !isFloatT(d.inputs[n].type))
        fail(kKind, "v and bias must be float tensors [A]");
  }
  int64_t dq = d.inputs[0].dims.back(), dk = d.inputs[1].dims.back();
  if (dq >= 0 && dk >= 0 && dq != dk)
    fail(kKind, "query and key disagree on the feature dim");
  // Batch (and heads): the query's may be a static 1 (broadcast).
  for (int n = 0; n < rank - 2; ++n) {
    int64_t qn = d.inputs[0].dims[n], kn = d.inputs[1].dims[n];
    if (qn >= 0 && kn >= 0 && qn != kn && qn != 1)
      fail(kKind, "query dim " + std::to_string(n) + " (" + std::to_string(qn) +
                      ") is neither the key's (" + std::to_string(kn) + ") nor 1");
  }
  if (d.getInt("max_lq") < 0)
    fail(kKind, "max_lq must be >= 0 (0: no promise)");
  return a;
}

std::vector<ImageParam> inputsOf(const KernelDesc &d) {
  std::vector<ImageParam> ps;
  for (size_t i = 0; i < d.inputs.size(); ++i)
    ps.push_back(makeInput(d.inputs[i], "in" + std::to_string(i)));
  return ps;
}

/// Shared: shapes, the visibility mask.
struct Common {
  Attrs a;
  std::vector<ImageParam> in;
  Expr Lq, Lk, D, Dv;
  int64_t sLq = -1, sLk = -1, sD = -1, sDv = -1;
  /// Halide dims of q: (d, i, [h,] b); batch vars after i.
  std::vector<Var> bv; ///< (h, b) for dot, (b) for additive
  /// The query's batch indices: bv, or 0 where q has a static 1 (broadcast).
  std::vector<Expr> qbv;
  Var b() const { return bv.back(); }
  Expr valid(Expr j, Expr i) const {
    Expr ok = j < Lk;
    if (a.hasLengths)
      ok = ok && j < cast<int>(in[3](b()));
    if (a.causal)
      ok = ok && j <= i;
    return ok;
  }
  std::vector<Expr> idx(std::initializer_list<Expr> head) const {
    std::vector<Expr> r(head);
    for (const Var &v : bv)
      r.push_back(v);
    return r;
  }
  /// idx for reads of the query.
  std::vector<Expr> qidx(std::initializer_list<Expr> head) const {
    std::vector<Expr> r(head);
    for (const Expr &v : qbv)
      r.push_back(v);
    return r;
  }
};

Common makeCommon(const KernelDesc &d, const Attrs &a) {
  Common c;
  c.a = a;
  c.in = inputsOf(d);
  const TensorDesc &Q = d.inputs[0], &K = d.inputs[1], &V = d.inputs[2];
  c.Lq = extH(Q, c.in[0], 1);
  c.Lk = extH(K, c.in[1], 1);
  c.D = extH(Q, c.in[0], 0);
  c.Dv = extH(V, c.in[2], 0);
  c.sLq = staticH(Q, 1);
  c.sLk = staticH(K, 1);
  c.sD = staticH(Q, 0);
  c.sDv = staticH(V, 0);
  if (a.additive)
    c.bv = {Var("b")};
  else
    c.bv = {Var("h"), Var("b")};
  for (size_t n = 0; n < c.bv.size(); ++n) {
    bool bcast = staticH(Q, 2 + static_cast<int>(n)) == 1 &&
                 staticH(K, 2 + static_cast<int>(n)) != 1;
    c.qbv.push_back(bcast ? Expr(0) : Expr(c.bv[n]));
  }
  return c;
}

//===----------------------------------------------------------------------===//
// Flash (dot, no probs): THE ALGORITHM
//===----------------------------------------------------------------------===//

struct FlashAlgo {
  Common c;
  Var e{"e"}, i{"i"}, jj{"jj"}, blk{"blk"}, dd{"dd"};
  int KB = 1;
  RDom rdD, rj, rb;
  Func qsT{"qsT"}, kB{"kB"}, acc{"acc"}, sc{"sc"}, bm{"bm"}, p{"p"}, bl{"bl"},
      baccA{"baccA"}, bacc{"bacc"}, state{"state"}, out{"out"};
};

FlashAlgo buildFlash(const KernelDesc &d, const Attrs &a, const Knobs &k) {
  FlashAlgo g;
  g.c = makeCommon(d, a);
  Common &c = g.c;
  int64_t kb = std::max<int64_t>(knob(k, "key_block", kKind), 1);
  if (c.sLk > 0)
    kb = std::min(kb, c.sLk);
  g.KB = static_cast<int>(kb);
  const int KB = g.KB;
  ImageParam q = c.in[0], kk = c.in[1], v = c.in[2];
  Var e = g.e, i = g.i, jj = g.jj, blk = g.blk, dd = g.dd;
  g.rdD = RDom(0, c.D, "rd");
  // nb blocks of equal size KBe <= KB: padding keys only up to nb - 1.
  Expr nb = (c.Lk + (KB - 1)) / KB;
  Expr KBe = min(KB, (c.Lk + nb - 1) / max(nb, 1));
  g.rj = RDom(0, KBe, "rj");
  g.rb = RDom(0, nb, "rb");
  Expr ic = clamp(i, 0, c.Lq - 1);
  // Scaled queries, queries innermost (the score GEMM's lanes); scores in
  // log2 units (exp(x) = 2^(x log2 e)).
  const float log2e = 1.4426950408889634f;
  g.qsT(c.idx({i, dd})) = rd(q, c.qidx({dd, ic})) * (a.scale * log2e);
  // Keys of a block (reads clamped: the last block may pass Lk).
  Expr jAbs = blk * KBe + jj;
  g.kB(c.idx({dd, jj, blk})) = rd(kk, c.idx({dd, min(jAbs, c.Lk - 1)}));
  // Block-local scores: key blk*KB + jj.
  std::vector<Expr> sArgs = c.idx({jj, blk, i});
  g.acc(sArgs) = 0.f;
  g.acc(sArgs) += g.qsT(c.idx({i, g.rdD})) * g.kB(c.idx({g.rdD, jj, blk}));
  g.sc(sArgs) = g.acc(sArgs);
  Expr jR = blk * KBe + g.rj;
  std::vector<Expr> bArgs = c.idx({blk, i});
  g.bm(bArgs) = kNegBig;
  g.bm(bArgs) = max(g.bm(bArgs), select(c.valid(jR, i),
                                        g.sc(c.idx({g.rj, blk, i})), kNegBig));
  g.p(sArgs) = select(c.valid(jAbs, i), exp2c(g.sc(sArgs) - g.bm(bArgs)), 0.f);
  g.bl(bArgs) = 0.f;
  g.bl(bArgs) += g.p(c.idx({g.rj, blk, i}));
  Expr ec = (c.sDv > 0) ? Expr(e) : min(e, c.Dv - 1);
  std::vector<Expr> aArgs = c.idx({e, blk, i});
  g.baccA(aArgs) = 0.f;
  g.baccA(aArgs) += g.p(c.idx({g.rj, blk, i})) *
                    rd(v, c.idx({ec, min(jR, c.Lk - 1)}));
  g.bacc(aArgs) = g.baccA(aArgs);
  // Running state over key blocks.
  std::vector<Expr> oArgs = c.idx({e, i});
  g.state(oArgs) = Tuple(kNegBig, 0.f, 0.f);
  Expr mOld = g.state(oArgs)[0], lOld = g.state(oArgs)[1],
       aOld = g.state(oArgs)[2];
  Expr mB = g.bm(c.idx({g.rb, i}));
  Expr mNew = max(mOld, mB);
  // 2^(mOld - mNew) and 2^(mB - mNew): one of them is 1, one exp.
  Expr dm = mOld - mB, t = exp2c(-abs(dm));
  Expr alpha = select(dm >= 0.f, 1.f, t), beta = select(dm >= 0.f, t, 1.f);
  g.state(oArgs) = Tuple(mNew, lOld * alpha + g.bl(c.idx({g.rb, i})) * beta,
                         aOld * alpha + g.bacc(c.idx({e, g.rb, i})) * beta);
  Expr l = g.state(oArgs)[1];
  g.out(oArgs) = cast(halideType(d.outputs[0].type),
                      select(l > 0.f, g.state(oArgs)[2] / l, 0.f));
  constrainOutput(g.out, d.outputs[0]);
  return g;
}

//===----------------------------------------------------------------------===//
// Flash: THE SCHEDULE
//===----------------------------------------------------------------------===//

void scheduleFlash(FlashAlgo &g, const Knobs &k) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  Common &c = g.c;
  if (naiveSchedule(k)) {
    for (Func f : {g.qsT, g.acc, g.sc, g.bm, g.p, g.bl, g.baccA, g.bacc,
                   g.state})
      f.compute_root();
    return;
  }
  const int V = static_cast<int>(std::max<int64_t>(knob(k, "vector_width", kKind), 1));
  const bool par = knob(k, "parallel", kKind) != 0;
  int QT = static_cast<int>(std::max<int64_t>(knob(k, "query_tile", kKind), 1));
  Var e = g.e, i = g.i, jj = g.jj, blk = g.blk;
  Var h = c.bv[0], b = c.bv[1];
  const bool denseE = c.sDv > 0 && c.sDv % V == 0;
  const int eLanes = denseE ? V : std::min<int>(V, c.sDv > 0 ? std::max<int64_t>(c.sDv, 1) : V);
  const TailStrategy eTail = denseE ? TailStrategy::RoundUp : TailStrategy::GuardWithIf;
  LoopLevel atBlock(g.state, g.rb);

  if (knob(k, "decode", kKind) != 0) {
    // Decode: one task per (h, b); keys as lanes.
    Var hb("hb");
    g.out.fuse(h, b, hb);
    if (par)
      g.out.parallel(hb);
    g.out.vectorize(e, eLanes, eTail);
    g.state.compute_at(g.out, hb).vectorize(e, eLanes, eTail);
    g.state.update().reorder(e, i, g.rb).vectorize(e, eLanes, eTail);
    g.qsT.compute_at(g.out, hb);
    g.sc.compute_at(atBlock).vectorize(jj, V, TailStrategy::GuardWithIf);
    g.acc.compute_at(g.sc, jj).vectorize(jj, V, TailStrategy::GuardWithIf);
    g.acc.update().reorder(jj, g.rdD).vectorize(jj, V, TailStrategy::GuardWithIf);
    g.bm.compute_at(atBlock);
    g.p.compute_at(atBlock).vectorize(jj, V, TailStrategy::GuardWithIf);
    g.bl.compute_at(atBlock);
    g.baccA.compute_at(atBlock).vectorize(e, eLanes, eTail);
    g.baccA.update().reorder(e, g.rj).vectorize(e, eLanes, eTail);
    return;
  }

  // Tiled: QT queries per task; queries as lanes in the score GEMM.
  const int IB = 2 * V; // query lanes of one score register block
  const int JB = static_cast<int>(std::max<int64_t>(knob(k, "score_keys", kKind), 1));
  QT = std::max(IB, (QT + IB - 1) / IB * IB);
  const int RB = static_cast<int>(std::max<int64_t>(knob(k, "pv_rows", kKind), 1));
  Var io("io"), ii("ii");
  g.out.split(i, io, ii, QT, TailStrategy::GuardWithIf)
      .reorder(e, ii, io, h, b);
  if (par)
    g.out.parallel(io).parallel(h).parallel(b);
  g.out.vectorize(e, eLanes, eTail);
  g.state.compute_at(g.out, io).vectorize(e, eLanes, eTail);
  g.state.update().reorder(e, i, g.rb).vectorize(e, eLanes, eTail);
  g.qsT.compute_at(g.out, io).vectorize(i, V, TailStrategy::RoundUp);
  // Every per-task Func spans exactly one query tile (the last tile too:
  // reads are clamped): constant-size buffers, on the stack, no per-block
  // malloc (pitfall 7).
  for (Func f : {g.state, g.qsT, g.sc, g.bm, g.p, g.bl, g.bacc})
    f.bound_extent(i, QT);
  if (knob(k, "hoist_buffers", kKind)) {
    // The block buffers allocated once per task, not once per block.
    g.sc.store_at(g.out, io);
    g.p.store_at(g.out, io);
  }

  // Scores: register blocks of IB queries x JB keys, accumulator in registers.
  Var it("it"), jt("jt"), iv("iv"), jv("jv");
  g.sc.compute_at(atBlock)
      .reorder_storage(i, jj, blk, h, b)
      .tile(i, jj, it, jt, iv, jv, IB, JB, TailStrategy::RoundUp)
      .reorder(iv, jv, it, jt)
      .vectorize(iv, V)
      .unroll(iv)
      .unroll(jv);
  g.acc.compute_at(g.sc, it)
      .reorder_storage(i, jj, blk, h, b)
      .vectorize(i, V)
      .unroll(i)
      .unroll(jj);
  g.acc.update().reorder(i, jj, g.rdD).vectorize(i, V).unroll(i).unroll(jj);
  // The JB keys of a register block copied dense (their reads are clamped
  // per key): the score loop then reads them at constant offsets.
  const bool denseD = c.sD > 0 && c.sD % V == 0;
  g.kB.compute_at(g.sc, jt).vectorize(
      g.dd, V, denseD ? TailStrategy::RoundUp : TailStrategy::GuardWithIf);

  const TailStrategy up = TailStrategy::RoundUp;
  g.bm.compute_at(atBlock).vectorize(i, V, up);
  g.bm.update().reorder(i, g.rj).vectorize(i, V, up);
  g.p.compute_at(atBlock).reorder_storage(i, jj, blk, h, b)
      .reorder(i, jj).vectorize(i, V, up);
  g.bl.compute_at(atBlock).vectorize(i, V, up);
  g.bl.update().reorder(i, g.rj).vectorize(i, V, up);

  // Weighted sum: register blocks of RB rows x Dv (when static and small).
  Var iw("iw"), ir("ir");
  g.bacc.compute_at(atBlock)
      .split(i, iw, ir, RB, TailStrategy::RoundUp)
      .reorder(e, ir, iw)
      .vectorize(e, eLanes, eTail);
  g.baccA.compute_at(g.bacc, iw).vectorize(e, eLanes, eTail);
  g.baccA.update().reorder(e, i, g.rj).vectorize(e, eLanes, eTail);
  if (denseE && c.sDv <= 4 * V) {
    g.bacc.unroll(e).unroll(ir);
    g.baccA.unroll(e).unroll(i);
    g.baccA.update().unroll(e).unroll(i);
  }
}

//===----------------------------------------------------------------------===//
// Two pass (additive, or probs returned): THE ALGORITHM
//===----------------------------------------------------------------------===//

struct TwoPassAlgo {
  Common c;
  Var e{"e"}, i{"i"}, j{"j"};
  RDom rk, ra;
  Func s{"s"}, mx{"mx"}, pe{"pe"}, sm{"sm"}, inv{"inv"}, wsum{"wsum"},
      out{"out"}, probs{"probs"};
  bool hasProbs = false;
};

TwoPassAlgo buildTwoPass(const KernelDesc &d, const Attrs &a) {
  TwoPassAlgo g;
  g.c = makeCommon(d, a);
  Common &c = g.c;
  ImageParam q = c.in[0], kk = c.in[1], v = c.in[2];
  Var e = g.e, i = g.i, j = g.j;
  Expr ic = clamp(i, 0, c.Lq - 1), jc = clamp(j, 0, c.Lk - 1);
  g.ra = RDom(0, c.D, "ra");
  std::vector<Expr> sArgs = c.idx({j, i});
  if (a.additive) {
    size_t n = 3 + (a.hasLengths ? 1 : 0);
    ImageParam vv = c.in[n];
    Expr qa = rd(q, c.qidx({g.ra, ic}));
    if (a.hasBias)
      qa += rd(c.in[n + 1], {g.ra});
    g.s(sArgs) = 0.f;
    g.s(sArgs) += rd(vv, {g.ra}) * tanhExp(qa + rd(kk, c.idx({g.ra, jc})));
  } else {
    g.s(sArgs) = 0.f;
    g.s(sArgs) += rd(q, c.qidx({g.ra, ic})) * rd(kk, c.idx({g.ra, jc}));
  }
  Expr sc = a.additive ? g.s(sArgs) : g.s(sArgs) * a.scale;
  g.rk = RDom(0, c.Lk, "rk");
  std::vector<Expr> rArgs = c.idx({i});
  Expr sAtR = a.additive ? g.s(c.idx({g.rk, i}))
                         : g.s(c.idx({g.rk, i})) * a.scale;
  g.mx(rArgs) = kNegBig;
  g.mx(rArgs) = max(g.mx(rArgs), select(c.valid(g.rk, i), sAtR, kNegBig));
  g.pe(sArgs) = select(c.valid(j, i), expc(sc - g.mx(rArgs)), 0.f);
  g.sm(rArgs) = 0.f;
  g.sm(rArgs) += g.pe(c.idx({g.rk, i}));
  g.inv(rArgs) = select(g.sm(rArgs) > 0.f, 1.f / g.sm(rArgs), 0.f);
  std::vector<Expr> oArgs = c.idx({e, i});
  Func wsum = g.wsum;
  wsum(oArgs) = 0.f;
  Expr ec = min(e, c.Dv - 1);
  if (a.returnProbs) {
    g.hasProbs = true;
    g.probs(sArgs) =
        cast(halideType(d.outputs[1].type), g.pe(sArgs) * g.inv(rArgs));
    constrainOutput(g.probs, d.outputs[1]);
    Expr pr = g.probs(c.idx({g.rk, i}));
    wsum(oArgs) += (pr.type() == Float(32) ? pr : cast<float>(pr)) *
                   rd(v, c.idx({ec, g.rk}));
    g.out(oArgs) = cast(halideType(d.outputs[0].type), wsum(oArgs));
  } else {
    wsum(oArgs) += g.pe(c.idx({g.rk, i})) * rd(v, c.idx({ec, g.rk}));
    g.out(oArgs) =
        cast(halideType(d.outputs[0].type), wsum(oArgs) * g.inv(rArgs));
  }
  constrainOutput(g.out, d.outputs[0]);
  return g;
}

void scheduleTwoPass(TwoPassAlgo &g, const Knobs &k) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  Common &c = g.c;
  Var e = g.e, i = g.i, j = g.j, b = c.b();
  if (naiveSchedule(k)) {
    for (Func f : {g.s, g.mx, g.pe, g.sm, g.inv, g.wsum})
      f.compute_root();
    return;
  }
  const int V = static_cast<int>(std::max<int64_t>(knob(k, "vector_width", kKind), 1));
  const bool par = knob(k, "parallel", kKind) != 0;
  const int RT = static_cast<int>(std::max<int64_t>(knob(k, "query_tile", kKind), 1));
  // The Func whose rows drive the score computations.
  Func rows = g.hasProbs ? g.probs : g.out;
  Var vi = g.hasProbs ? j : e;
  Var io("io"), ii("ii");
  rows.split(i, io, ii, RT, TailStrategy::GuardWithIf);
  if (par) {
    rows.parallel(io);
    for (const Var &v : c.bv)
      rows.parallel(v);
  }
  rows.vectorize(vi, V, TailStrategy::GuardWithIf);
  LoopLevel atRow(rows, ii), atTask(rows, io);
  g.mx.compute_at(atRow);
  g.sm.compute_at(atRow);
  g.inv.compute_at(atRow);
  g.s.store_at(atTask).compute_at(atRow).vectorize(j, V, TailStrategy::GuardWithIf);
  g.s.update().reorder(j, g.ra).vectorize(j, V, TailStrategy::GuardWithIf);
  g.pe.store_at(atTask).compute_at(atRow).vectorize(j, V, TailStrategy::GuardWithIf);
  if (!g.hasProbs) {
    g.wsum.compute_at(atRow).vectorize(e, V, TailStrategy::GuardWithIf);
    g.wsum.update().reorder(e, g.rk).vectorize(e, V, TailStrategy::GuardWithIf);
  } else {
    Var oo("oo"), oi("oi");
    g.out.split(i, oo, oi, RT, TailStrategy::GuardWithIf)
        .vectorize(e, V, TailStrategy::GuardWithIf);
    g.wsum.compute_at(g.out, oi).vectorize(e, V, TailStrategy::GuardWithIf);
    g.wsum.update().reorder(e, g.rk).vectorize(e, V, TailStrategy::GuardWithIf);
    if (par) {
      g.out.parallel(oo);
      for (const Var &v : c.bv)
        g.out.parallel(v);
    }
  }
  (void)b;
}

} // namespace

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

std::map<std::string, int64_t> attentionKnobs(const KernelDesc &desc,
                                              const Target &target) {
  int64_t lq = desc.inputs.empty() || desc.inputs[0].rank() < 2
                   ? -1
                   : desc.inputs[0].dims[desc.inputs[0].rank() - 2];
  int64_t maxLq = desc.getInt("max_lq");
  bool decode = (lq > 0 && lq <= kAttentionDecodeMaxLq) ||
                (maxLq > 0 && maxLq <= kAttentionDecodeMaxLq);
  return {{"key_block", 1024},
          {"query_tile", 32},
          {"vector_width", naturalLanes(target, Float(32))},
          {"parallel", 1},
          {"hoist_buffers", 1},
          {"score_keys", 8},
          {"pv_rows", 4},
          {"decode", decode ? 1 : 0}};
}

BuiltKernel buildAttention(const KernelDesc &desc, const Target &target,
                           const std::map<std::string, int64_t> &knobs) {
  (void)target;
  Attrs a = checkDesc(desc);
  if (!a.additive && !a.returnProbs) {
    FlashAlgo g = buildFlash(desc, a, knobs);
    scheduleFlash(g, knobs);
    return finish({g.out}, g.c.in);
  }
  TwoPassAlgo g = buildTwoPass(desc, a);
  scheduleTwoPass(g, knobs);
  if (g.hasProbs)
    return finish({g.out, g.probs}, g.c.in);
  return finish({g.out}, g.c.in);
}

} // namespace asr::kernels

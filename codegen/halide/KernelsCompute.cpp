//===- KernelsCompute.cpp - compute-heavy kernels: GEMM, conv, norms ------===//
//
// Halide algorithms and default schedules for Matmul, ScoreDot, WeightedSum,
// Conv1D, Conv2D, LayerNorm, Softmax, LogSoftmax, Reduce and ScoreAdditive.
//
// As in Halide's apps: per kind, THE ALGORITHM is a struct of Funcs and Vars
// built by a build* function that makes no scheduling call; THE SCHEDULE is
// one schedule* function per kind, the only place that calls split,
// vectorize, parallel, compute_at, ..., driven by the knobs.
//
// Knobs (defaults from computeKnobs(); every kind also takes "naive": 1 =
// the -O0 schedule, every intermediate compute_root, no vectorize/parallel;
// 2 = the algorithm alone, no scheduling call at all, for Halide's
// autoschedulers (AutoSchedule.h). The algorithms never depend on their
// schedule for correctness: clamped reads and the GEMM's run-time
// specializations only serve the register blocks).
// Times: 2-vCPU AMD EPYC (Zen 4, AVX-512), HL_NUM_THREADS=1, Halide 14 JIT,
// medians from asr-bench-kernels; FP32 peak is 117 GFLOP/s per core.
//
// GEMM family (Matmul, ScoreDot, WeightedSum, Conv1D as implicit GEMM):
//   out(n, m, batch) = sum_r A(r, m) * B(n, r); n = output columns (vector
//   lanes), m = rows. [1,1500,384] x [1536,384]^T: 111 GFLOP/s; 1500x1500x64:
//   107; conv1d [1,3000,80] -> 384 k3: 112; ScoreDot 6 heads 1500^2 x 64: 95.
//   vector_width  16   lanes (natural f32 lanes of the target).
//   block_n       32   register block columns (multiple of vector_width).
//   block_m        8   register block rows. 32 x 8 keeps 16 accumulators in
//                      zmm registers over the whole reduction (HALIDE-NOTES).
//                      A static M below it (decoder steps, T = 1) shrinks it.
//   tile_n        64   columns per task (multiple of block_n): the B panel
//                      packed per task is tile_n x K.
//   tile_m      2048   rows per task at most.
//   min_tasks      8   rows are split into balanced chunks only until there
//                      are this many tasks: each chunk repacks its B panels.
//   unroll_k       2   unroll of the reduction loop (Conv1D: of the kernel
//                      taps; default = K when K <= 8).
//   pack_rhs     0/1   1 = copy the tile_n x K panel of B, n innermost, per
//                      task (vector loads of B need it when B is stored
//                      [N, K]: transpose_rhs, ScoreDot, conv weights; or when
//                      N is not a static multiple of block_n: clamped
//                      columns). Default 1 exactly then. [N, K] panels are
//                      transposed in 16 x 16 register blocks when K is a
//                      static multiple of the vector width.
//   panels_outer 0/1   1 = column panels outermost, so B is packed once per
//                      panel for all batch items and row chunks: default 1
//                      for a Matmul with a rank-2 weight rhs and a batched lhs
//                      (decoder logits [5,1,384] x [51865,384]^T: 77 -> 13 ms).
//   parallel       1   the (batch, row chunk, column panel) loops run as
//                      nested parallel loops (never fused: see scheduleGemm).
//   Any extents >= 1 work: register blocks read clamped rows/columns (rows
//   past M repeat row M-1, a B panel past N repeats column N-1) and only
//   valid outputs are stored. A dynamic M is specialized at run time: M >=
//   block_m (ShiftInwards, unrolled blocks), M == 1 (one unrolled row), else
//   one block of M rows.
//
// GEMV (Matmul with a small M: decoder steps, [B, 1, K] or [B, K] times a
//   weight): no packed B panel, every weight element loaded once per call.
//   Chosen when M is statically <= kMatmulGemvMaxM (4) or the desc carries
//   the caller's promise ints["max_m"] (asrc compiles that variant next to
//   the GEMM one for a dynamic M times a rank-2 weight and calls it when
//   M <= 4; see KernelDesc.h). The register block: gemv_block columns x the
//   M rows (static M <= 8, else one row) x gemv_batch_block batch items.
//   rhs [N, K] (transpose_rhs, a Linear weight): dot products of contiguous
//   rows, lanes over k (a vector accumulator per row), then one shuffle tree
//   (VectorReduce) turning the block's gemv_block x 16 lanes into
//   gemv_block sums; a K not a multiple of the lanes adds a scalar tail.
//   rhs [K, N]: lanes over n, a broadcast lhs element per k.
//   1 thread, minimum of 3 runs on the shared 2-vCPU machine (its plain
//   80 MB read loop: 3.1-3.8 ms, 21-25 GB/s), GEMM (gemv=0) in parentheses:
//   [1,384] x [51865,384]^T (80 MB from memory) 3.0-3.9 ms, 20-26 GB/s
//   (10.6); [B,1,384] x [51865,384]^T, B dynamic: B = 1 2.8-3.5 (10.7),
//   B = 5 4.7-5.0 (14.4); [1,1,1536] x [13000,1536]^T 3.5 (15.5). Weights
//   in cache: [1,384] x [1536,384]^T 26 us (159), [1,1536] x [384,1536]^T
//   26 us (178), [5,1,384] x [384,384]^T 28 us (59).
//   gemv           0/1  1 = this schedule (default: the rule above; gemv=0
//                       gives the GEMM schedule, whose knobs stay valid).
//   gemv_block    4|16  columns per register block ([K, N]: 8 / M vectors).
//   gemv_batch_block    batch items of batch[0] per register block (weight
//                       shared by the batch only): at least that many items
//                       run whole blocks (the last shifted inwards), fewer
//                       one item per block (a run-time specialization).
//   gemv_stage     0/1  1: copy the column block's rows of B (contiguous) to
//                       the stack before the batch / row loops.
//   gemv_tile           columns per task (8 blocks).
//   gemv_unroll_k       unroll of the k loop: the whole loop when K / 16 <=
//                       32 (static), else 2.
//   Defaults by shape: gemvKnobs (the order of the weight loads LLVM makes
//   of the unrolled block decides the bandwidth, so the measured cases are
//   listed there). vector_width, parallel: as for the GEMM.
//
// Conv1D depthwise (groups == Cin == Cout): channels in vector lanes (the
//   widest power of two <= vector_width dividing C), block_t output rows per
//   register block; input and taps staged per 16-channel block.
//   vector_width 16, block_t 8, tile_t 256 (rows per task), parallel 1.
//   [1,1500,256] k31: 63 GFLOP/s.
//
// Conv2D (NCHW): out(x, y, co, b); x (output width) in vector lanes,
//   block_x vectors by block_c output channels (one weight broadcast each)
//   per register block; tile_h 4 output rows per task (the zero-padded input
//   rows of a task are staged once); parallel 1. Defaults from the static
//   output width (conv2dKnobs): the block wasting the fewest lanes, e.g.
//   W' = 19: vector_width 8, block_x 3, block_c 8 (77 GFLOP/s on
//   [1,144,749,39] -> 144 k3 s2; 16 x 2 x 8 gave 54).
//
// Row kinds (LayerNorm, Softmax, LogSoftmax over the innermost dim, Reduce
// over the innermost dim): vector_width 16, rows_per_task 16, parallel 1.
//   The first row dim is split into tasks of rows_per_task rows; the other
//   row dims are nested parallel loops. Row reductions are vectorized with
//   rfactor (one vector accumulator, one horizontal reduction at the end).
//   Softmax keeps each row's exp in a one-row buffer (exp once, fast_exp on
//   clamped arguments): [1,6,1500,1500] in 8.0 ms, about memory speed.
// LogSoftmax over an outer axis, Reduce keeping the innermost dim: lanes
//   along the innermost dim, the reduced dim looped inside each vector
//   block: vector_width 16, parallel 1 (rows_per_task unused).
//
// ScoreAdditive: out(j, i, b) = sum_a v(a) tanh(q(a,i,b) + k(a,j,b) + bias(a)),
//   the attention dim a in vector lanes (rfactor: one horizontal sum per
//   score), block_j keys per register block: vector_width 16, block_j 4,
//   tile_j 64 (keys per task), tile_i 16 (queries per task), parallel 1.
//   tanh is the exp form of HALIDE-NOTES pitfall 1 with fast_exp (argument
//   clamped to +-18; max abs error 1.6e-6). Lq=1 Lk=500 A=256: 45 us.
//
// Conventions (KernelDesc.h): Halide dim h is row-major dim rank-1-h.
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/KernelsInternal.h"

#include <algorithm>
#include <array>
#include <cfloat>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

using namespace Halide;

namespace asr::kernels {
namespace {

using Knobs = std::map<std::string, int64_t>;

//===----------------------------------------------------------------------===//
// Shared pieces
//===----------------------------------------------------------------------===//

constexpr const char *kVectorWidth = "vector_width";
constexpr const char *kParallel = "parallel";
constexpr const char *kRowsPerTask = "rows_per_task";

/// Static extent of Halide dim h of t, or -1 when dynamic.
int64_t staticExtent(const TensorDesc &t, int h) {
  return t.dims[t.rank() - 1 - h];
}

bool isFloatType(ElemType t) {
  return t == ElemType::F32 || t == ElemType::F16 || t == ElemType::BF16;
}

/// Extent of Halide dim h of an input: constant when static.
Expr extentH(const TensorDesc &t, const ImageParam &p, int h) {
  int64_t e = staticExtent(t, h);
  return e >= 0 ? Expr(static_cast<int>(e)) : p.dim(h).extent();
}

/// A float read of p at the given Halide coordinates.
Expr readF(const ImageParam &p, const std::vector<Expr> &idx) {
  Expr v = p(idx);
  return v.type() == Float(32) ? v : cast<float>(v);
}

std::vector<Var> makeVars(int rank, const std::string &prefix) {
  std::vector<Var> vs;
  for (int i = 0; i < rank; ++i)
    vs.emplace_back(prefix + std::to_string(i));
  return vs;
}

std::vector<Expr> toExprs(const std::vector<Var> &vs) {
  return std::vector<Expr>(vs.begin(), vs.end());
}

/// tanh without libm (HALIDE-NOTES pitfall 1): vectorizes, |err| < 1e-6.
/// fast_exp is safe here: its argument is clamped to [-18, 18] (pitfall 2
/// is about large negative arguments); rel. error ~1e-6.
Expr tanhExp(Expr x) {
  return 1.f - 2.f / (fast_exp(2.f * clamp(x, -9.f, 9.f)) + 1.f);
}

void requireInputs(const KernelDesc &d, size_t lo, size_t hi) {
  if (d.inputs.size() < lo || d.inputs.size() > hi)
    fail(d.kind, "expected " + std::to_string(lo) +
                     (lo == hi ? "" : ".." + std::to_string(hi)) +
                     " inputs, got " + std::to_string(d.inputs.size()));
  if (d.outputs.size() != 1)
    fail(d.kind, "expected 1 output, got " + std::to_string(d.outputs.size()));
  for (size_t i = 0; i < d.inputs.size(); ++i)
    for (int64_t e : d.inputs[i].dims)
      if (e < -1)
        fail(d.kind, "input " + std::to_string(i) + " has a bad dim " +
                         std::to_string(e));
}

void requireFloat(const KernelDesc &d, size_t input, const char *what) {
  if (!isFloatType(d.inputs[input].type))
    fail(d.kind, std::string(what) + " must be a float tensor");
}

void requireRank(const KernelDesc &d, const TensorDesc &t, int lo, int hi,
                 const char *what) {
  if (t.rank() < lo || t.rank() > hi)
    fail(d.kind, std::string(what) + " has rank " + std::to_string(t.rank()) +
                     ", expected " + std::to_string(lo) +
                     (lo == hi ? "" : ".." + std::to_string(hi)));
}

std::vector<ImageParam> makeInputs(const KernelDesc &d) {
  static const char *names[] = {"in0", "in1", "in2", "in3", "in4", "in5"};
  std::vector<ImageParam> ps;
  for (size_t i = 0; i < d.inputs.size(); ++i)
    ps.push_back(makeInput(d.inputs[i], i < 6 ? names[i]
                                              : "in" + std::to_string(i)));
  return ps;
}

/// The output Func: `value` cast to the output type, bounds constrained.
Func makeOutput(const KernelDesc &d, const std::vector<Var> &vars, Expr value,
                const std::string &name = "out") {
  Func out(name);
  out(vars) = cast(halideType(d.outputs[0].type), value);
  constrainOutput(out, d.outputs[0]);
  return out;
}

/// Index into an input batch dim that broadcasts against the output: static
/// extent 1 -> 0; dynamic -> clamped (so a run-time extent 1 broadcasts too).
Expr batchIndex(const TensorDesc &t, const ImageParam &p, int h, Expr v) {
  int64_t e = staticExtent(t, h);
  if (e == 1)
    return 0;
  if (e < 0)
    return min(v, p.dim(h).extent() - 1);
  return v;
}

int lanesFor(int64_t vectorWidth, int64_t staticExt) {
  int v = static_cast<int>(std::max<int64_t>(vectorWidth, 1));
  if (staticExt > 0)
    while (v > 1 && v > staticExt)
      v /= 2;
  return v;
}

/// Tail strategy for vectorizing a dim whose producer reads an input:
/// ShiftInwards needs extent >= lanes (static), else GuardWithIf.
TailStrategy innerTail(int64_t staticExt, int lanes) {
  return (staticExt >= lanes) ? TailStrategy::ShiftInwards
                              : TailStrategy::GuardWithIf;
}

/// rfactor's intermediate has the new var last: store it innermost so its
/// vectors are dense.
void uInnermost(Func intm, Var u) {
  std::vector<Var> order{u};
  for (const Var &a : intm.args())
    if (a.name() != u.name())
      order.push_back(a);
  if (order.size() > 1)
    intm.reorder_storage(order);
}

/// Vectorizes the reduction of `f` (an update over `rv`, the innermost,
/// contiguous dim) with rfactor: V partial results in one vector register,
/// one horizontal reduction at the end. Schedule helper.
void vectorizeRowReduction(Func f, RVar rv, int V) {
  if (V <= 1)
    return;
  RVar ro("ro"), ri("ri");
  Var u("u");
  f.update().split(rv, ro, ri, V, TailStrategy::GuardWithIf);
  Func intm = f.update().rfactor(ri, u);
  uInnermost(intm, u);
  intm.compute_at(f, Var::outermost()).vectorize(u);
  intm.update().vectorize(u);
}

/// Row loops of a row kind: rows[0] split into tasks of `rowsPerTask`,
/// nested parallel loops over the tasks and the outer row dims. Returns the
/// (row, task) loop levels for per-row Funcs and their storage. Not fused:
/// over a fused loop a per-row Func gets the bounding box of the fused dims
/// as its region (a [6,1500,1500] softmax computed 1500 rows per row).
std::pair<LoopLevel, LoopLevel> rowLoops(Func out, const std::vector<Var> &rows,
                                         int rowsPerTask, bool par) {
  if (rows.empty())
    return {LoopLevel::root(), LoopLevel::root()};
  Var ro("ro"), ri("ri");
  out.split(rows[0], ro, ri, rowsPerTask, TailStrategy::GuardWithIf);
  if (par) {
    out.parallel(ro);
    for (size_t i = 1; i < rows.size(); ++i)
      out.parallel(rows[i]);
  }
  return {LoopLevel(out, ri), LoopLevel(out, ro)};
}

//===----------------------------------------------------------------------===//
// GEMM family: THE ALGORITHM
//===----------------------------------------------------------------------===//

/// out(n, m, batch...) = epi(sum_r A(r, m, n, batch) * B(n, r, batch), n).
/// Rows past M read row M-1 and columns past N read column N-1 (clamps), so a
/// register block may run past the edges and only its valid part is stored.
/// What the GEMM and GEMV algorithms share: output vars and sizes.
struct MatmulAlgoBase {
  KernelKind kind;
  Var n{"n"}, m{"m"};
  std::vector<Var> batch; ///< Halide order (innermost batch dim first)
  Expr M, N;
  bool bBatched = true;  ///< B depends on a batch var
  int64_t staticM = -1; ///< M when static
  int64_t staticN = -1; ///< N when static
  int64_t staticK = -1; ///< extent of the reduction's first dim when static
  std::vector<ImageParam> inputs;
};

struct GemmAlgo : MatmulAlgoBase {
  RDom r;
  Func packB{"packB"}; ///< packB(n, k..., batch...): B with n innermost
  bool packed = false;
  /// When B is stored k-innermost ([N, K]): bsrc(k, n, batch) reads it in
  /// that order, and packB(n, k) = bsrc(k, n) is a transpose the schedule
  /// can do in V x V register blocks.
  Func bsrc{"bsrc"};
  bool hasBsrc = false;
  Func xin{"xin"}; ///< Conv1D with padding: xin(c, t, b) zero-padded input
  bool hasXin = false;
  int64_t staticCin = -1; ///< xin's innermost extent (for its vector tail)
  Func prod{"prod"}, out;

  std::vector<Var> outVars() const {
    std::vector<Var> v{n, m};
    v.insert(v.end(), batch.begin(), batch.end());
    return v;
  }
};

using ExprList = std::vector<Expr>;

/// What a GEMM-shaped kind provides to buildGemm.
struct GemmSpec {
  int outRank = 2;
  Expr M, N;
  int64_t staticM = -1, staticN = -1, staticK = -1;
  RDom r;
  /// A(r, m, n, batch): m already clamped to [0, M).
  std::function<Expr(const ExprList &, Expr, Expr, const ExprList &)> a;
  /// B(n, r, batch): n already clamped when needed.
  std::function<Expr(Expr, const ExprList &, const ExprList &)> b;
  /// B is stored with its (single) reduction index innermost.
  bool bKInner = false;
  /// B depends on the batch vars (false: one weight for every batch item).
  bool bBatched = true;
  /// The output value from the accumulator.
  std::function<Expr(Expr, Expr, const ExprList &)> epi =
      [](Expr acc, Expr, const ExprList &) { return acc; };
};

/// The shared fields of either algorithm from the desc and the spec.
void initMatmul(MatmulAlgoBase &g, const KernelDesc &d, const GemmSpec &s) {
  g.kind = d.kind;
  g.batch = makeVars(s.outRank - 2, "b");
  g.M = s.M;
  g.N = s.N;
  g.bBatched = s.bBatched;
  g.staticM = s.staticM;
  g.staticN = s.staticN;
  g.staticK = s.staticK;
}

/// Schedule-derived choices the GEMM algorithm must know (which Funcs exist,
/// whether columns can run past N).
struct GemmChoice {
  bool pack;   ///< stage B in packB
  bool clampN; ///< blocks may run past N
};

/// The bare algorithm (naive = 2) keeps these choices from the default
/// knobs: packB gives an autoscheduler a Func in which to transpose a B
/// stored [N, K] (Adams2019 on [1,1500,384] x [1536,384]^T: 33 GFLOP/s with
/// it, 12 without: B read in place, no clamps).
GemmChoice gemmChoice(const Knobs &k, int64_t staticN) {
  GemmChoice c;
  c.pack = k.at("pack_rhs") != 0;
  int64_t bn = k.at("block_n");
  c.clampN = !(staticN > 0 && bn > 0 && staticN % bn == 0);
  return c;
}

void buildGemm(const KernelDesc &d, GemmAlgo &g, const GemmSpec &s,
               const GemmChoice &c) {
  initMatmul(g, d, s);
  g.r = s.r;
  g.packed = c.pack;
  ExprList bs = toExprs(g.batch);
  ExprList rs;
  for (int i = 0; i < s.r.dimensions(); ++i)
    rs.push_back(s.r[i]);
  // One-sided clamps (indices are never negative; a two-sided row clamp
  // measured 10% slower). likely(): loops over whole panels are partitioned
  // free of the clamp.
  Expr mc = min(g.m, g.M - 1);
  Expr nc = c.clampN ? min(likely(g.n), g.N - 1) : Expr(g.n);
  Expr bval;
  if (c.pack) {
    // A B shared by the batch is packed without batch dims, so that a panel
    // packed once serves every batch item.
    std::vector<Var> pb = s.bBatched ? g.batch : std::vector<Var>{};
    ExprList pbe = toExprs(pb);
    std::vector<Var> kv = makeVars(s.r.dimensions(), "k");
    std::vector<Var> pvars{g.n};
    pvars.insert(pvars.end(), kv.begin(), kv.end());
    pvars.insert(pvars.end(), pb.begin(), pb.end());
    if (s.bKInner && kv.size() == 1) {
      g.hasBsrc = true;
      std::vector<Var> svars{kv[0], g.n};
      svars.insert(svars.end(), pb.begin(), pb.end());
      g.bsrc(svars) = s.b(nc, {kv[0]}, bs);
      ExprList sargs{kv[0], g.n};
      sargs.insert(sargs.end(), pbe.begin(), pbe.end());
      g.packB(pvars) = g.bsrc(sargs);
    } else {
      g.packB(pvars) = s.b(nc, toExprs(kv), bs);
    }
    ExprList args{g.n};
    args.insert(args.end(), rs.begin(), rs.end());
    args.insert(args.end(), pbe.begin(), pbe.end());
    bval = g.packB(args);
  } else {
    bval = s.b(nc, rs, bs);
  }
  std::vector<Var> ov = g.outVars();
  g.prod(ov) = 0.f;
  g.prod(ov) += s.a(rs, mc, g.n, bs) * bval;
  g.out = makeOutput(d, ov, s.epi(g.prod(ov), g.n, bs));
}

//===----------------------------------------------------------------------===//
// GEMM family: THE SCHEDULE
//===----------------------------------------------------------------------===//

void scheduleGemm(GemmAlgo &g, const Knobs &k) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  if (naiveSchedule(k)) {
    g.prod.compute_root();
    if (g.packed)
      g.packB.compute_root();
    if (g.hasBsrc)
      g.bsrc.compute_root();
    if (g.hasXin)
      g.xin.compute_root();
    return;
  }
  const int V = static_cast<int>(knob(k, kVectorWidth, g.kind));
  const int BN = static_cast<int>(knob(k, "block_n", g.kind));
  int BM = static_cast<int>(knob(k, "block_m", g.kind));
  int TN = static_cast<int>(knob(k, "tile_n", g.kind));
  const int TM = static_cast<int>(knob(k, "tile_m", g.kind));
  const int UK = static_cast<int>(knob(k, "unroll_k", g.kind));
  const int MT = static_cast<int>(knob(k, "min_tasks", g.kind));
  const bool par = knob(k, kParallel, g.kind) != 0;
  if (V < 1 || BN < V || BN % V || BM < 1 || TN < BN || TN % BN || TM < 1 ||
      UK < 1 || MT < 1)
    fail(g.kind, "bad GEMM knobs: need vector_width >= 1, block_n a multiple "
                 "of vector_width, tile_n a multiple of block_n, and block_m, "
                 "tile_m, unroll_k >= 1");

  // Decoder steps often have a static M of 1 (one query per utterance): a
  // taller register block would only compute clamped copies of that row.
  if (g.staticM > 0 && g.staticM < BM)
    BM = static_cast<int>(g.staticM);
  // Without the column clamp (N a static multiple of BN) no block may run
  // past N: panels must divide N. gcd keeps TN a multiple of BN.
  if (g.staticN > 0 && g.staticN % BN == 0)
    TN = static_cast<int>(std::gcd<int64_t>(TN, g.staticN));
  // A static N within one block (a [1, K] scoring weight): one panel of one
  // block. A wider panel made Halide require prod over 2 blocks while
  // bounding it to one ("Bounds given for prod in n do not cover ...").
  if (g.staticN > 0 && g.staticN <= BN)
    TN = BN;
  Var no("no"), ni("ni"), mo("mo"), mi("mi"), nb("nb"), nv("nv"), mb("mb"),
      mr("mr");
  // Tasks are (batch, row chunk, column panel). Rows are split only as far
  // as needed for min_tasks tasks (each chunk repacks its B panels) or for
  // chunks of at most TM rows; chunks are balanced (1500 rows -> 2 x 750)
  // and hold at least BM rows.
  Expr tasksPerChunk = (g.N + (TN - 1)) / TN;
  for (size_t q = 0; q < g.batch.size(); ++q)
    tasksPerChunk *= g.out.output_buffer().dim(static_cast<int>(2 + q)).extent();
  tasksPerChunk = max(tasksPerChunk, 1);
  Expr chunks = max((g.M + (TM - 1)) / TM,
                    (MT + tasksPerChunk - 1) / tasksPerChunk);
  chunks = clamp(chunks, 1, max(g.M / BM, 1));
  Expr chunk = max((g.M + chunks - 1) / chunks, 1);

  Func &out = g.out;
  out.split(g.n, no, ni, TN, TailStrategy::GuardWithIf)
      .split(ni, nb, nv, BN, TailStrategy::GuardWithIf);
  // Loop order, outermost first: batch, row chunk, panel (B packed per
  // panel); or, with panels_outer, panel, batch, row chunk, so that a B
  // shared by the batch (a weight) is packed once per panel and call (a
  // decoder step [beams, 1, K] x [vocab, K]^T would otherwise repack the
  // whole weight per beam).
  std::vector<VarOrRVar> order{nv, mr, nb, mb};
  if (knob(k, "panels_outer", g.kind)) {
    if (g.bBatched)
      fail(g.kind, "panels_outer needs a B shared by the batch");
    order.push_back(mo);
    order.insert(order.end(), g.batch.begin(), g.batch.end());
    order.push_back(no);
  } else {
    order.push_back(no);
    order.push_back(mo);
    order.insert(order.end(), g.batch.begin(), g.batch.end());
  }
  // The rows: "tall" (M >= BM): whole BM-row register blocks (ShiftInwards
  // re-computes a few rows at the ends instead of guarding), the block
  // unrolled; "short" (M < BM, decoder steps): one block of M rows, not
  // unrolled. Both name their loops alike so that compute_at works in both.
  auto rows = [&](Stage s, bool tall) {
    if (tall)
      s.split(g.m, mo, mi, chunk, TailStrategy::ShiftInwards)
          .split(mi, mb, mr, BM, TailStrategy::ShiftInwards);
    else
      s.split(g.m, mo, mi, max(g.M, 1), TailStrategy::GuardWithIf)
          .split(mi, mb, mr, max(g.M, 1), TailStrategy::GuardWithIf);
    s.reorder(order).vectorize(nv, V).unroll(nv);
    if (tall)
      s.unroll(mr);
    // Tasks: nested parallel loops, not one fused loop: Halide cannot prove
    // a fused loop's inner extents positive when they are dynamic, and then
    // infers regions with negative mins for the output and inputs.
    if (par) {
      s.parallel(no).parallel(mo);
      for (const Var &b : g.batch)
        s.parallel(b);
    }
  };
  std::vector<VarOrRVar> uorder{g.n, g.m};
  for (int i = 0; i < g.r.dimensions(); ++i)
    uorder.push_back(g.r[i]);
  g.prod.compute_at(out, nb).bound_extent(g.n, BN);
  Stage init = g.prod, upd = g.prod.update();
  init.vectorize(g.n, V).unroll(g.n);
  upd.reorder(uorder).vectorize(g.n, V).unroll(g.n);
  if (UK > 1) {
    if (g.staticK > 0 && g.staticK <= UK)
      upd.unroll(g.r[0]);
    else
      upd.unroll(g.r[0], UK);
  }
  if (g.staticM >= 0) {
    bool tall = g.staticM >= BM;
    rows(out, tall);
    if (tall) {
      init.unroll(g.m);
      upd.unroll(g.m);
    }
  } else {
    Expr tall = g.M >= BM;
    rows(out.specialize(tall), true);
    init.specialize(tall).unroll(g.m);
    upd.specialize(tall).unroll(g.m);
    if (BM > 1 && g.M.as<Internal::Variable>()) {
      // One row (a decoder step): Halide substitutes M = 1 (M must be a
      // buffer extent, not a formula), so the block is constant and its row
      // unrolls: 23.7 -> 13.2 ms on [5,1,384] x [51865,384]^T with a dynamic
      // T. Costs ~1 s more compile time per kernel.
      Expr one = g.M == 1;
      rows(out.specialize(one), false);
      init.specialize(one).unroll(g.m);
      upd.specialize(one).unroll(g.m);
    }
    rows(out, false);
  }

  if (g.packed) {
    g.packB.compute_at(out, no);
    Var pk = g.packB.args()[1];
    if (g.hasBsrc && g.staticK > 0 && g.staticK % V == 0) {
      // V x V blocks: V dense row loads of B, V column stores (shuffles).
      Var pno("pno"), pko("pko"), pni("pni"), pki("pki");
      // Each block row of B (V rows of n) is read start to end: V streams.
      g.packB.tile(g.n, pk, pno, pko, pni, pki, V, V, TailStrategy::RoundUp)
          .reorder(pni, pki, pko, pno)
          .vectorize(pni)
          .unroll(pki);
      g.bsrc.compute_at(g.packB, pno)
          .vectorize(g.bsrc.args()[0])
          .unroll(g.bsrc.args()[1]);
    } else {
      g.packB.vectorize(g.n, V, TailStrategy::RoundUp);
    }
  }
  if (g.hasXin) {
    int lanes = lanesFor(V, g.staticCin);
    g.xin.compute_at(out, mo).vectorize(g.xin.args()[0], lanes,
                                       innerTail(g.staticCin, lanes));
  }
}

Knobs gemmKnobs(const Target &target, bool packDefault, int64_t unrollK,
                bool panelsOuter) {
  int V = naturalLanes(target, Float(32));
  return {{kVectorWidth, V},  {"block_n", 2 * V}, {"block_m", 8},
          {"tile_n", 4 * V},  {"tile_m", 2048},   {"min_tasks", 8},
          {"unroll_k", unrollK}, {"pack_rhs", packDefault ? 1 : 0},
          {"panels_outer", panelsOuter ? 1 : 0},  {kParallel, 1}};
}

//===----------------------------------------------------------------------===//
// Matmul, ScoreDot, WeightedSum: THE ALGORITHM (schedule: scheduleGemm)
//===----------------------------------------------------------------------===//

/// lhs [.., M, K] (or [.., K, M] with tl) times rhs [.., K, N] (or [.., N, K]
/// with tr), leading dims broadcast; the result times `scale`. Checks the
/// shapes, makes the inputs; shared by the GEMM and the GEMV algorithms.
GemmSpec batchedGemmSpec(const KernelDesc &d, bool tl, bool tr, float scale,
                         std::vector<ImageParam> &inputs) {
  requireInputs(d, 2, 2);
  requireFloat(d, 0, "lhs");
  requireFloat(d, 1, "rhs");
  const TensorDesc &L = d.inputs[0], &R = d.inputs[1], &O = d.outputs[0];
  requireRank(d, L, 2, 8, "lhs");
  requireRank(d, R, 2, 8, "rhs");
  if (O.rank() != std::max(L.rank(), R.rank()))
    fail(d.kind, "output rank " + std::to_string(O.rank()) +
                     " is not the larger input rank " +
                     std::to_string(std::max(L.rank(), R.rank())));
  inputs = makeInputs(d);
  ImageParam lhs = inputs[0], rhs = inputs[1];
  // Halide dims: lhs (k, m), or (m, k) with tl; rhs (n, k), or (k, n) with tr.
  const int lk = tl ? 1 : 0, lm = tl ? 0 : 1;
  const int rk = tr ? 0 : 1, rn = tr ? 1 : 0;
  int64_t kL = staticExtent(L, lk), kR = staticExtent(R, rk);
  if (kL >= 0 && kR >= 0 && kL != kR)
    fail(d.kind, "contraction dims differ: " + std::to_string(kL) + " vs " +
                     std::to_string(kR));
  GemmSpec s;
  s.outRank = O.rank();
  s.M = extentH(L, lhs, lm);
  s.N = extentH(R, rhs, rn);
  s.staticM = staticExtent(L, lm);
  s.staticN = staticExtent(R, rn);
  s.staticK = kL >= 0 ? kL : kR;
  Expr K = kL >= 0 ? Expr(static_cast<int>(kL))
                   : (kR >= 0 ? Expr(static_cast<int>(kR)) : lhs.dim(lk).extent());
  s.r = RDom(0, K, "r");
  // Input batch Halide dim 2+q pairs with output batch var q (right-aligned).
  auto batchArgs = [](const TensorDesc &t, const ImageParam &p,
                      const ExprList &bs) {
    ExprList idx;
    for (int q = 0; q < t.rank() - 2; ++q)
      idx.push_back(batchIndex(t, p, 2 + q, bs[q]));
    return idx;
  };
  s.a = [=](const ExprList &r, Expr m, Expr, const ExprList &bs) {
    ExprList idx = tl ? ExprList{m, r[0]} : ExprList{r[0], m};
    for (const Expr &e : batchArgs(L, lhs, bs))
      idx.push_back(e);
    return readF(lhs, idx);
  };
  s.b = [=](Expr n, const ExprList &r, const ExprList &bs) {
    ExprList idx = tr ? ExprList{r[0], n} : ExprList{n, r[0]};
    for (const Expr &e : batchArgs(R, rhs, bs))
      idx.push_back(e);
    return readF(rhs, idx);
  };
  s.bKInner = tr;
  s.bBatched = R.rank() > 2;
  if (scale != 1.f)
    s.epi = [scale](Expr acc, Expr, const ExprList &) { return acc * scale; };
  return s;
}

GemmAlgo buildBatchedGemm(const KernelDesc &d, bool tl, bool tr, float scale,
                          const Knobs &k) {
  GemmAlgo g;
  GemmSpec s = batchedGemmSpec(d, tl, tr, scale, g.inputs);
  buildGemm(d, g, s, gemmChoice(k, s.staticN));
  return g;
}

/// pack_rhs default: B is stored [N, K] (vector loads along n impossible) or
/// its columns are ragged (N not a static multiple of block_n).
bool packDefault(bool transposedB, int64_t staticN, int64_t blockN) {
  return transposedB || !(staticN > 0 && staticN % blockN == 0);
}

//===----------------------------------------------------------------------===//
// Matmul with a small M (GEMV): THE ALGORITHM
//===----------------------------------------------------------------------===//

/// out(n, m, batch) = epi(dot(n, m, batch)), B never packed: one pass over
/// the weight per call, the decoder-step case.
///  * kInner (B stored [N, K]: transpose_rhs, a PyTorch Linear weight): dot
///    products of contiguous rows of B, lanes over k:
///      part(u, n, m, b) = sum_{ro < K / KV} A(ro KV + u, m) B(n, ro KV + u)
///      dot(n, m, b) = sum_u part(u, n, m, b)
///                     [+ sum_{k >= K / KV * KV} A(k, m) B(n, k): hasTail]
///  * else (B stored [K, N]): lanes over n,
///      dot(n, m, b) = sum_k A(k, m) B(n, k).
/// Columns of a block past N read column N-1 (clampN). With staging, the
/// column block's rows of B are first copied to wblk (see gemvKnobs).
struct GemvAlgo : MatmulAlgoBase {
  Var u{"u"};
  bool kInner = false;
  int KV = 1;           ///< lanes over k (kInner)
  bool hasTail = false; ///< kInner and K not a static multiple of KV
  RDom ro, ru, rt, r;
  Func part{"part"}, dot{"dot"}, out;
  /// staged: wblk(k, n) = B(n, k), the column block's rows of B copied
  /// once per block (kInner, a weight shared by the batch).
  Func wblk{"wblk"};
  bool staged = false;
  bool clampN = true;
  int RB = 1; ///< batch items (of batch[0]) per register block
};

/// Schedule-derived choices the GEMV algorithm must know.
struct GemvChoice {
  int KV;      ///< lanes over k (kInner)
  bool clampN; ///< blocks may run past N (else ShiftInwards keeps them in)
  int RB;      ///< batch block (1: none)
  bool stage;  ///< copy B's block rows first (wblk)
};

GemvChoice gemvChoice(const Knobs &k, const GemmSpec &s) {
  GemvChoice c;
  c.KV = lanesFor(k.at(kVectorWidth), s.staticK);
  int64_t bn = k.at("gemv_block");
  c.clampN = !(s.staticN > 0 && bn > 0 && s.staticN >= bn);
  // Batch items share a register block only when they share the weight.
  c.RB = (s.outRank > 2 && !s.bBatched)
             ? static_cast<int>(std::max<int64_t>(k.at("gemv_batch_block"), 1))
             : 1;
  c.stage = k.at("gemv_stage") != 0 && s.bKInner && !s.bBatched;
  return c;
}

void buildGemv(const KernelDesc &d, GemvAlgo &g, const GemmSpec &s,
               const GemvChoice &c) {
  initMatmul(g, d, s);
  g.clampN = c.clampN;
  g.RB = c.RB;
  g.kInner = s.bKInner && s.r.dimensions() == 1;
  ExprList bs = toExprs(g.batch);
  std::vector<Var> ov{g.n, g.m};
  ov.insert(ov.end(), g.batch.begin(), g.batch.end());
  Expr nc = c.clampN ? min(g.n, g.N - 1) : Expr(g.n);
  g.dot(ov) = 0.f;
  if (g.kInner) {
    g.KV = std::max(c.KV, 1);
    Expr K = s.r.x.extent();
    Expr KB = K / g.KV;
    g.ro = RDom(0, KB, "ro");
    g.ru = RDom(0, g.KV, "ru");
    std::vector<Var> pv{g.u};
    pv.insert(pv.end(), ov.begin(), ov.end());
    Expr kk = g.ro * g.KV + g.u;
    Expr bval = s.b(nc, {kk}, bs);
    if (c.stage) {
      g.staged = true;
      Var wk("wk");
      g.wblk(wk, g.n) = s.b(nc, {wk}, {});
      bval = g.wblk(kk, g.n);
    }
    g.part(pv) = 0.f;
    g.part(pv) += s.a({kk}, g.m, g.n, bs) * bval;
    ExprList pr{g.ru, g.n, g.m};
    pr.insert(pr.end(), bs.begin(), bs.end());
    g.dot(ov) += g.part(pr);
    g.hasTail = !(s.staticK >= 0 && s.staticK % g.KV == 0);
    if (g.hasTail) {
      g.rt = RDom(KB * g.KV, K - KB * g.KV, "rt");
      g.dot(ov) += s.a({g.rt}, g.m, g.n, bs) * s.b(nc, {g.rt}, bs);
    }
  } else {
    g.r = s.r;
    ExprList rs;
    for (int i = 0; i < s.r.dimensions(); ++i)
      rs.push_back(s.r[i]);
    g.dot(ov) += s.a(rs, g.m, g.n, bs) * s.b(nc, rs, bs);
  }
  g.out = makeOutput(d, ov, s.epi(g.dot(ov), g.n, bs));
}

//===----------------------------------------------------------------------===//
// Matmul with a small M (GEMV): THE SCHEDULE
//===----------------------------------------------------------------------===//

/// Rows of a static M up to this many form one register block (unrolled);
/// otherwise (dynamic M, or a gemv=1 override on a taller M) a block is one
/// row.
constexpr int64_t kGemvMaxBlockRows = 8;

void scheduleGemv(GemvAlgo &g, const Knobs &k) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  if (naiveSchedule(k)) {
    g.dot.compute_root();
    if (g.kInner)
      g.part.compute_root();
    if (g.staged)
      g.wblk.compute_root();
    return;
  }
  const int V = static_cast<int>(knob(k, kVectorWidth, g.kind));
  const int BN = static_cast<int>(knob(k, "gemv_block", g.kind));
  int TN = static_cast<int>(knob(k, "gemv_tile", g.kind));
  const int UK = static_cast<int>(knob(k, "gemv_unroll_k", g.kind));
  const bool par = knob(k, kParallel, g.kind) != 0;
  if (V < 1 || BN < 1 || TN < BN || TN % BN || UK < 1 ||
      knob(k, "gemv_batch_block", g.kind) < 1 || (!g.kInner && BN % V))
    fail(g.kind, "bad GEMV knobs: need vector_width, gemv_block, "
                 "gemv_batch_block, gemv_unroll_k >= 1, gemv_tile a multiple "
                 "of gemv_block, and (rhs stored [K, N]) gemv_block a "
                 "multiple of vector_width");
  // Static N >= BN: blocks shift inwards (no clamp); tiles must fit in N.
  if (!g.clampN)
    TN = static_cast<int>(std::min<int64_t>(TN, g.staticN / BN * BN));
  const TailStrategy tail =
      g.clampN ? TailStrategy::GuardWithIf : TailStrategy::ShiftInwards;
  const int BM = (g.staticM >= 1 && g.staticM <= kGemvMaxBlockRows)
                     ? static_cast<int>(g.staticM)
                     : 1;
  const bool batchBlock = g.RB > 1;

  // Loops, innermost first: block columns nv, block rows mi, block batch
  // items bi, then the blocks: bo, mo, the other batch dims, nb; tasks no.
  // With a weight shared by the batch the batch loops run inside each
  // column block, so its rows of B are read from memory once per call and
  // from L1 for the other batch items / row blocks. A batched B: batch items
  // are separate tasks.
  Var no("no"), ni("ni"), nb("nb"), nv("nv"), mo("mo"), mi("mi"), bo("bo"),
      bi("bi");
  Func &out = g.out;
  out.split(g.n, no, ni, TN, tail)
      .split(ni, nb, nv, BN, tail)
      .split(g.m, mo, mi, BM, TailStrategy::GuardWithIf);
  // The batch block: RB items of batch[0] when there are at least RB
  // (ShiftInwards: the last block overlaps the one before), else one item
  // per block. Both name their loops bo, bi, so that compute_at works in
  // both; the register block's extent in batch[0] is RB or 1, a constant
  // either way, so it unrolls.
  auto loops = [&](Stage s, int rb) {
    std::vector<VarOrRVar> order{nv, mi};
    if (batchBlock) {
      s.split(g.batch[0], bo, bi, rb,
              rb > 1 ? TailStrategy::ShiftInwards : TailStrategy::GuardWithIf);
      order.insert(order.end(), {bi, bo, mo});
      order.insert(order.end(), g.batch.begin() + 1, g.batch.end());
    } else {
      order.push_back(mo);
      if (!g.bBatched)
        order.insert(order.end(), g.batch.begin(), g.batch.end());
    }
    order.push_back(nb);
    order.push_back(no);
    if (g.bBatched)
      order.insert(order.end(), g.batch.begin(), g.batch.end());
    s.reorder(order).unroll(mi);
    if (batchBlock)
      s.unroll(bi);
    if (g.kInner)
      s.vectorize(nv);
    else
      s.vectorize(nv, V).unroll(nv);
    if (par) {
      s.parallel(no);
      if (g.bBatched)
        for (const Var &b : g.batch)
          s.parallel(b);
    }
  };
  if (batchBlock)
    loops(out.specialize(out.output_buffer().dim(2).extent() >= g.RB), g.RB);
  loops(out, 1);

  // The register block: BN columns x BM rows x RB batch items.
  LoopLevel at(out, batchBlock ? bo : mo);
  g.dot.compute_at(at).bound_extent(g.n, BN);
  auto unrollRows = [&](Stage s) {
    s.unroll(g.m);
    if (batchBlock)
      s.unroll(g.batch[0]);
  };
  if (g.kInner) {
    // part: BN x BM x RB vector accumulators (lanes over k) in registers
    // over the whole reduction; dot reduces them in one tree of shuffles
    // (VectorReduce: BN x KV lanes to BN sums).
    if (g.staged)
      g.wblk.compute_at(out, nb)
          .bound_extent(g.n, BN)
          .vectorize(g.wblk.args()[0], V, TailStrategy::GuardWithIf)
          .unroll(g.n);
    g.part.compute_at(at).vectorize(g.u).unroll(g.n);
    unrollRows(g.part);
    Stage pu = g.part.update();
    std::vector<VarOrRVar> porder{g.u, g.n, g.m};
    if (batchBlock)
      porder.push_back(g.batch[0]);
    porder.push_back(g.ro);
    pu.reorder(porder).vectorize(g.u).unroll(g.n);
    unrollRows(pu);
    // A short reduction is unrolled whole (the default for K / 16 <= 32):
    // 1 thread, [1,384] x [51865,384]^T 2.8-3.3 ms vs 4.2-5 looped.
    if (UK > 1) {
      if (g.staticK > 0 && g.staticK / g.KV <= UK)
        pu.unroll(g.ro);
      else
        pu.unroll(g.ro, UK, TailStrategy::GuardWithIf);
    }
    g.dot.vectorize(g.n);
    unrollRows(g.dot);
    std::vector<VarOrRVar> dorder{g.ru, g.n, g.m};
    if (batchBlock)
      dorder.push_back(g.batch[0]);
    Stage du = g.dot.update(0);
    du.reorder(dorder).atomic().vectorize(g.ru).vectorize(g.n);
    unrollRows(du);
    if (g.hasTail) {
      std::vector<VarOrRVar> torder{g.n, g.m};
      if (batchBlock)
        torder.push_back(g.batch[0]);
      torder.push_back(g.rt);
      Stage tu = g.dot.update(1);
      tu.reorder(torder).vectorize(g.n);
      unrollRows(tu);
    }
  } else {
    g.dot.vectorize(g.n, V).unroll(g.n);
    unrollRows(g.dot);
    std::vector<VarOrRVar> uorder{g.n, g.m};
    if (batchBlock)
      uorder.push_back(g.batch[0]);
    for (int i = 0; i < g.r.dimensions(); ++i)
      uorder.push_back(g.r[i]);
    Stage du = g.dot.update();
    du.reorder(uorder).vectorize(g.n, V).unroll(g.n);
    unrollRows(du);
    if (UK > 1)
      du.unroll(g.r[0], UK, TailStrategy::GuardWithIf);
  }
}

/// GEMV knob defaults, from the static shapes. The block holds about 16
/// vector accumulators. [N, K] weights, measured at 1 thread on weights read
/// from memory (asr-bench-kernels; LLVM's scheduling of the unrolled block
/// decides the order of the weight loads, hence the cases):
///  * K / 16 <= 32 (static): the reduction unrolled whole. With a run-time
///    loop between the column block and the register block (batch items
///    sharing the weight, or a dynamic M), 4 columns x 4 / M batch items,
///    the block's rows staged: [B,1,384] x [51865,384]^T 2.8 ms at B = 1,
///    5.0 at B = 5 (16 columns unstaged: 6.0, 17.5; LLVM then interleaves
///    the loads of the 16 rows, while it reads the 4 staged rows one after
///    the other before the batch loop). Without such a loop (a static M and
///    no batch), 16 columns unstaged: [1,384] x [51865,384]^T 3.0 ms
///    (staged 4: 6.4, the copy folded into the interleaved loads).
///  * a longer K: 16 columns unstaged, the loop unrolled by 2:
///    [B,1,1536] x [13000,1536]^T 2.8 ms at B = 1 (staged 4: 6.6).
/// [K, N] weights: 8 / M vectors of columns, no staging.
Knobs gemvKnobs(const KernelDesc &d, int V, bool on) {
  int64_t m = -1, k = -1;
  bool tr = d.getInt("transpose_rhs") != 0, batched = false, shared = false;
  if (d.inputs.size() == 2 && d.inputs[0].rank() >= 2 &&
      d.inputs[1].rank() >= 2 && d.outputs.size() == 1) {
    bool tl = d.getInt("transpose_lhs") != 0;
    const TensorDesc &L = d.inputs[0], &R = d.inputs[1];
    m = L.dims[L.rank() - (tl ? 1 : 2)];
    k = R.dims[R.rank() - (tr ? 1 : 2)];
    batched = d.outputs[0].rank() > 2;
    shared = R.rank() == 2;
  }
  int rows = (m >= 1 && m <= kGemvMaxBlockRows) ? static_cast<int>(m) : 1;
  int kv = lanesFor(V, k);
  bool shortK = tr && k > 0 && k / kv <= 32;
  bool loop = (batched && shared) || rows != m;
  bool stage = shortK && loop;
  int per = rows <= 1 ? 16 : rows == 2 ? 8 : 4;
  int block = tr ? (stage ? 4 : per) : V * std::max(1, per / 2);
  int batchBlock = stage ? std::max(1, 4 / rows) : 1;
  int64_t unroll = shortK ? std::max<int64_t>(k / kv, 1) : 2;
  return {{"gemv", on ? 1 : 0},
          {"gemv_block", block},
          {"gemv_batch_block", batchBlock},
          {"gemv_stage", stage ? 1 : 0},
          {"gemv_tile", tr ? 8 * block : 4 * block},
          {"gemv_unroll_k", unroll}};
}

//===----------------------------------------------------------------------===//
// Conv1D as implicit GEMM: THE ALGORITHM (schedule: scheduleGemm)
//===----------------------------------------------------------------------===//

struct ConvAttrs {
  int64_t stride, padding, dilation, groups;
  bool hasBias;
};

ConvAttrs conv1dAttrs(const KernelDesc &d) {
  ConvAttrs a{d.getInt("stride", 1), d.getInt("padding", 0),
              d.getInt("dilation", 1), d.getInt("groups", 1),
              d.getInt("has_bias", d.inputs.size() > 2 ? 1 : 0) != 0};
  if (a.stride < 1 || a.dilation < 1 || a.groups < 1 || a.padding < 0)
    fail(d.kind, "stride, dilation and groups must be >= 1 and padding >= 0");
  return a;
}

/// Checks shapes; returns {Cin, Cout, K} (static).
std::array<int64_t, 3> conv1dShape(const KernelDesc &d, const ConvAttrs &a) {
  requireInputs(d, 2, 3);
  if (a.hasBias != (d.inputs.size() == 3))
    fail(d.kind, "has_bias does not match the number of inputs");
  requireRank(d, d.inputs[0], 3, 3, "input");
  requireRank(d, d.inputs[1], 3, 3, "weight");
  requireRank(d, d.outputs[0], 3, 3, "output");
  for (size_t i = 0; i < d.inputs.size(); ++i)
    requireFloat(d, i, i == 0 ? "input" : i == 1 ? "weight" : "bias");
  const TensorDesc &x = d.inputs[0], &w = d.inputs[1];
  int64_t cin = x.dims[2], cout = w.dims[0], cg = w.dims[1], kk = w.dims[2];
  if (cin < 0 || cout < 0 || cg < 0 || kk < 0)
    fail(d.kind, "channel and kernel dims must be static");
  if (cin % a.groups || cout % a.groups || cin / a.groups != cg)
    fail(d.kind, "weight [" + std::to_string(cout) + ", " +
                     std::to_string(cg) + ", " + std::to_string(kk) +
                     "] does not match Cin " + std::to_string(cin) +
                     " with groups " + std::to_string(a.groups));
  if (d.outputs[0].dims[2] >= 0 && d.outputs[0].dims[2] != cout)
    fail(d.kind, "output channels differ from the weight's");
  return {cin, cout, kk};
}

/// Output length from input length (the asr.conv1d rule).
Expr convLength(Expr in, int64_t k, int64_t stride, int64_t padding,
                int64_t dilation) {
  return (in + static_cast<int>(2 * padding - dilation * (k - 1) - 1)) /
             static_cast<int>(stride) +
         1;
}

bool isDepthwise(const KernelDesc &d) {
  if (d.kind != KernelKind::Conv1D || d.inputs.size() < 2 ||
      d.inputs[1].rank() != 3)
    return false;
  int64_t g = d.getInt("groups", 1);
  return g > 1 && d.inputs[1].dims[1] == 1 && d.inputs[1].dims[0] == g;
}

GemmAlgo buildConv1DGemm(const KernelDesc &d, const Knobs &k) {
  ConvAttrs a = conv1dAttrs(d);
  auto [cin, cout, kk] = conv1dShape(d, a);
  GemmAlgo g;
  g.inputs = makeInputs(d);
  ImageParam x = g.inputs[0], w = g.inputs[1];
  const TensorDesc &X = d.inputs[0];
  Expr T = extentH(X, x, 1);
  const int cg = static_cast<int>(cin / a.groups), og = static_cast<int>(cout / a.groups);
  const int s = static_cast<int>(a.stride), p = static_cast<int>(a.padding),
            dl = static_cast<int>(a.dilation);
  GemmSpec sp;
  sp.outRank = 3;
  sp.M = convLength(T, kk, a.stride, a.padding, a.dilation);
  sp.N = static_cast<int>(cout);
  sp.staticN = cout;
  sp.staticK = kk;
  sp.r = RDom(0, static_cast<int>(kk), 0, cg, "r"); // r.x: tap, r.y: channel
  // Input rows: with padding, a zero-padded copy staged per task (xin); the
  // clamp keeps rows of register blocks past M readable.
  Var c("c"), tt("tt"), b("b");
  Expr bc = batchIndex(X, x, 2, b);
  if (p > 0) {
    g.hasXin = true;
    g.staticCin = cin;
    g.xin(c, tt, b) = select(tt >= 0 && tt < T,
                             readF(x, {c, clamp(tt, 0, T - 1), bc}), 0.f);
  } else {
    g.xin(c, tt, b) = readF(x, {c, tt, bc});
  }
  Func xin = g.xin;
  const int groups = static_cast<int>(a.groups);
  sp.a = [=](const ExprList &r, Expr m, Expr n, const ExprList &bs) {
    Expr ch = groups == 1 ? r[1] : (n / og) * cg + r[1];
    return xin(ch, m * s + r[0] * dl - p, bs[0]);
  };
  sp.b = [=](Expr n, const ExprList &r, const ExprList &) {
    return readF(w, {r[0], r[1], n});
  };
  sp.bBatched = false;
  if (a.hasBias) {
    ImageParam bias = g.inputs[2];
    sp.epi = [=](Expr acc, Expr n, const ExprList &) {
      return acc + readF(bias, {n});
    };
  }
  buildGemm(d, g, sp, gemmChoice(k, sp.staticN));
  return g;
}

//===----------------------------------------------------------------------===//
// Conv1D depthwise (groups == Cin == Cout)
//===----------------------------------------------------------------------===//

struct DepthwiseAlgo {
  Var c{"c"}, t{"t"}, b{"b"};
  RDom r;
  Func xin{"xin"}, wp{"wp"}, prod{"prod"}, out;
  Expr M; ///< output length
  int64_t channels;
  std::vector<ImageParam> inputs;
};

DepthwiseAlgo buildDepthwise(const KernelDesc &d) {
  ConvAttrs a = conv1dAttrs(d);
  auto [cin, cout, kk] = conv1dShape(d, a);
  if (cin != cout)
    fail(d.kind, "depthwise conv needs Cin == Cout");
  DepthwiseAlgo g;
  g.channels = cin;
  g.inputs = makeInputs(d);
  ImageParam x = g.inputs[0], w = g.inputs[1];
  Expr T = extentH(d.inputs[0], x, 1);
  g.M = convLength(T, kk, a.stride, a.padding, a.dilation);
  g.r = RDom(0, static_cast<int>(kk), "r");
  Var tt("tt");
  g.xin(g.c, tt, g.b) =
      select(tt >= 0 && tt < T,
             readF(x, {g.c, clamp(tt, 0, T - 1), batchIndex(d.inputs[0], x, 2, g.b)}),
             0.f);
  g.wp(g.c, tt) = readF(w, {tt, 0, g.c}); // taps with channels innermost
  g.prod(g.c, g.t, g.b) = 0.f;
  g.prod(g.c, g.t, g.b) +=
      g.xin(g.c,
            g.t * static_cast<int>(a.stride) +
                g.r * static_cast<int>(a.dilation) -
                static_cast<int>(a.padding),
            g.b) *
      g.wp(g.c, g.r);
  Expr v = g.prod(g.c, g.t, g.b);
  if (a.hasBias)
    v += readF(g.inputs[2], {g.c});
  g.out = makeOutput(d, {g.c, g.t, g.b}, v);
  return g;
}

void scheduleDepthwise(DepthwiseAlgo &g, const Knobs &k) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  const KernelKind kind = KernelKind::Conv1D;
  if (naiveSchedule(k)) {
    g.xin.compute_root();
    g.wp.compute_root();
    g.prod.compute_root();
    return;
  }
  int V = static_cast<int>(knob(k, kVectorWidth, kind));
  const int BT = static_cast<int>(knob(k, "block_t", kind));
  const int TT = static_cast<int>(knob(k, "tile_t", kind));
  if (V < 1 || BT < 1 || TT < 1)
    fail(kind, "bad depthwise knobs: vector_width, block_t, tile_t must be >= 1");
  while (V > 1 && g.channels % V)
    V /= 2; // channel blocks never straddle C
  Var to("to"), ti("ti"), tb("tb"), tr("tr"), cb("cb"), cv("cv");
  Expr chunks = max((g.M + (TT - 1)) / TT, 1);
  Expr chunk = max((g.M + chunks - 1) / chunks, 1);
  g.out.split(g.t, to, ti, chunk, TailStrategy::GuardWithIf)
      .split(ti, tb, tr, BT, TailStrategy::GuardWithIf)
      .split(g.c, cb, cv, V)
      .reorder(cv, tr, tb, cb, to, g.b)
      .vectorize(cv)
      .unroll(tr);
  if (knob(k, kParallel, kind)) // nested, not fused: see scheduleGemm
    g.out.parallel(to).parallel(g.b);
  g.prod.compute_at(g.out, tb)
      .bound_extent(g.t, BT)
      .vectorize(g.c, V)
      .unroll(g.t);
  g.prod.update().reorder(g.c, g.t, g.r).vectorize(g.c, V).unroll(g.t);
  g.xin.compute_at(g.out, cb).vectorize(g.c, V);
  g.wp.compute_at(g.out, cb).vectorize(g.c, V);
}

//===----------------------------------------------------------------------===//
// Conv2D (NCHW)
//===----------------------------------------------------------------------===//

/// out(x, y, co, b) = bias(co) + sum_{kw, kh, ci} xin(x*sw + kw*dw - pw,
/// y*sh + kh*dh - ph, group(co)*Cg + ci, b) * w(kw, kh, ci, co).
struct Conv2DAlgo {
  Var x{"x"}, y{"y"}, co{"co"}, b{"b"};
  RDom r; ///< (kw, kh, ci)
  Func xin{"xin"}, prod{"prod"}, out;
  Expr H, W; ///< output extents
  int64_t cout;
  std::vector<ImageParam> inputs;
};

Conv2DAlgo buildConv2D(const KernelDesc &d) {
  requireInputs(d, 2, 3);
  const bool hasBias = d.getInt("has_bias", d.inputs.size() > 2 ? 1 : 0) != 0;
  if (hasBias != (d.inputs.size() == 3))
    fail(d.kind, "has_bias does not match the number of inputs");
  requireRank(d, d.inputs[0], 4, 4, "input");
  requireRank(d, d.inputs[1], 4, 4, "weight");
  requireRank(d, d.outputs[0], 4, 4, "output");
  for (size_t i = 0; i < d.inputs.size(); ++i)
    requireFloat(d, i, i == 0 ? "input" : i == 1 ? "weight" : "bias");
  auto pair = [&](const char *name, int64_t dflt) {
    auto it = d.lists.find(name);
    if (it == d.lists.end())
      return std::array<int64_t, 2>{dflt, dflt};
    if (it->second.size() != 2)
      fail(d.kind, std::string(name) + " must be an [h, w] pair");
    return std::array<int64_t, 2>{it->second[0], it->second[1]};
  };
  auto st = pair("stride", 1), pd = pair("padding", 0), dl = pair("dilation", 1);
  const int64_t groups = d.getInt("groups", 1);
  if (st[0] < 1 || st[1] < 1 || dl[0] < 1 || dl[1] < 1 || pd[0] < 0 ||
      pd[1] < 0 || groups < 1)
    fail(d.kind, "stride, dilation, groups must be >= 1 and padding >= 0");
  const TensorDesc &X = d.inputs[0], &Wt = d.inputs[1];
  int64_t cin = X.dims[1], cout = Wt.dims[0], cg = Wt.dims[1], kh = Wt.dims[2],
          kw = Wt.dims[3];
  if (cin < 0 || cout < 0 || cg < 0 || kh < 0 || kw < 0)
    fail(d.kind, "channel and kernel dims must be static");
  if (cin % groups || cout % groups || cin / groups != cg)
    fail(d.kind, "weight channels do not match Cin " + std::to_string(cin) +
                     " with groups " + std::to_string(groups));
  Conv2DAlgo g;
  g.cout = cout;
  g.inputs = makeInputs(d);
  ImageParam xp = g.inputs[0], w = g.inputs[1];
  Expr Hin = extentH(X, xp, 1), Win = extentH(X, xp, 0);
  g.H = convLength(Hin, kh, st[0], pd[0], dl[0]);
  g.W = convLength(Win, kw, st[1], pd[1], dl[1]);
  Var xx("xx"), yy("yy"), c("c");
  // Zero outside the image; any coordinate is readable (register blocks run
  // past the output's edges).
  g.xin(xx, yy, c, g.b) =
      select(xx >= 0 && xx < Win && yy >= 0 && yy < Hin,
             readF(xp, {clamp(xx, 0, Win - 1), clamp(yy, 0, Hin - 1), c,
                        batchIndex(X, xp, 3, g.b)}),
             0.f);
  g.r = RDom(0, static_cast<int>(kw), 0, static_cast<int>(kh), 0,
             static_cast<int>(cg), "r");
  Expr coc = min(g.co, static_cast<int>(cout - 1));
  Expr ch = groups == 1 ? Expr(g.r[2])
                        : (coc / static_cast<int>(cout / groups)) *
                                  static_cast<int>(cg) +
                              g.r[2];
  g.prod(g.x, g.y, g.co, g.b) = 0.f;
  g.prod(g.x, g.y, g.co, g.b) +=
      g.xin(g.x * static_cast<int>(st[1]) + g.r[0] * static_cast<int>(dl[1]) -
                static_cast<int>(pd[1]),
            g.y * static_cast<int>(st[0]) + g.r[1] * static_cast<int>(dl[0]) -
                static_cast<int>(pd[0]),
            ch, g.b) *
      readF(w, {g.r[0], g.r[1], g.r[2], coc});
  Expr v = g.prod(g.x, g.y, g.co, g.b);
  if (hasBias)
    v += readF(g.inputs[2], {g.co});
  g.out = makeOutput(d, {g.x, g.y, g.co, g.b}, v);
  return g;
}

void scheduleConv2D(Conv2DAlgo &g, const Knobs &k) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  const KernelKind kind = KernelKind::Conv2D;
  if (naiveSchedule(k)) {
    g.xin.compute_root();
    g.prod.compute_root();
    return;
  }
  const int V = static_cast<int>(knob(k, kVectorWidth, kind));
  const int BX = static_cast<int>(knob(k, "block_x", kind));
  const int BC = static_cast<int>(knob(k, "block_c", kind));
  const int TH = static_cast<int>(knob(k, "tile_h", kind));
  if (V < 1 || BX < 1 || BC < 1 || TH < 1)
    fail(kind, "bad Conv2D knobs: vector_width, block_x, block_c, tile_h "
               "must be >= 1");
  Var yo("yo"), yi("yi"), cb("cb"), cr("cr"), xb("xb"), xv("xv");
  g.out.split(g.y, yo, yi, TH, TailStrategy::GuardWithIf)
      .split(g.co, cb, cr, BC, TailStrategy::GuardWithIf)
      .split(g.x, xb, xv, V * BX, TailStrategy::GuardWithIf)
      .reorder(xv, cr, xb, cb, yi, yo, g.b)
      .vectorize(xv, V)
      .unroll(xv)
      .unroll(cr);
  if (knob(k, kParallel, kind)) // nested, not fused: see scheduleGemm
    g.out.parallel(yo).parallel(g.b);
  g.prod.compute_at(g.out, xb)
      .bound_extent(g.x, V * BX)
      .bound_extent(g.co, BC)
      .vectorize(g.x, V)
      .unroll(g.x)
      .unroll(g.co);
  g.prod.update()
      .reorder(g.x, g.co, g.r[0], g.r[1], g.r[2])
      .vectorize(g.x, V)
      .unroll(g.x)
      .unroll(g.co)
      .unroll(g.r[0]);
  g.xin.compute_at(g.out, yo).vectorize(g.xin.args()[0], V,
                                          TailStrategy::RoundUp);
}

//===----------------------------------------------------------------------===//
// Row kinds: LayerNorm, Softmax, LogSoftmax, Reduce
//===----------------------------------------------------------------------===//

/// args with position h replaced by e.
ExprList withAt(const std::vector<Var> &vars, int h, Expr e) {
  ExprList a = toExprs(vars);
  a[h] = e;
  return a;
}

std::vector<Var> without(const std::vector<Var> &vars, int h) {
  std::vector<Var> v;
  for (int i = 0; i < static_cast<int>(vars.size()); ++i)
    if (i != h)
      v.push_back(vars[i]);
  return v;
}

/// A kernel that reduces rows of the innermost dim: per-row Funcs (indexed
/// by vars[1..]) computed once per row, some of them reductions over `r`.
struct RowAlgo {
  KernelKind kind;
  std::vector<Var> vars; ///< out vars; vars[0] = the row's innermost dim
  RDom r;                ///< over vars[0]'s extent
  int64_t staticInner = -1;
  std::vector<Func> perRow;     ///< computed once per row, in order
  std::vector<Func> reductions; ///< subset of perRow: updates over r
  /// Funcs over all of `vars` computed a row at a time (stored per task):
  /// values the row's reductions and the output both read (Softmax's exp).
  std::vector<Func> rowVectors;
  Func out;
  std::vector<ImageParam> inputs;
};

/// exp for softmax-like uses: x <= 0 in the used lanes; the clamp keeps
/// fast_exp away from its NaNs (HALIDE-NOTES pitfall 2). Rel. error ~1e-6.
Expr expNonPositive(Expr x) { return fast_exp(max(x, -80.f)); }

void scheduleRows(RowAlgo &g, const Knobs &k) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  if (naiveSchedule(k)) {
    for (Func f : g.perRow)
      f.compute_root();
    for (Func f : g.rowVectors)
      f.compute_root();
    return;
  }
  const int V = static_cast<int>(knob(k, kVectorWidth, g.kind));
  const int RPT = static_cast<int>(knob(k, kRowsPerTask, g.kind));
  if (V < 1 || RPT < 1)
    fail(g.kind, "vector_width and rows_per_task must be >= 1");
  const int lanes = lanesFor(V, g.staticInner);
  const TailStrategy tail = innerTail(g.staticInner, lanes);
  if (lanes > 1)
    g.out.vectorize(g.vars[0], lanes, tail);
  std::vector<Var> rows(g.vars.begin() + 1, g.vars.end());
  auto [atRow, atTask] =
      rowLoops(g.out, rows, RPT, knob(k, kParallel, g.kind) != 0);
  for (Func f : g.perRow)
    f.compute_at(atRow);
  for (Func f : g.rowVectors) {
    f.store_at(atTask).compute_at(atRow); // one allocation per task
    if (lanes > 1)
      f.vectorize(f.args()[0], lanes, tail);
  }
  for (Func f : g.reductions)
    vectorizeRowReduction(f, g.r[0], lanes);
}

RowAlgo buildLayerNorm(const KernelDesc &d) {
  requireInputs(d, 3, 3);
  for (size_t i = 0; i < 3; ++i)
    requireFloat(d, i, i == 0 ? "input" : i == 1 ? "gamma" : "beta");
  const TensorDesc &X = d.inputs[0];
  requireRank(d, X, 1, 8, "input");
  requireRank(d, d.inputs[1], 1, 1, "gamma");
  requireRank(d, d.inputs[2], 1, 1, "beta");
  RowAlgo g;
  g.kind = d.kind;
  g.inputs = makeInputs(d);
  ImageParam x = g.inputs[0], gamma = g.inputs[1], beta = g.inputs[2];
  g.vars = makeVars(X.rank(), "d");
  g.staticInner = staticExtent(X, 0);
  Expr D = extentH(X, x, 0);
  g.r = RDom(0, D, "r");
  const float eps = static_cast<float>(d.getFloat("epsilon", 1e-5));
  std::vector<Var> rows(g.vars.begin() + 1, g.vars.end());
  auto xAt = [&](Expr e) { return readF(x, withAt(g.vars, 0, e)); };
  Func sum1("sum1"), mean("mean"), sq("sq"), inv("inv");
  sum1(rows) = 0.f;
  sum1(rows) += xAt(g.r);
  mean(rows) = sum1(rows) / cast<float>(D);
  sq(rows) = 0.f;
  Expr dev = xAt(g.r) - mean(rows);
  sq(rows) += dev * dev;
  inv(rows) = 1.f / sqrt(sq(rows) / cast<float>(D) + eps);
  g.perRow = {sum1, mean, sq, inv};
  g.reductions = {sum1, sq};
  Var d0 = g.vars[0];
  g.out = makeOutput(d, g.vars,
                     (readF(x, toExprs(g.vars)) - mean(rows)) * inv(rows) *
                             readF(gamma, {d0}) +
                         readF(beta, {d0}));
  return g;
}

RowAlgo buildSoftmax(const KernelDesc &d) {
  const bool hasLengths =
      d.getInt("has_lengths", d.inputs.size() > 1 ? 1 : 0) != 0;
  requireInputs(d, hasLengths ? 2 : 1, hasLengths ? 2 : 1);
  requireFloat(d, 0, "input");
  const TensorDesc &X = d.inputs[0];
  requireRank(d, X, 2, 8, "input");
  if (hasLengths) {
    requireRank(d, d.inputs[1], 1, 1, "lengths");
    if (isFloatType(d.inputs[1].type))
      fail(d.kind, "lengths must be an integer tensor");
  }
  const bool causal = d.getInt("causal") != 0;
  RowAlgo g;
  g.kind = d.kind;
  g.inputs = makeInputs(d);
  ImageParam x = g.inputs[0];
  const int R = X.rank();
  g.vars = makeVars(R, "d");
  g.staticInner = staticExtent(X, 0);
  g.r = RDom(0, extentH(X, x, 0), "r");
  std::vector<Var> rows(g.vars.begin() + 1, g.vars.end());
  // Key j of row (i = vars[1], b = vars[R-1]) is visible?
  auto valid = [&](Expr j) {
    Expr ok = Internal::const_true();
    if (hasLengths)
      ok = ok && j < cast<int>(g.inputs[1](g.vars[R - 1]));
    if (causal)
      ok = ok && j <= g.vars[1];
    return ok;
  };
  auto xAt = [&](Expr j) { return readF(x, withAt(g.vars, 0, j)); };
  Func mx("mx"), e("e"), s("s"), inv("inv");
  mx(rows) = -FLT_MAX;
  mx(rows) = max(mx(rows), select(valid(g.r), xAt(g.r), -FLT_MAX));
  e(g.vars) = select(valid(g.vars[0]), expNonPositive(xAt(g.vars[0]) - mx(rows)),
                     0.f);
  s(rows) = 0.f;
  s(rows) += e(withAt(g.vars, 0, g.r));
  inv(rows) = select(s(rows) > 0.f, 1.f / s(rows), 0.f);
  g.perRow = {mx, s, inv};
  g.reductions = {mx, s};
  g.rowVectors = {e};
  g.out = makeOutput(d, g.vars, e(g.vars) * inv(rows));
  return g;
}

/// LogSoftmax over the innermost dim.
RowAlgo buildLogSoftmaxRows(const KernelDesc &d) {
  const TensorDesc &X = d.inputs[0];
  RowAlgo g;
  g.kind = d.kind;
  g.inputs = makeInputs(d);
  ImageParam x = g.inputs[0];
  g.vars = makeVars(X.rank(), "d");
  g.staticInner = staticExtent(X, 0);
  g.r = RDom(0, extentH(X, x, 0), "r");
  std::vector<Var> rows(g.vars.begin() + 1, g.vars.end());
  auto xAt = [&](Expr j) { return readF(x, withAt(g.vars, 0, j)); };
  Func mx("mx"), s("s"), lse("lse");
  mx(rows) = -FLT_MAX;
  mx(rows) = max(mx(rows), xAt(g.r));
  s(rows) = 0.f;
  s(rows) += expNonPositive(xAt(g.r) - mx(rows));
  lse(rows) = mx(rows) + log(s(rows));
  g.perRow = {mx, s, lse};
  g.reductions = {mx, s};
  g.out = makeOutput(d, g.vars, readF(x, toExprs(g.vars)) - lse(rows));
  return g;
}

/// A reduction over an outer Halide dim `h` (not the innermost): vectorized
/// along the innermost dim, whose lanes are independent.
struct ColumnAlgo {
  KernelKind kind;
  std::vector<Var> vars; ///< out vars
  int axis = -1;         ///< out var reduced over (-1 = none in out, Reduce)
  int64_t staticInner = -1;
  std::vector<Func> perColumn; ///< Funcs over `vars` without the axis
  std::vector<Func> reductions;
  std::vector<RVar> rvars; ///< the reductions' RVars, innermost first
  Func out;
  std::vector<ImageParam> inputs;
};

void scheduleColumns(ColumnAlgo &g, const Knobs &k) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  if (naiveSchedule(k)) {
    for (Func f : g.perColumn)
      f.compute_root();
    return;
  }
  const int V = static_cast<int>(knob(k, kVectorWidth, g.kind));
  if (V < 1)
    fail(g.kind, "vector_width must be >= 1");
  const int lanes = lanesFor(V, g.staticInner);
  const TailStrategy tail = innerTail(g.staticInner, lanes);
  Var v0 = g.vars[0], vo("vo"), vi("vi");
  g.out.split(v0, vo, vi, lanes, tail);
  std::vector<VarOrRVar> order{vi};
  if (g.axis > 0)
    order.push_back(g.vars[g.axis]);
  order.push_back(vo);
  std::vector<Var> outer{vo};
  for (int i = 1; i < static_cast<int>(g.vars.size()); ++i)
    if (i != g.axis) {
      order.push_back(g.vars[i]);
      outer.push_back(g.vars[i]);
    }
  g.out.reorder(order);
  if (lanes > 1)
    g.out.vectorize(vi);
  // Nested parallel loops, not fused: vo's extent is computed and a fused
  // loop over it gets imprecise bounds (see scheduleGemm).
  if (knob(k, kParallel, g.kind))
    for (const Var &v : outer)
      g.out.parallel(v);
  for (Func f : g.perColumn) {
    f.compute_at(g.out, vo);
    if (lanes > 1)
      f.vectorize(f.args()[0], lanes, tail);
  }
  for (Func f : g.reductions) {
    std::vector<VarOrRVar> uo{f.args()[0]};
    for (const RVar &rv : g.rvars)
      uo.push_back(rv);
    f.update().reorder(uo);
    // An update cannot shift inwards; its region is exactly `lanes` wide
    // when the output shifts inwards, so RoundUp adds nothing there.
    if (lanes > 1)
      f.update().vectorize(f.args()[0], lanes,
                           tail == TailStrategy::ShiftInwards
                               ? TailStrategy::RoundUp
                               : TailStrategy::GuardWithIf);
  }
}

/// LogSoftmax over an outer Halide dim.
ColumnAlgo buildLogSoftmaxColumns(const KernelDesc &d, int h) {
  const TensorDesc &X = d.inputs[0];
  ColumnAlgo g;
  g.kind = d.kind;
  g.inputs = makeInputs(d);
  ImageParam x = g.inputs[0];
  g.vars = makeVars(X.rank(), "d");
  g.axis = h;
  g.staticInner = staticExtent(X, 0);
  RDom r(0, extentH(X, x, h), "r");
  g.rvars = {r.x};
  std::vector<Var> cols = without(g.vars, h);
  auto xAt = [&](Expr e) { return readF(x, withAt(g.vars, h, e)); };
  Func mx("mx"), s("s"), lse("lse");
  mx(cols) = -FLT_MAX;
  mx(cols) = max(mx(cols), xAt(r));
  s(cols) = 0.f;
  s(cols) += expNonPositive(xAt(r) - mx(cols));
  lse(cols) = mx(cols) + log(s(cols));
  g.perColumn = {mx, s, lse};
  g.reductions = {mx, s};
  g.out = makeOutput(d, g.vars, readF(x, toExprs(g.vars)) - lse(cols));
  return g;
}

int normalizeAxis(const KernelDesc &d, int64_t axis, int rank) {
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    fail(d.kind, "axis " + std::to_string(axis) + " out of range for rank " +
                     std::to_string(rank));
  return static_cast<int>(axis);
}

/// Reduce: sum | max | mean over `axes`, keep_dims. Built as a row kind when
/// the innermost dim is reduced, as a column kind otherwise.
struct ReduceAlgo {
  bool rows;
  RowAlgo rowAlgo;
  ColumnAlgo colAlgo;
};

ReduceAlgo buildReduce(const KernelDesc &d) {
  requireInputs(d, 1, 1);
  requireFloat(d, 0, "input");
  const TensorDesc &X = d.inputs[0];
  const TensorDesc &O = d.outputs[0];
  const int R = X.rank();
  if (R < 1)
    fail(d.kind, "input must have rank >= 1");
  if (d.fn != "sum" && d.fn != "max" && d.fn != "mean")
    fail(d.kind, "fn must be sum, max or mean, got '" + d.fn + "'");
  auto it = d.lists.find("axes");
  if (it == d.lists.end() || it->second.empty())
    fail(d.kind, "axes missing");
  std::vector<bool> reduced(R, false); // by Halide dim
  for (int64_t a : it->second)
    reduced[R - 1 - normalizeAxis(d, a, R)] = true;
  const bool keep = d.getInt("keep_dims") != 0;
  int nReduced = static_cast<int>(std::count(reduced.begin(), reduced.end(), true));
  int outRank = keep ? R : R - nReduced;
  if (O.rank() != outRank)
    fail(d.kind, "output rank " + std::to_string(O.rank()) + ", expected " +
                     std::to_string(outRank));
  std::vector<ImageParam> inputs = makeInputs(d);
  ImageParam x = inputs[0];
  // RDom over the reduced dims, innermost first.
  Region ranges;
  Expr count = 1;
  for (int h = 0; h < R; ++h)
    if (reduced[h]) {
      Expr e = extentH(X, x, h);
      ranges.push_back(Range(0, e));
      count = count * e;
    }
  RDom r(ranges, "r");
  std::vector<Var> ov = makeVars(outRank, "d");
  ExprList idx;
  int ri = 0, oi = 0;
  std::vector<Var> accVars;
  for (int h = 0; h < R; ++h) {
    if (reduced[h]) {
      idx.push_back(r[ri++]);
      if (keep)
        ++oi; // a size-1 out dim, not indexed
    } else {
      idx.push_back(ov[oi++]);
    }
  }
  for (int h = 0, o = 0; h < R; ++h) {
    if (!reduced[h])
      accVars.push_back(ov[o]);
    if (!reduced[h] || keep)
      ++o;
  }
  Func acc("acc");
  Expr v = readF(x, idx);
  if (d.fn == "max") {
    acc(accVars) = Float(32).min();
    acc(accVars) = max(acc(accVars), v);
  } else {
    acc(accVars) = 0.f;
    acc(accVars) += v;
  }
  Expr res = acc(accVars);
  if (d.fn == "mean")
    res = res / cast<float>(count);
  ReduceAlgo a;
  a.rows = reduced[0];
  std::vector<RVar> rvs;
  for (int i = 0; i < r.dimensions(); ++i)
    rvs.push_back(r[i]);
  if (a.rows) {
    RowAlgo &g = a.rowAlgo;
    g.kind = d.kind;
    g.inputs = inputs;
    g.vars = ov;
    g.r = r;
    g.staticInner = staticExtent(X, 0);
    g.perRow = {acc};
    g.reductions = {acc};
    if (ov.empty() || (keep && ov.size() == 1)) {
      // A single row: no row vars to schedule over.
    }
    g.out = makeOutput(d, ov, res);
  } else {
    ColumnAlgo &g = a.colAlgo;
    g.kind = d.kind;
    g.inputs = inputs;
    g.vars = ov;
    g.axis = -1;
    g.staticInner = staticExtent(X, 0);
    g.perColumn = {acc};
    g.reductions = {acc};
    g.rvars = rvs;
    g.out = makeOutput(d, ov, res);
  }
  return a;
}

/// The rows of a Reduce over the innermost dim: out vars that keep a size-1
/// innermost dim (keep_dims) have nothing to vectorize; reductions still do.
void scheduleReduceRows(RowAlgo &g, const Knobs &k, bool keep) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  if (naiveSchedule(k) || g.vars.empty()) {
    for (Func f : g.perRow)
      f.compute_root();
    if (!naiveSchedule(k))
      for (Func f : g.reductions)
        vectorizeRowReduction(f, g.r[0], lanesFor(knob(k, kVectorWidth, g.kind),
                                                  g.staticInner));
    return;
  }
  const int V = static_cast<int>(knob(k, kVectorWidth, g.kind));
  const int RPT = static_cast<int>(knob(k, kRowsPerTask, g.kind));
  if (V < 1 || RPT < 1)
    fail(g.kind, "vector_width and rows_per_task must be >= 1");
  const int lanes = lanesFor(V, g.staticInner);
  // Out vars: with keep_dims vars[0] is the size-1 reduced dim.
  std::vector<Var> rows(g.vars.begin() + (keep ? 1 : 0), g.vars.end());
  LoopLevel at =
      rowLoops(g.out, rows, RPT, knob(k, kParallel, g.kind) != 0).first;
  for (Func f : g.perRow)
    f.compute_at(at);
  for (Func f : g.reductions)
    vectorizeRowReduction(f, g.r[0], lanes);
}

//===----------------------------------------------------------------------===//
// ScoreAdditive: v . tanh(q + k + bias)
//===----------------------------------------------------------------------===//

struct AdditiveAlgo {
  Var j{"j"}, i{"i"}, b{"b"};
  RDom r; ///< over A
  Func prod{"prod"}, out;
  Expr Lq, Lk;
  int64_t staticA = -1;
  std::vector<ImageParam> inputs;
};

AdditiveAlgo buildScoreAdditive(const KernelDesc &d) {
  const bool hasBias = d.getInt("has_bias", d.inputs.size() > 3 ? 1 : 0) != 0;
  requireInputs(d, hasBias ? 4 : 3, hasBias ? 4 : 3);
  for (size_t n = 0; n < d.inputs.size(); ++n)
    requireFloat(d, n, "every input");
  const TensorDesc &Q = d.inputs[0], &K = d.inputs[1];
  requireRank(d, Q, 3, 3, "query");
  requireRank(d, K, 3, 3, "key");
  requireRank(d, d.inputs[2], 1, 1, "v");
  requireRank(d, d.outputs[0], 3, 3, "output");
  int64_t aq = Q.dims[2], ak = K.dims[2], av = d.inputs[2].dims[0];
  if ((aq >= 0 && ak >= 0 && aq != ak) || (aq >= 0 && av >= 0 && aq != av))
    fail(d.kind, "query, key and v disagree on the attention dim");
  AdditiveAlgo g;
  g.inputs = makeInputs(d);
  ImageParam q = g.inputs[0], k = g.inputs[1], v = g.inputs[2];
  g.Lq = extentH(Q, q, 1);
  g.Lk = extentH(K, k, 1);
  g.staticA = aq;
  g.r = RDom(0, extentH(Q, q, 0), "r");
  // Keys past Lk (register blocks of keys) read the last key.
  Expr qa = readF(q, {g.r, g.i, batchIndex(Q, q, 2, g.b)});
  if (hasBias)
    qa += readF(g.inputs[3], {g.r});
  Expr ka = readF(k, {g.r, min(g.j, g.Lk - 1), batchIndex(K, k, 2, g.b)});
  g.prod(g.j, g.i, g.b) = 0.f;
  g.prod(g.j, g.i, g.b) += readF(v, {g.r}) * tanhExp(qa + ka);
  g.out = makeOutput(d, {g.j, g.i, g.b}, g.prod(g.j, g.i, g.b));
  return g;
}

/// The attention dim a (contiguous in q, k and v) in vector lanes: V partial
/// sums per score (rfactor), one horizontal sum at the end; block_j keys at a
/// time for independent dependency chains. No transposed copy of k.
void scheduleScoreAdditive(AdditiveAlgo &g, const Knobs &k) {
  if (bareAlgorithm(k))
    return; // naive = 2: the algorithm alone
  const KernelKind kind = KernelKind::ScoreAdditive;
  if (naiveSchedule(k)) {
    g.prod.compute_root();
    return;
  }
  int V = static_cast<int>(knob(k, kVectorWidth, kind));
  const int BJ = static_cast<int>(knob(k, "block_j", kind));
  const int TJ = static_cast<int>(knob(k, "tile_j", kind));
  const int TI = static_cast<int>(knob(k, "tile_i", kind));
  if (V < 1 || BJ < 1 || TJ < BJ || TJ % BJ || TI < 1)
    fail(kind, "bad knobs: need tile_j a multiple of block_j, and "
               "vector_width, block_j, tile_i >= 1");
  V = lanesFor(V, g.staticA);
  Var jo("jo"), ji("ji"), io("io"), ii("ii"), jb("jb"), jr("jr");
  g.out.split(g.j, jo, ji, TJ, TailStrategy::GuardWithIf)
      .split(g.i, io, ii, TI, TailStrategy::GuardWithIf)
      .split(ji, jb, jr, BJ, TailStrategy::GuardWithIf)
      .reorder(jr, jb, ii, jo, io, g.b);
  if (knob(k, kParallel, kind)) // nested, not fused: see scheduleGemm
    g.out.parallel(jo).parallel(io).parallel(g.b);
  g.prod.compute_at(g.out, jb).bound_extent(g.j, BJ).unroll(g.j);
  if (V > 1) {
    RVar ro("ro"), ri("ri");
    Var u("u");
    g.prod.update().split(g.r.x, ro, ri, V, TailStrategy::GuardWithIf);
    Func intm = g.prod.update().rfactor(ri, u);
    uInnermost(intm, u);
    intm.compute_at(g.prod, Var::outermost()).vectorize(u).unroll(g.j);
    intm.update().reorder(u, g.j, ro).vectorize(u).unroll(g.j);
  }
  g.prod.update().unroll(g.j);
}

//===----------------------------------------------------------------------===//
// Knobs
//===----------------------------------------------------------------------===//

/// Kernel taps of a Conv1D desc (0 if the weight is malformed).
int64_t convTaps(const KernelDesc &d) {
  if (d.inputs.size() >= 2 && d.inputs[1].rank() == 3)
    return std::max<int64_t>(d.inputs[1].dims[2], 1);
  return 1;
}

/// Conv2D register block from the static output width W': the option that
/// wastes the fewest vector lanes (ties: the larger block). Zen 4 runs half
/// vectors at the same FLOP rate, so half vectors win on narrow outputs:
/// W' = 19 (conformer subsampling): 8 lanes x 3 x 8 channels, 77 GFLOP/s vs
/// 54 for 16 x 2 x 8 (1 thread). Registers: 32 with AVX-512, else 16.
Knobs conv2dKnobs(const KernelDesc &d, int V) {
  int64_t w = (d.outputs.size() == 1 && d.outputs[0].rank() == 4)
                  ? d.outputs[0].dims[3]
                  : -1;
  struct Opt {
    int lanes, bx, bc;
  };
  const int regs = V >= 16 ? 32 : 16;
  std::vector<Opt> opts{{V, 1, 16}, {V, 2, 8}, {V / 2, 1, 16}, {V / 2, 3, 8}};
  Opt best{V, 1, regs >= 32 ? 16 : 8};
  if (w > 0) {
    double bestUse = -1;
    for (const Opt &o : opts) {
      if (o.lanes < 1 || o.bx * o.bc > regs - 8)
        continue;
      int64_t span = static_cast<int64_t>(o.lanes) * o.bx;
      double use = double(w) / double((w + span - 1) / span * span);
      if (use > bestUse + 1e-9 ||
          (use > bestUse - 1e-9 && span * o.bc > best.lanes * best.bx * best.bc)) {
        bestUse = use;
        best = o;
      }
    }
  }
  return {{kVectorWidth, best.lanes}, {"block_x", best.bx},
          {"block_c", best.bc},      {"tile_h", 4},
          {kParallel, 1}};
}

/// A Matmul takes the GEMV schedule by default when its M (rows of lhs) is
/// statically in [1, kMatmulGemvMaxM], or when the caller promises (ints
/// max_m in that range) to call it only for such an M.
bool gemvDefault(const KernelDesc &d) {
  if (d.kind != KernelKind::Matmul || d.inputs.empty() || d.inputs[0].rank() < 2)
    return false;
  const TensorDesc &L = d.inputs[0];
  int64_t m = L.dims[L.rank() - (d.getInt("transpose_lhs") != 0 ? 1 : 2)];
  int64_t maxM = d.getInt("max_m", -1);
  return (m >= 1 && m <= kMatmulGemvMaxM) ||
         (m < 0 && maxM >= 1 && maxM <= kMatmulGemvMaxM);
}

/// Static N (output columns) of a GEMM-shaped desc, -1 if dynamic.
int64_t gemmStaticN(const KernelDesc &d) {
  if (d.outputs.empty() || d.outputs[0].rank() < 1)
    return -1;
  return d.outputs[0].dims.back();
}

} // namespace

std::map<std::string, int64_t> computeKnobs(const KernelDesc &d,
                                            const Target &target) {
  const int V = naturalLanes(target, Float(32));
  switch (d.kind) {
  case KernelKind::Matmul:
  case KernelKind::ScoreDot:
  case KernelKind::WeightedSum: {
    bool tr = d.kind == KernelKind::ScoreDot ||
              (d.kind == KernelKind::Matmul && d.getInt("transpose_rhs") != 0);
    // A rank-2 rhs of Matmul is shared by the batch.
    bool shared = d.kind == KernelKind::Matmul && d.inputs.size() == 2 &&
                  d.inputs[1].rank() == 2 && d.outputs.size() == 1 &&
                  d.outputs[0].rank() > 2;
    Knobs k = gemmKnobs(target, packDefault(tr, gemmStaticN(d), 2 * V), 2, shared);
    if (d.kind == KernelKind::Matmul)
      k.merge(gemvKnobs(d, V, gemvDefault(d)));
    return k;
  }
  case KernelKind::Conv1D: {
    if (isDepthwise(d))
      return {{kVectorWidth, V}, {"block_t", 8}, {"tile_t", 256}, {kParallel, 1}};
    int64_t taps = convTaps(d);
    // panels_outer 0: the padded input is staged per row chunk (xin) and
    // would be restaged per panel.
    return gemmKnobs(target, true, taps <= 8 ? taps : 1, false);
  }
  case KernelKind::Conv2D:
    return conv2dKnobs(d, V);
  case KernelKind::LayerNorm:
  case KernelKind::Softmax:
    return {{kVectorWidth, V}, {kRowsPerTask, 16}, {kParallel, 1}};
  case KernelKind::LogSoftmax:
  case KernelKind::Reduce:
    return {{kVectorWidth, V}, {kRowsPerTask, 16}, {kParallel, 1}};
  case KernelKind::ScoreAdditive:
    return {{kVectorWidth, V}, {"block_j", 4}, {"tile_j", 64}, {"tile_i", 16},
            {kParallel, 1}};
  default:
    fail(d.kind, "not a compute kind");
  }
}

BuiltKernel buildCompute(const KernelDesc &d, const Target &target,
                         const std::map<std::string, int64_t> &k) {
  (void)target;
  switch (d.kind) {
  case KernelKind::Matmul:
  case KernelKind::ScoreDot:
  case KernelKind::WeightedSum: {
    bool tl = false, tr = false;
    float scale = 1.f;
    if (d.kind == KernelKind::Matmul) {
      tl = d.getInt("transpose_lhs") != 0;
      tr = d.getInt("transpose_rhs") != 0;
    } else if (d.kind == KernelKind::ScoreDot) {
      tr = true;
      scale = static_cast<float>(d.getFloat("scale", 1.0));
    }
    if (d.kind == KernelKind::Matmul && knob(k, "gemv", d.kind)) {
      GemvAlgo g;
      GemmSpec s = batchedGemmSpec(d, tl, tr, scale, g.inputs);
      buildGemv(d, g, s, gemvChoice(k, s));
      scheduleGemv(g, k);
      return finish({g.out}, g.inputs);
    }
    GemmAlgo g = buildBatchedGemm(d, tl, tr, scale, k);
    scheduleGemm(g, k);
    return finish({g.out}, g.inputs);
  }
  case KernelKind::Conv1D: {
    if (isDepthwise(d)) {
      DepthwiseAlgo g = buildDepthwise(d);
      scheduleDepthwise(g, k);
      return finish({g.out}, g.inputs);
    }
    GemmAlgo g = buildConv1DGemm(d, k);
    scheduleGemm(g, k);
    return finish({g.out}, g.inputs);
  }
  case KernelKind::Conv2D: {
    Conv2DAlgo g = buildConv2D(d);
    scheduleConv2D(g, k);
    return finish({g.out}, g.inputs);
  }
  case KernelKind::LayerNorm: {
    RowAlgo g = buildLayerNorm(d);
    scheduleRows(g, k);
    return finish({g.out}, g.inputs);
  }
  case KernelKind::Softmax: {
    RowAlgo g = buildSoftmax(d);
    scheduleRows(g, k);
    return finish({g.out}, g.inputs);
  }
  case KernelKind::LogSoftmax: {
    requireInputs(d, 1, 1);
    requireFloat(d, 0, "input");
    const int R = d.inputs[0].rank();
    if (R < 1)
      fail(d.kind, "input must have rank >= 1");
    int h = R - 1 - normalizeAxis(d, d.getInt("axis", -1), R);
    if (h == 0) {
      RowAlgo g = buildLogSoftmaxRows(d);
      scheduleRows(g, k);
      return finish({g.out}, g.inputs);
    }
    ColumnAlgo g = buildLogSoftmaxColumns(d, h);
    scheduleColumns(g, k);
    return finish({g.out}, g.inputs);
  }
  case KernelKind::Reduce: {
    ReduceAlgo a = buildReduce(d);
    if (a.rows) {
      scheduleReduceRows(a.rowAlgo, k, d.getInt("keep_dims") != 0);
      return finish({a.rowAlgo.out}, a.rowAlgo.inputs);
    }
    scheduleColumns(a.colAlgo, k);
    return finish({a.colAlgo.out}, a.colAlgo.inputs);
  }
  case KernelKind::ScoreAdditive: {
    AdditiveAlgo g = buildScoreAdditive(d);
    scheduleScoreAdditive(g, k);
    return finish({g.out}, g.inputs);
  }
  default:
    fail(d.kind, "not a compute kind");
  }
}

} // namespace asr::kernels

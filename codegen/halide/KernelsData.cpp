//===- KernelsData.cpp - elementwise and data-movement kernels ------------===//
//
// Halide algorithms and default schedules for the memory-bound kinds: Unary,
// Scale, Binary, Transpose, Copy, Concat, Slice, UpdateSlice, Embedding,
// SinusoidalPosition, LearnedPosition, SubsampleLengths.
//
// THE ALGORITHMS (build* functions) define Funcs and nothing else; THE
// SCHEDULES (schedule* functions, one per kind) are the only place that
// splits, vectorizes or parallelizes, driven by the knobs below.
//
// Knobs (every kind; defaults from dataKnobs()):
//   naive          0   1 = the -O0 schedule: compute_root, no vectorize/parallel.
//   vector_width   natural lanes of the output type (16 for f32 on AVX-512,
//                  8 for i64); <= 1 = scalar. The innermost dim is vectorized
//                  with TailStrategy::GuardWithIf, so any run-time extent
//                  (1, 1500, ...) works (HALIDE-NOTES pitfalls 3-4).
//   parallel       1   1 = the outer dims, fused into one "rows" loop, run as
//                  parallel tasks. A row is the innermost dim plus the next
//                  static dims while it holds < 256 elements (see planRow).
//   rows_per_task  rows per parallel task; default: 16384 elements per task
//                  (dynamic extents count as 256), clamped to [1, 4096].
// Transpose only:
//   tile           32  when the innermost dim moves, the output is computed in
//                  tile x tile blocks (input read along its rows inside the
//                  block); <= 1 = untiled (the row schedule). Its rows are
//                  rows of tiles.
//
// Conventions (KernelDesc.h): Halide dim h is row-major dim rank-1-h.
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/KernelsInternal.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace Halide;

namespace asr::kernels {
namespace {

//===----------------------------------------------------------------------===//
// Shared pieces
//===----------------------------------------------------------------------===//

constexpr const char *kVectorWidth = "vector_width";
constexpr const char *kParallel = "parallel";
constexpr const char *kRowsPerTask = "rows_per_task";
constexpr const char *kTile = "tile";

/// Output elements a parallel task should cover by default: large enough that
/// the thread-pool hand-off (~1-2 us) is noise, small enough that the
/// [1500, 384] tensors of an encoder split into dozens of tasks.
constexpr int64_t kElemsPerTask = 16384;

/// Static extent of Halide dim h of t, or -1 when dynamic.
int64_t staticExtent(const TensorDesc &t, int h) {
  return t.dims[t.rank() - 1 - h];
}

bool isFloat(ElemType t) {
  return t == ElemType::F32 || t == ElemType::F16 || t == ElemType::BF16;
}

/// The type arithmetic happens in: f16/bf16 widen to f32, ints stay.
Type computeType(ElemType t) {
  return isFloat(t) ? Float(32) : halideType(t);
}

std::vector<Var> makeVars(int rank) {
  std::vector<Var> v;
  for (int h = 0; h < rank; ++h)
    v.emplace_back("d" + std::to_string(h));
  return v;
}

std::vector<Expr> asExprs(const std::vector<Var> &vars) {
  return std::vector<Expr>(vars.begin(), vars.end());
}

/// The run-time extent of Halide dim h of the pipeline output `out`, usable in
/// out's own definition (Func::output_buffer() exists only once the Func is
/// defined). The variable is the one lowering binds for the output buffer
/// ("<name>.extent.<h>"); it carries a buffer Parameter of that name so the
/// definition check accepts it, and argument inference ignores it because the
/// name is the output's.
Expr outputExtent(const Func &out, Type type, int rank, int h) {
  Internal::Parameter buffer(type, /*is_buffer=*/true, rank, out.name());
  return Internal::Variable::make(Int(32), out.name() + ".extent." + std::to_string(h), buffer);
}

/// Reads a position/token/offset value as an int32 index.
Expr asIndex(Expr e) { return cast<int32_t>(e); }

void requireRank(const KernelDesc &d, const TensorDesc &t, int minRank, const char *what) {
  if (t.rank() < minRank)
    fail(d.kind, std::string(what) + ": expected rank >= " + std::to_string(minRank) +
                     ", got " + std::to_string(t.rank()));
}

void requireCounts(const KernelDesc &d, size_t minInputs, size_t maxInputs) {
  if (d.inputs.size() < minInputs || d.inputs.size() > maxInputs)
    fail(d.kind, "expected " + std::to_string(minInputs) +
                     (maxInputs != minInputs ? ".." + std::to_string(maxInputs) : "") +
                     " inputs, got " + std::to_string(d.inputs.size()));
  if (d.outputs.size() != 1)
    fail(d.kind, "expected 1 output, got " + std::to_string(d.outputs.size()));
}

std::vector<ImageParam> makeInputs(const KernelDesc &d) {
  std::vector<ImageParam> in;
  for (size_t i = 0; i < d.inputs.size(); ++i)
    in.push_back(makeInput(d.inputs[i], "in" + std::to_string(i)));
  return in;
}

//===----------------------------------------------------------------------===//
// Schedule knobs
//===----------------------------------------------------------------------===//

/// The streaming schedule every kind here uses: vectorize the innermost dim,
/// fuse the others into rows and hand rows to threads.
struct RowSchedule {
  bool naive = false;
  int vectorWidth = 16; ///< "vector_width"
  bool parallel = true; ///< "parallel"
  int rowsPerTask = 64; ///< "rows_per_task"

  static RowSchedule from(const std::map<std::string, int64_t> &k, KernelKind kind) {
    RowSchedule s;
    s.naive = naiveSchedule(k);
    s.vectorWidth = static_cast<int>(knob(k, kVectorWidth, kind));
    s.parallel = knob(k, kParallel, kind) != 0;
    s.rowsPerTask = static_cast<int>(std::max<int64_t>(1, knob(k, kRowsPerTask, kind)));
    return s;
  }
};

struct TransposeSchedule : RowSchedule {
  int tile = 32; ///< "tile"
};

/// Lanes to vectorize an innermost dim of static extent `extent` (-1 =
/// dynamic) with: the knob, shrunk to a power of two that fits a small static
/// extent; 0 = do not vectorize.
int lanesFor(int vectorWidth, int64_t extent) {
  if (vectorWidth <= 1 || extent == 1)
    return 0;
  int lanes = vectorWidth;
  if (extent > 0)
    while (lanes > extent)
      lanes /= 2;
  return lanes >= 2 ? lanes : 0;
}

/// One loop of a stage: a Var or RVar and its static extent (-1 = dynamic).
struct LoopDim {
  VarOrRVar v;
  int64_t extent;
};

/// A row must hold at least this many elements before the rest of the dims
/// become parallel rows: recovering a row's coordinates from the fused rows
/// loop costs an integer division by a run-time extent (~30 cycles), which
/// dominated 64-element rows (transpose [1,1500,6,64] -> [1,6,1500,64]: 72 us
/// with 64-element rows, 46 us serial, 27 us with 384-element rows; 2 vCPU
/// Zen 4, memcpy of the same bytes 47 us).
constexpr int64_t kMinRowElems = 256;
/// What a dynamic extent is assumed to be when sizing rows and tasks.
constexpr int64_t kAssumedDynamicExtent = 256;

/// Splits dims (innermost first) into the row (dims[0], plus the following
/// static dims while the row is under kMinRowElems) and the outer dims, which
/// become the parallel rows. Returns the row's element count.
int64_t planRow(const std::vector<LoopDim> &dims, std::vector<LoopDim> &row,
                std::vector<LoopDim> &outer) {
  row.clear();
  outer.clear();
  if (dims.empty())
    return 1;
  row.push_back(dims[0]);
  int64_t elems = dims[0].extent >= 0 ? dims[0].extent : kAssumedDynamicExtent;
  for (size_t i = 1; i < dims.size(); ++i) {
    if (dims[i].extent >= 0 && elems < kMinRowElems) {
      row.push_back(dims[i]);
      elems *= dims[i].extent;
    } else {
      outer.push_back(dims[i]);
    }
  }
  return std::max<int64_t>(elems, 1);
}

/// The default of "rows_per_task" for loops `dims`: kElemsPerTask per task.
int64_t defaultRowsPerTask(const std::vector<LoopDim> &dims) {
  std::vector<LoopDim> row, outer;
  int64_t elems = planRow(dims, row, outer);
  return std::clamp<int64_t>(kElemsPerTask / elems, 1, 4096);
}

/// The row schedule on one stage whose loops, innermost first, are `dims`:
/// vectorize dims[0] (GuardWithIf: any run-time extent), move small static
/// dims inside the row (planRow), fuse the outer dims into one rows loop and
/// run it as parallel tasks of rowsPerTask rows.
void scheduleRows(Stage stage, const std::vector<LoopDim> &dims, const RowSchedule &s) {
  if (s.naive || dims.empty())
    return;
  std::vector<LoopDim> row, outer;
  planRow(dims, row, outer);
  std::vector<VarOrRVar> order;
  for (const LoopDim &d : row)
    order.push_back(d.v);
  for (const LoopDim &d : outer)
    order.push_back(d.v);
  if (order.size() > 1)
    stage.reorder(order);
  if (int lanes = lanesFor(s.vectorWidth, dims[0].extent))
    stage.vectorize(dims[0].v, lanes, TailStrategy::GuardWithIf);
  if (!s.parallel || outer.empty())
    return;
  // Fuse the outer dims (an RVar in the mix makes the fused loop an RVar;
  // Halide checks the update is race-free).
  VarOrRVar rows = outer[0].v;
  for (size_t i = 1; i < outer.size(); ++i) {
    std::string name = rows.name() + "_" + outer[i].v.name();
    bool r = rows.is_rvar || outer[i].v.is_rvar;
    VarOrRVar fused = r ? VarOrRVar(RVar(name)) : VarOrRVar(Var(name));
    stage.fuse(rows, outer[i].v, fused);
    rows = fused;
  }
  if (s.rowsPerTask > 1) {
    std::string n = rows.name();
    VarOrRVar task = rows.is_rvar ? VarOrRVar(RVar(n + "_task")) : VarOrRVar(Var(n + "_task"));
    VarOrRVar row1 = rows.is_rvar ? VarOrRVar(RVar(n + "_row")) : VarOrRVar(Var(n + "_row"));
    stage.split(rows, task, row1, s.rowsPerTask, TailStrategy::GuardWithIf).parallel(task);
  } else {
    stage.parallel(rows);
  }
}

/// The pure loops of a Func over `vars` with the extents of `t`.
std::vector<LoopDim> pureDims(const std::vector<Var> &vars, const TensorDesc &t) {
  std::vector<LoopDim> dims;
  for (size_t h = 0; h < vars.size(); ++h)
    dims.push_back({vars[h], staticExtent(t, static_cast<int>(h))});
  return dims;
}

//===----------------------------------------------------------------------===//
// THE ALGORITHMS
//===----------------------------------------------------------------------===//

/// One output Func over pure vars, plus small tables the schedule may place.
struct DataAlgo {
  std::vector<ImageParam> inputs;
  Func out;
  std::vector<Var> vars;      ///< out's pure vars, innermost first
  std::vector<Func> tables;   ///< per-channel tables (computed once per call)
  std::vector<RDom> updates;  ///< Concat: one RDom per update stage
};

// --- Unary ------------------------------------------------------------------

/// tanh via exp (HALIDE-NOTES pitfall 1: Halide's tanh is a scalar libm call
/// per lane). The clamp keeps exp finite; tanh(9) = 1 - 3e-8.
Expr tanhExp(Expr x) {
  return 1.f - 2.f / (exp(2.f * clamp(x, -9.f, 9.f)) + 1.f);
}

Expr unaryExpr(const KernelDesc &d, Expr x) {
  const std::string &fn = d.fn;
  if (fn == "relu")
    return max(x, 0.f);
  if (fn == "gelu") // Halide's erf vectorizes (a polynomial, checked in the asm)
    return 0.5f * x * (1.f + erf(x * float(M_SQRT1_2)));
  if (fn == "gelu_tanh")
    return 0.5f * x * (1.f + tanhExp(float(std::sqrt(2.0 / M_PI)) * (x + 0.044715f * x * x * x)));
  if (fn == "tanh")
    return tanhExp(x);
  if (fn == "sigmoid")
    return 1.f / (1.f + exp(-x));
  if (fn == "silu")
    return x / (1.f + exp(-x));
  if (fn == "exp")
    return exp(x);
  if (fn == "log")
    return log(x);
  if (fn == "neg")
    return -x;
  if (fn == "sqrt")
    return sqrt(x);
  if (fn == "rsqrt")
    return 1.f / sqrt(x);
  fail(d.kind, "unknown fn '" + fn + "'");
}

DataAlgo buildUnary(const KernelDesc &d) {
  requireCounts(d, 1, 1);
  if (!isFloat(d.inputs[0].type))
    fail(d.kind, "expected a float input");
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(d.outputs[0].rank());
  Expr x = cast(Float(32), a.inputs[0](asExprs(a.vars)));
  Expr y = d.kind == KernelKind::Scale ? x * float(d.getFloat("factor", 1.0)) : unaryExpr(d, x);
  a.out(a.vars) = cast(halideType(d.outputs[0].type), y);
  return a;
}

// --- Binary -----------------------------------------------------------------

/// in(...) indexed by the output vars under NumPy broadcasting: inputs align
/// at the innermost dim; a static extent-1 dim reads index 0. Dynamic dims are
/// taken as full (the asr shape rules infer `?` with N as N).
Expr broadcastRead(const ImageParam &in, const TensorDesc &t, const std::vector<Var> &vars) {
  std::vector<Expr> idx;
  for (int h = 0; h < t.rank(); ++h)
    idx.push_back(staticExtent(t, h) == 1 ? Expr(0) : Expr(vars[h]));
  return in(idx);
}

DataAlgo buildBinary(const KernelDesc &d) {
  requireCounts(d, 2, 2);
  const TensorDesc &o = d.outputs[0];
  for (const TensorDesc &t : d.inputs)
    if (t.rank() > o.rank())
      fail(d.kind, "an input has a higher rank than the output");
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(o.rank());
  Type ct = computeType(o.type);
  Expr l = cast(ct, broadcastRead(a.inputs[0], d.inputs[0], a.vars));
  Expr r = cast(ct, broadcastRead(a.inputs[1], d.inputs[1], a.vars));
  Expr y;
  if (d.fn == "add")
    y = l + r;
  else if (d.fn == "sub")
    y = l - r;
  else if (d.fn == "mul")
    y = l * r;
  else if (d.fn == "div") // ints: Halide's Euclidean division (floor for b > 0)
    y = l / r;
  else if (d.fn == "max")
    y = max(l, r);
  else
    fail(d.kind, "unknown fn '" + d.fn + "'");
  a.out(a.vars) = cast(halideType(o.type), y);
  return a;
}

// --- Transpose --------------------------------------------------------------

std::vector<int64_t> transposePerm(const KernelDesc &d) {
  auto it = d.lists.find("perm");
  int rank = d.inputs[0].rank();
  std::vector<int64_t> perm;
  if (it == d.lists.end()) { // no perm: reverse, as numpy
    for (int i = rank - 1; i >= 0; --i)
      perm.push_back(i);
    return perm;
  }
  perm = it->second;
  std::vector<bool> seen(rank, false);
  if (static_cast<int>(perm.size()) != rank)
    fail(d.kind, "perm has " + std::to_string(perm.size()) + " entries for rank " +
                     std::to_string(rank));
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      fail(d.kind, "perm is not a permutation of 0.." + std::to_string(rank - 1));
    seen[p] = true;
  }
  return perm;
}

DataAlgo buildTranspose(const KernelDesc &d) {
  requireCounts(d, 1, 1);
  std::vector<int64_t> perm = transposePerm(d);
  int rank = static_cast<int>(perm.size());
  if (d.outputs[0].rank() != rank)
    fail(d.kind, "output rank differs from the input's");
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(rank);
  // Output row-major dim k is input row-major dim perm[k].
  std::vector<Expr> idx(rank);
  for (int k = 0; k < rank; ++k)
    idx[rank - 1 - perm[k]] = a.vars[rank - 1 - k];
  a.out(a.vars) = a.inputs[0](idx);
  return a;
}

// --- Copy (reshape) ---------------------------------------------------------

DataAlgo buildCopy(const KernelDesc &d) {
  requireCounts(d, 1, 1);
  const TensorDesc &it = d.inputs[0], &ot = d.outputs[0];
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(ot.rank());
  // Flat (row-major) position of the output element.
  Expr flat = 0, stride = 1;
  for (int h = 0; h < ot.rank(); ++h) {
    flat = flat + a.vars[h] * stride;
    if (h + 1 < ot.rank()) {
      int64_t e = staticExtent(ot, h);
      stride = stride * (e >= 0 ? Expr(static_cast<int32_t>(e))
                                : outputExtent(a.out, halideType(ot.type), ot.rank(), h));
    }
  }
  flat = Internal::simplify(flat);
  // Unflatten into the input's dims.
  std::vector<Expr> idx;
  Expr rest = flat;
  for (int h = 0; h < it.rank(); ++h) {
    if (h + 1 == it.rank()) {
      idx.push_back(rest);
      break;
    }
    Expr e = extentOf(it, a.inputs[0], it.rank() - 1 - h);
    idx.push_back(rest % e);
    rest = rest / e;
  }
  a.out(a.vars) = it.rank() == 0 ? a.inputs[0]() : a.inputs[0](idx);
  return a;
}

// --- Concat -----------------------------------------------------------------

DataAlgo buildConcat(const KernelDesc &d) {
  if (d.inputs.size() < 2)
    fail(d.kind, "expected 2 or more inputs, got " + std::to_string(d.inputs.size()));
  requireCounts(d, d.inputs.size(), d.inputs.size());
  const TensorDesc &o = d.outputs[0];
  int rank = o.rank();
  int64_t axis = d.getInt("axis", -1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    fail(d.kind, "axis " + std::to_string(d.getInt("axis", -1)) + " out of range for rank " +
                     std::to_string(rank));
  for (const TensorDesc &t : d.inputs)
    if (t.rank() != rank)
      fail(d.kind, "inputs must have the output's rank");
  int ah = rank - 1 - static_cast<int>(axis); // Halide dim of the axis
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(rank);
  // Each input is copied once by its own update stage (a select over inputs
  // would read every input for every element).
  a.out(a.vars) = undef(halideType(o.type));
  Expr offset = 0;
  for (size_t k = 0; k < d.inputs.size(); ++k) {
    Expr len = extentOf(d.inputs[k], a.inputs[k], static_cast<int>(axis));
    RDom r(0, len, "r" + std::to_string(k));
    std::vector<Expr> lhs = asExprs(a.vars), rhs = asExprs(a.vars);
    lhs[ah] = offset + r;
    rhs[ah] = r;
    a.out(lhs) = a.inputs[k](rhs);
    a.updates.push_back(r);
    offset = offset + len;
  }
  return a;
}

// --- Slice ------------------------------------------------------------------

DataAlgo buildSlice(const KernelDesc &d) {
  requireCounts(d, 1, 1);
  int rank = d.inputs[0].rank();
  int64_t axis = d.getInt("axis", 0);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank || d.outputs[0].rank() != rank)
    fail(d.kind, "axis out of range or rank mismatch");
  int64_t step = d.getInt("step", 1);
  if (step == 0)
    fail(d.kind, "step must not be 0");
  int ah = rank - 1 - static_cast<int>(axis);
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(rank);
  std::vector<Expr> idx = asExprs(a.vars);
  // The output extent gives the length; Halide checks the input covers it.
  idx[ah] = static_cast<int32_t>(d.getInt("start", 0)) + static_cast<int32_t>(step) * a.vars[ah];
  a.out(a.vars) = a.inputs[0](idx);
  return a;
}

// --- UpdateSlice ------------------------------------------------------------

DataAlgo buildUpdateSlice(const KernelDesc &d) {
  requireCounts(d, 3, 3);
  const TensorDesc &dest = d.inputs[0], &upd = d.inputs[1];
  requireRank(d, dest, 2, "dest");
  int rank = dest.rank();
  if (upd.rank() != rank || d.outputs[0].rank() != rank || d.inputs[2].rank() != 1)
    fail(d.kind, "expected dest [B,L,..], update [B,n,..] of one rank and position [B]");
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(rank);
  Var l = a.vars[rank - 2], b = a.vars[rank - 1];
  Expr n = extentOf(upd, a.inputs[1], 1);
  Expr pos = asIndex(a.inputs[2](b));
  std::vector<Expr> ui = asExprs(a.vars);
  // Clamped so a bad position reads in bounds (the runtime validates first);
  // the select makes the result exact anyway: rows outside [0, L) are
  // dropped. One pass over dest, so in place (result aliasing dest) is safe,
  // but it still rewrites all L rows: 5 us for [1,448,384].
  ui[rank - 2] = clamp(l - pos, 0, n - 1);
  a.out(a.vars) = select(l >= pos && l < pos + n, a.inputs[1](ui), a.inputs[0](asExprs(a.vars)));
  return a;
}

// --- Embedding --------------------------------------------------------------

DataAlgo buildEmbedding(const KernelDesc &d) {
  requireCounts(d, 2, 2);
  const TensorDesc &tok = d.inputs[0], &table = d.inputs[1];
  if (table.rank() != 2 || d.outputs[0].rank() != tok.rank() + 1)
    fail(d.kind, "expected tokens [..], table [V,D], result [..,D]");
  if (isFloat(tok.type))
    fail(d.kind, "tokens must be integers");
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(tok.rank() + 1);
  std::vector<Expr> ti(a.vars.begin() + 1, a.vars.end());
  Expr v = extentOf(table, a.inputs[1], 0);
  // Clamped for memory safety; the runtime rejects bad ids before the call.
  Expr id = clamp(asIndex(tok.rank() == 0 ? a.inputs[0]() : a.inputs[0](ti)), 0, v - 1);
  a.out(a.vars) = a.inputs[1](a.vars[0], id);
  return a;
}

// --- Positions --------------------------------------------------------------

/// x [B,T,D] (or [T,D]) [, offset [B]]: the position of (t, b) is offset(b) + t.
Expr positionOf(const KernelDesc &d, const DataAlgo &a, size_t offsetInput) {
  Expr t = a.vars[1];
  if (!d.getInt("has_offset", 0))
    return t;
  if (a.vars.size() < 3 || a.inputs.size() <= offsetInput)
    fail(d.kind, "has_offset needs x [B,T,D] and an offset [B] input");
  return asIndex(a.inputs[offsetInput](a.vars[2])) + t;
}

void checkPositionShapes(const KernelDesc &d, size_t baseInputs) {
  bool off = d.getInt("has_offset", 0) != 0;
  requireCounts(d, baseInputs + off, baseInputs + off);
  const TensorDesc &x = d.inputs[0];
  if (x.rank() < 2 || x.rank() > 3 || d.outputs[0].rank() != x.rank())
    fail(d.kind, "expected x [B,T,D] or [T,D] and a result of its shape");
  if (off && (x.rank() != 3 || d.inputs[baseInputs].rank() != 1))
    fail(d.kind, "has_offset needs x [B,T,D] and an offset [B]");
}

/// sin(arg + quarter * pi/2) for arg >= 0 in double, vectorizable (Halide's
/// sin/cos are scalar libm calls per lane, like tanh). Range reduction in
/// double (exact enough for positions up to millions), then the cephes sinf /
/// cosf polynomials on [-pi/4, pi/4] in f32: error ~1e-7.
Expr sinQuadrant(Expr arg, Expr quarter) {
  Expr j = floor(arg * Expr(2.0 / M_PI) + Expr(0.5));
  Expr r = cast<float>(arg - j * Expr(M_PI / 2));
  Expr q = (cast<int32_t>(j) + quarter) & 3;
  Expr z = r * r;
  Expr s = r + r * z * (-1.6666654611e-1f + z * (8.3321608736e-3f + z * -1.9515295891e-4f));
  Expr c = 1.f - 0.5f * z +
           z * z * (4.166664568298827e-2f + z * (-1.388731625493765e-3f + z * 2.443315711809948e-5f));
  return select(q == 0, s, q == 1, c, q == 2, -s, -c);
}

DataAlgo buildSinusoidal(const KernelDesc &d) {
  checkPositionShapes(d, 1);
  const TensorDesc &x = d.inputs[0];
  bool whisper = d.getInt("concat_style", 0) != 0;
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(x.rank());
  Var c = a.vars[0];
  // Per channel: inverse timescale (f64) and whether it takes the cos.
  Func invTimescale("inv_timescale"), isCos("is_cos");
  int64_t dStatic = staticExtent(x, 0);
  if (dStatic > 0) {
    if (dStatic % 2)
      fail(d.kind, "D must be even, got " + std::to_string(dStatic));
    // Static D: the table is computed here in double and embedded.
    Buffer<double> inv(static_cast<int>(dStatic), "inv_timescale_table");
    int64_t half = dStatic / 2;
    for (int64_t ch = 0; ch < dStatic; ++ch) {
      double i = whisper ? double(ch % half) : double(ch - ch % 2);
      inv(static_cast<int>(ch)) =
          whisper ? std::exp(-std::log(10000.0) * i / double(std::max<int64_t>(half - 1, 1)))
                  : std::exp(-std::log(10000.0) * i / double(dStatic));
    }
    invTimescale(c) = inv(c);
    isCos(c) = whisper ? select(c >= static_cast<int32_t>(half), 1, 0) : c % 2;
  } else {
    Expr dim = extentOf(x, a.inputs[0], x.rank() - 1);
    Expr half = dim / 2;
    Expr i = whisper ? cast<double>(select(c >= half, c - half, c)) : cast<double>(c - c % 2);
    Expr denom = whisper ? cast<double>(max(half - 1, 1)) : cast<double>(dim);
    invTimescale(c) = exp(Expr(-std::log(10000.0)) * i / denom);
    isCos(c) = whisper ? select(c >= half, 1, 0) : c % 2;
  }
  a.tables = {invTimescale, isCos};
  Expr pos = positionOf(d, a, 1);
  Expr pe = sinQuadrant(cast<double>(pos) * invTimescale(c), isCos(c));
  Expr xv = cast<float>(a.inputs[0](asExprs(a.vars)));
  a.out(a.vars) = cast(halideType(d.outputs[0].type), xv + pe);
  return a;
}

DataAlgo buildLearned(const KernelDesc &d) {
  checkPositionShapes(d, 2);
  const TensorDesc &x = d.inputs[0], &table = d.inputs[1];
  if (table.rank() != 2)
    fail(d.kind, "expected table [N, D]");
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(x.rank());
  Expr n = extentOf(table, a.inputs[1], 0);
  // Clamped for memory safety; positions past N are a run-time error.
  Expr row = clamp(positionOf(d, a, 2), 0, n - 1);
  Expr xv = cast<float>(a.inputs[0](asExprs(a.vars)));
  Expr tv = cast<float>(a.inputs[1](a.vars[0], row));
  a.out(a.vars) = cast(halideType(d.outputs[0].type), xv + tv);
  return a;
}

// --- SubsampleLengths -------------------------------------------------------

DataAlgo buildSubsampleLengths(const KernelDesc &d) {
  requireCounts(d, 1, 1);
  const TensorDesc &t = d.inputs[0];
  if (isFloat(t.type))
    fail(d.kind, "lengths must be integers");
  int64_t k = d.getInt("kernel", 1), s = d.getInt("stride", 1), p = d.getInt("padding", 0),
          dil = d.getInt("dilation", 1);
  if (k < 1 || s < 1 || dil < 1 || p < 0)
    fail(d.kind, "kernel, stride, dilation must be >= 1 and padding >= 0");
  DataAlgo a;
  a.inputs = makeInputs(d);
  a.vars = makeVars(t.rank());
  Type ty = halideType(t.type);
  Expr len = a.inputs[0](asExprs(a.vars));
  // Halide's integer division rounds toward -inf for a positive divisor.
  Expr num = len + cast(ty, Expr(2 * p - dil * (k - 1) - 1));
  a.out(a.vars) = cast(halideType(d.outputs[0].type),
                       max(num / cast(ty, Expr(s)) + cast(ty, Expr(1)), cast(ty, Expr(0))));
  return a;
}

//===----------------------------------------------------------------------===//
// THE SCHEDULES (one per kind)
//===----------------------------------------------------------------------===//

/// The naive (-O0) schedule: everything compute_root, serial, scalar.
void scheduleNaive(DataAlgo &a) {
  for (Func &t : a.tables)
    t.compute_root();
}

/// Unary, Scale, Binary, Copy, Slice, UpdateSlice, LearnedPosition,
/// SubsampleLengths: one streaming pass over the output.
void scheduleElementwise(DataAlgo &a, const TensorDesc &out, const RowSchedule &s) {
  if (s.naive)
    return scheduleNaive(a);
  scheduleRows(a.out, pureDims(a.vars, out), s);
}

/// Embedding: rows are tokens; a row is a contiguous copy of a table row.
void scheduleEmbedding(DataAlgo &a, const TensorDesc &out, const RowSchedule &s) {
  scheduleElementwise(a, out, s);
}

/// SinusoidalPosition: the per-channel tables once per call, then a streaming
/// pass (the encoding is recomputed per element: ~20 vector ops, cheaper than
/// a [T, D] table in memory).
void scheduleSinusoidal(DataAlgo &a, const TensorDesc &out, const RowSchedule &s) {
  if (s.naive)
    return scheduleNaive(a);
  for (Func &t : a.tables)
    t.compute_root();
  scheduleRows(a.out, pureDims(a.vars, out), s);
}

/// The loops of Concat's update stage k: the pure vars, with the axis' Var
/// replaced by the stage's RVar (extent: input k's axis).
std::vector<LoopDim> concatDims(const DataAlgo &a, const KernelDesc &d, size_t k, int axisH) {
  std::vector<LoopDim> dims = pureDims(a.vars, d.outputs[0]);
  dims[axisH] = {a.updates[k].x, staticExtent(d.inputs[k], axisH)};
  return dims;
}

/// Concat: each input's update stage streams its slab of the output with the
/// row schedule.
void scheduleConcat(DataAlgo &a, const KernelDesc &d, int axisH, const RowSchedule &s) {
  if (s.naive)
    return scheduleNaive(a);
  for (size_t k = 0; k < a.updates.size(); ++k)
    scheduleRows(a.out.update(static_cast<int>(k)), concatDims(a, d, k, axisH), s);
}

/// Output Halide dim of a transpose that reads the input's innermost dim (0:
/// the innermost dim stays).
int transposeReadDim(const std::vector<int64_t> &perm) {
  int rank = static_cast<int>(perm.size());
  for (int k = 0; k < rank; ++k)
    if (perm[k] == rank - 1)
      return rank - 1 - k;
  return 0;
}

/// The tile edges for a transpose: the knob, halved to fit small static
/// extents (pitfall 4).
int transposeTile(int tile, int64_t extent) {
  while (extent > 0 && tile > extent && tile > 1)
    tile /= 2;
  return tile;
}

/// The default of "rows_per_task" for a tiled transpose, whose rows are rows
/// of tiles.
int64_t defaultTransposeRowsPerTask(const TensorDesc &out, int yh, int tile) {
  // A "row" is one row of tiles: tile x (x extent) elements.
  int64_t x = staticExtent(out, 0);
  int64_t rowElems = int64_t(transposeTile(tile, staticExtent(out, yh))) *
                     (x >= 0 ? x : kAssumedDynamicExtent);
  return std::clamp<int64_t>(kElemsPerTask / std::max<int64_t>(rowElems, 1), 1, 4096);
}

/// Transpose: innermost dim kept -> the row schedule; moved -> tile x tile
/// blocks (output written along xi, input read along yi, both in cache);
/// the rows of tiles (yo fused with the dims outside) are the parallel rows.
/// [1,1500,384] -> [1,384,1500] f32: 195 us untiled, 66-75 us with tiles of
/// 8-64 (memcpy of the same bytes: 47 us; 2 vCPU Zen 4).
void scheduleTranspose(DataAlgo &a, const TensorDesc &out, const std::vector<int64_t> &perm,
                       const TransposeSchedule &s) {
  if (s.naive)
    return scheduleNaive(a);
  int rank = static_cast<int>(a.vars.size());
  int yh = transposeReadDim(perm);
  if (yh == 0 || s.tile <= 1)
    return scheduleRows(a.out, pureDims(a.vars, out), s);
  Var x = a.vars[0], y = a.vars[yh];
  Var xo("xo"), xi("xi"), yo("yo"), yi("yi");
  int tx = transposeTile(s.tile, staticExtent(out, 0));
  int ty = transposeTile(s.tile, staticExtent(out, yh));
  a.out.split(x, xo, xi, tx, TailStrategy::GuardWithIf)
      .split(y, yo, yi, ty, TailStrategy::GuardWithIf);
  // Loops, innermost first: xi yi xo | the other dims, yo in y's place.
  std::vector<LoopDim> outer;
  for (int h = 1; h < rank; ++h)
    outer.push_back({h == yh ? Var(yo) : a.vars[h], -1});
  std::vector<VarOrRVar> order = {xi, yi, xo};
  for (const LoopDim &d : outer)
    order.push_back(d.v);
  a.out.reorder(order);
  if (int lanes = lanesFor(s.vectorWidth, tx))
    a.out.vectorize(xi, lanes, TailStrategy::GuardWithIf);
  if (s.parallel) {
    // xo stays inside a task: a task is rowsPerTask rows of tiles.
    std::vector<LoopDim> dims = {{xo, -1}};
    dims.insert(dims.end(), outer.begin(), outer.end());
    RowSchedule rows = s;
    rows.vectorWidth = 0;
    // planRow keeps only dims[0] (xo) in the row: all extents are unknown.
    scheduleRows(a.out, dims, rows);
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

std::map<std::string, int64_t> dataKnobs(const KernelDesc &desc, const Halide::Target &target) {
  std::map<std::string, int64_t> k;
  k[kNaiveKnob] = 0;
  ElemType ot = desc.outputs.empty() ? ElemType::F32 : desc.outputs[0].type;
  k[kVectorWidth] = naturalLanes(target, computeType(ot));
  k[kParallel] = 1;
  std::vector<LoopDim> dims;
  if (!desc.outputs.empty())
    for (int h = 0; h < desc.outputs[0].rank(); ++h)
      dims.push_back({Var(), staticExtent(desc.outputs[0], h)});
  k[kRowsPerTask] = defaultRowsPerTask(dims);
  if (desc.kind == KernelKind::Transpose) {
    constexpr int64_t kDefaultTile = 32;
    k[kTile] = kDefaultTile;
    if (!desc.inputs.empty() && !desc.outputs.empty() &&
        desc.outputs[0].rank() == desc.inputs[0].rank()) {
      int yh = transposeReadDim(transposePerm(desc));
      if (yh != 0)
        k[kRowsPerTask] = defaultTransposeRowsPerTask(desc.outputs[0], yh, kDefaultTile);
    }
  }
  return k;
}

BuiltKernel buildData(const KernelDesc &desc, const Halide::Target &target,
                      const std::map<std::string, int64_t> &knobs) {
  (void)target; // the knobs already carry the target's vector width
  if (desc.outputs.size() != 1)
    fail(desc.kind, "expected 1 output, got " + std::to_string(desc.outputs.size()));
  const TensorDesc &out = desc.outputs[0];
  RowSchedule rows = RowSchedule::from(knobs, desc.kind);
  DataAlgo a;
  switch (desc.kind) {
  case KernelKind::Unary:
  case KernelKind::Scale:
    a = buildUnary(desc);
    scheduleElementwise(a, out, rows);
    break;
  case KernelKind::Binary:
    a = buildBinary(desc);
    scheduleElementwise(a, out, rows);
    break;
  case KernelKind::Transpose: {
    a = buildTranspose(desc);
    TransposeSchedule ts;
    static_cast<RowSchedule &>(ts) = rows;
    ts.tile = static_cast<int>(knob(knobs, kTile, desc.kind));
    scheduleTranspose(a, out, transposePerm(desc), ts);
    break;
  }
  case KernelKind::Copy:
    a = buildCopy(desc);
    scheduleElementwise(a, out, rows);
    break;
  case KernelKind::Concat: {
    a = buildConcat(desc);
    int64_t axis = desc.getInt("axis", -1);
    if (axis < 0)
      axis += out.rank();
    scheduleConcat(a, desc, out.rank() - 1 - static_cast<int>(axis), rows);
    break;
  }
  case KernelKind::Slice:
    a = buildSlice(desc);
    scheduleElementwise(a, out, rows);
    break;
  case KernelKind::UpdateSlice:
    a = buildUpdateSlice(desc);
    scheduleElementwise(a, out, rows);
    break;
  case KernelKind::Embedding:
    a = buildEmbedding(desc);
    scheduleEmbedding(a, out, rows);
    break;
  case KernelKind::SinusoidalPosition:
    a = buildSinusoidal(desc);
    scheduleSinusoidal(a, out, rows);
    break;
  case KernelKind::LearnedPosition:
    a = buildLearned(desc);
    scheduleElementwise(a, out, rows);
    break;
  case KernelKind::SubsampleLengths:
    a = buildSubsampleLengths(desc);
    scheduleElementwise(a, out, rows);
    break;
  default:
    fail(desc.kind, "not a data kind");
  }
  constrainOutput(a.out, out);
  return finish({a.out}, a.inputs);
}

} // namespace asr::kernels

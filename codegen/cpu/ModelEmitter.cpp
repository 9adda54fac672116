//===- ModelEmitter.cpp - asr IR -> kernels + entry-point C++ -------------===//
//
// Each entry point becomes one C function. Its body is straight-line code
// in four phases:
//   1. check every input tensor (rank, dtype, static dims, symbols such as
//      "B" agreeing across inputs);
//   2. compute the dims of every value from the input dims (`v<N>_d`), with
//      run-time checks where the verifier could not prove a rule statically
//      (two dynamic dims that must agree);
//   3. prepare the outputs and lay out the arena: slot sizes are the largest
//      value of each slot (asr-plan-buffers), one acquire per call;
//   4. call the kernels in order on halide_buffer_t views of inputs,
//      weights, arena slots and outputs.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/ModelEmitter.h"
#include "codegen/cpu/EntryTable.h"

#include "dialect/ASROps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <map>
#include <set>

using namespace mlir;
using namespace mlir::asr;
namespace k = ::asr::kernels;

namespace asr {
namespace {

std::string locString(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    std::string s = name.getName().str();
    if (auto child = dyn_cast<NameLoc>(name.getChildLoc()))
      s += " (" + child.getName().str() + ")";
    return s;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc); fused && !fused.getLocations().empty())
    return locString(fused.getLocations().front());
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return (file.getFilename().str() + ":" + std::to_string(file.getLine()));
  return "?";
}

/// A C string literal.
std::string quote(StringRef s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

bool isIdentifier(StringRef s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    return false;
  return llvm::all_of(s, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

FailureOr<k::ElemType> elemType(Type t) {
  if (t.isF32()) return k::ElemType::F32;
  if (t.isF16()) return k::ElemType::F16;
  if (t.isBF16()) return k::ElemType::BF16;
  if (t.isInteger(32)) return k::ElemType::I32;
  if (t.isInteger(64)) return k::ElemType::I64;
  return failure();
}

const char *dtypeEnum(k::ElemType t) {
  switch (t) {
  case k::ElemType::F32: return "ASRC_F32";
  case k::ElemType::F16: return "ASRC_F16";
  case k::ElemType::BF16: return "ASRC_BF16";
  case k::ElemType::I32: return "ASRC_I32";
  case k::ElemType::I64: return "ASRC_I64";
  }
  return "ASRC_F32";
}

size_t elemSize(k::ElemType t) {
  switch (t) {
  case k::ElemType::F32: case k::ElemType::I32: return 4;
  case k::ElemType::F16: case k::ElemType::BF16: return 2;
  case k::ElemType::I64: return 8;
  }
  return 4;
}

RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

k::TensorDesc tensorDesc(Value v) {
  RankedTensorType t = tensorType(v);
  k::TensorDesc d;
  d.type = *elemType(t.getElementType());
  for (int64_t s : t.getShape())
    d.dims.push_back(ShapedType::isDynamic(s) ? -1 : s);
  return d;
}

int64_t normAxis(int64_t axis, int64_t rank) { return axis < 0 ? axis + rank : axis; }

/// Where a value lives at run time.
struct Storage {
  std::string ptr;             ///< C expression of the data pointer
  std::string strides = "nullptr"; ///< element strides (row-major), or nullptr = dense
};

class Emitter {
public:
  Emitter(ModuleOp module, EmittedModel &out, const EmitOptions &options)
      : module(module), out(out), options(options) {}
  LogicalResult run();

private:
  /// The code an entry-point body is written for: Halide kernels on host
  /// memory, or CUDA kernels on device memory (runtime/asrc_rt.h, CUDA).
  enum class Backend { Host, Cuda };

  LogicalResult emitFunc(func::FuncOp func);
  /// One body of the entry point emitFunc set up (entry, inNames,
  /// outNames), for `backend`, under `signature`.
  LogicalResult emitBody(func::FuncOp func, const std::string &signature);
  LogicalResult emitDims(Operation *op);
  LogicalResult emitOp(Operation *op);
  FailureOr<k::KernelDesc> kernelFor(Operation *op);
  /// One buffer argument of a kernel call.
  struct BufArg {
    std::string ptr, dims, strides = "nullptr";
    k::ElemType type;
    int64_t rank;
  };
  BufArg arg(Value v) {
    RankedTensorType t = tensorType(v);
    return {storage[v].ptr, name(v) + "_d", storage[v].strides, *elemType(t.getElementType()),
            t.getRank()};
  }
  /// `alt` (with `altCond`, a C condition): a variant of desc with the same
  /// arguments, called instead when altCond holds at run time.
  /// `scalar0` (CUDA only): a C expression for asrc_cu_args::scalars[0].
  void emitCall(Operation *op, const k::KernelDesc &desc, ArrayRef<BufArg> args,
                const k::KernelDesc *alt = nullptr, const std::string &altCond = "",
                const std::string &scalar0 = "");
  void emitKernelCall(Operation *op, const k::KernelDesc &desc, ArrayRef<Value> ins,
                      ArrayRef<Value> outs, const k::KernelDesc *alt = nullptr,
                      const std::string &altCond = "");
  std::string kernelFunction(const k::KernelDesc &desc, Operation *op);
  LogicalResult emitRecurrence(Operation *op);
  LogicalResult emitRecurrenceCuda(Operation *op);
  /// CUDA: folds the ops after a matmul that only consume its result into
  /// the kernel's epilogue: `+ bias` (a rank-1 [N] value), then an
  /// activation, then `+ residual` (a value of the output's type defined
  /// before the matmul). Extends desc/ins, replaces outs with the last
  /// folded op's result and records the folded ops in fusedAway.
  void fuseEpilogue(MatmulOp mm, k::KernelDesc &desc, SmallVector<Value> &ins,
                    SmallVector<Value> &outs);
  /// A host pointer to v's data (CUDA: downloads a computed value first).
  std::string hostData(Value v);
  void emitRangeChecks(Operation *op);

  /// "v3"
  std::string name(Value v) {
    auto it = names.find(v);
    if (it != names.end())
      return it->second;
    std::string n = "v" + std::to_string(names.size());
    names[v] = n;
    return n;
  }
  /// The C expression of dim i (negative counts from the end) of v.
  std::string dim(Value v, int64_t i) {
    RankedTensorType t = tensorType(v);
    i = normAxis(i, t.getRank());
    if (!t.isDynamicDim(i))
      return std::to_string(t.getDimSize(i));
    return name(v) + "_d[" + std::to_string(i) + "]";
  }
  std::string bytes(Value v) {
    std::string s = "(size_t)" + std::to_string(elemSize(*elemType(tensorType(v).getElementType())));
    for (int64_t i = 0; i < tensorType(v).getRank(); ++i)
      s += " * (size_t)" + dim(v, i);
    return s;
  }
  std::string fail(Operation *op, const std::string &cond, const std::string &what) {
    return "  if (" + cond + ") return asrc_rt_error(ASRC_INVALID_ARGUMENT, " +
           quote(entry + ": " + locString(op->getLoc()) + ": " + what) + ");\n";
  }
  /// Two dims of the same extent (run-time check when either is dynamic).
  void checkEqual(Operation *op, const std::string &a, const std::string &b,
                  const std::string &what) {
    if (a == b)
      return;
    dimsOs << fail(op, a + " != " + b,
                   what + ": the input shapes make these dims differ");
  }
  std::string broadcastDim(Operation *op, const std::string &a, const std::string &b) {
    if (a == b || b == "1")
      return a;
    if (a == "1")
      return b;
    dimsOs << fail(op, "!(" + a + " == " + b + " || " + a + " == 1 || " + b + " == 1)",
                   "shapes do not broadcast for the given input shapes");
    return "asrc_bdim(" + a + ", " + b + ")";
  }

  ModuleOp module;
  EmittedModel &out;
  EmitOptions options;
  Backend backend = Backend::Host;
  std::map<std::string, size_t> weightIndex;
  std::map<std::string, size_t> cudaKernelIndex;
  std::set<std::string> emittedConstants;
  DenseSet<Operation *> fusedAway; ///< ops folded into a kernel's epilogue (CUDA)
  std::string weightTable, constantsOs, protoOs;
  std::map<std::string, size_t> kernelIndex;
  std::vector<EntryPorts> entryPorts; ///< for the entry table (EntryTable.h)

  // Per entry point.
  std::string entry;
  DenseMap<Value, std::string> names;
  DenseMap<Value, Storage> storage;
  DenseMap<Value, std::string> hostPtr; ///< host data of inputs and constants
  SmallVector<std::string> inNames, outNames;
  std::string dimsStr, bodyStr;
  llvm::raw_string_ostream dimsOs{dimsStr}, bodyOs{bodyStr};
  int scratchCount = 0;
};

//===----------------------------------------------------------------------===//
// Dims
//===----------------------------------------------------------------------===//

LogicalResult Emitter::emitDims(Operation *op) {
  for (Value res : op->getResults()) {
    RankedTensorType t = tensorType(res);
    SmallVector<std::string> d;
    for (int64_t i = 0; i < t.getRank(); ++i) {
      if (!t.isDynamicDim(i)) {
        d.push_back(std::to_string(t.getDimSize(i)));
        continue;
      }
      std::string e;
      auto same = [&](Value v) { return dim(v, i); };
      llvm::TypeSwitch<Operation *>(op)
          .Case<ReluOp, GeluOp, GeluTanhOp, TanhOp, SigmoidOp, SiluOp, ExpOp, LogOp, NegOp,
                SqrtOp, RsqrtOp, ScaleOp, SoftmaxOp, LogSoftmaxOp, LayerNormOp,
                SinusoidalPositionOp, LearnedPositionOp, SubsampleLengthsOp>(
              [&](Operation *o) { e = same(o->getOperand(0)); })
          .Case<UpdateSliceOp>([&](UpdateSliceOp o) { e = same(o.getDest()); })
          .Case<AddOp, SubOp, MulOp, DivOp, MaxOp>([&](Operation *o) {
            int64_t r = t.getRank();
            auto at = [&](Value v) -> std::string {
              int64_t j = i - (r - tensorType(v).getRank());
              return j < 0 ? "1" : dim(v, j);
            };
            e = broadcastDim(o, at(o->getOperand(0)), at(o->getOperand(1)));
          })
          .Case<MatmulOp>([&](MatmulOp o) {
            int64_t r = t.getRank();
            Value l = o.getLhs(), rr = o.getRhs();
            if (i == r - 2) {
              e = dim(l, o.getTransposeLhs() ? -1 : -2);
            } else if (i == r - 1) {
              e = dim(rr, o.getTransposeRhs() ? -2 : -1);
            } else {
              auto at = [&](Value v) -> std::string {
                int64_t j = i - (r - tensorType(v).getRank());
                return j < 0 ? "1" : dim(v, j);
              };
              e = broadcastDim(o, at(l), at(rr));
            }
          })
          .Case<ReduceOp>([&](ReduceOp o) {
            int64_t inRank = tensorType(o.getInput()).getRank();
            SmallVector<bool> reduced(inRank, false);
            for (int64_t a : o.getAxes())
              reduced[normAxis(a, inRank)] = true;
            int64_t j = 0, seen = 0;
            for (; j < inRank; ++j) {
              if (reduced[j] && !o.getKeepDims())
                continue;
              if (seen++ == i)
                break;
            }
            e = dim(o.getInput(), j);
          })
          .Case<Conv1DOp>([&](Conv1DOp o) {
            if (i == 0) {
              e = dim(o.getInput(), 0);
              return;
            }
            int64_t kk = tensorType(o.getWeight()).getDimSize(2);
            e = "asrc_conv_len(" + dim(o.getInput(), 1) + ", " + std::to_string(kk) + ", " +
                std::to_string(o.getStride()) + ", " + std::to_string(o.getPadding()) + ", " +
                std::to_string(o.getDilation()) + ")";
          })
          .Case<Conv2DOp>([&](Conv2DOp o) {
            if (i == 0) {
              e = dim(o.getInput(), 0);
              return;
            }
            int64_t s = i - 2;
            int64_t kk = tensorType(o.getWeight()).getDimSize(i);
            e = "asrc_conv_len(" + dim(o.getInput(), i) + ", " + std::to_string(kk) + ", " +
                std::to_string(o.getStride()[s]) + ", " + std::to_string(o.getPadding()[s]) +
                ", " + std::to_string(o.getDilation()[s]) + ")";
          })
          .Case<AttentionScoreOp>([&](AttentionScoreOp o) {
            int64_t r = t.getRank();
            if (i == r - 1)
              e = dim(o.getKey(), -2);
            else if (i == r - 2)
              e = dim(o.getQuery(), -2);
            else {
              auto at = [&](Value v) -> std::string {
                int64_t j = i - (r - tensorType(v).getRank());
                return j < 0 ? "1" : dim(v, j);
              };
              e = broadcastDim(o, at(o.getQuery()), at(o.getKey()));
            }
          })
          .Case<WeightedSumOp>([&](WeightedSumOp o) {
            int64_t r = t.getRank();
            if (i == r - 1)
              e = dim(o.getValues(), -1);
            else if (i == r - 2)
              e = dim(o.getProbs(), -2);
            else {
              auto at = [&](Value v) -> std::string {
                int64_t j = i - (r - tensorType(v).getRank());
                return j < 0 ? "1" : dim(v, j);
              };
              e = broadcastDim(o, at(o.getProbs()), at(o.getValues()));
            }
          })
          .Case<TransposeOp>([&](TransposeOp o) { e = dim(o.getInput(), o.getPerm()[i]); })
          .Case<ReshapeOp>([&](ReshapeOp o) {
            ArrayRef<int64_t> spec = o.getShape();
            if (spec[i] == 0) {
              e = dim(o.getInput(), i);
              return;
            }
            // -1: the element count over the product of the other dims.
            std::string total = "(int64_t)1", known = "(int64_t)1";
            for (int64_t j = 0; j < tensorType(o.getInput()).getRank(); ++j)
              total += " * " + dim(o.getInput(), j);
            for (size_t j = 0; j < spec.size(); ++j)
              if ((int64_t)j != i)
                known += " * " + (spec[j] == 0 ? dim(o.getInput(), j) : std::to_string(spec[j]));
            dimsOs << fail(o, "(" + known + ") == 0 || (" + total + ") % (" + known + ") != 0",
                           "reshape: the input's element count does not divide into the target shape");
            e = "((" + total + ") / (" + known + "))";
          })
          .Case<ConcatOp>([&](ConcatOp o) {
            int64_t axis = normAxis(o.getAxis(), t.getRank());
            if (i == axis) {
              e = "(int64_t)0";
              for (Value v : o.getInputs())
                e += " + " + dim(v, i);
              e = "(" + e + ")";
            } else {
              e = dim(o.getInputs()[0], i);
              for (Value v : o.getInputs().drop_front())
                checkEqual(o, e, dim(v, i), "concat: inputs must agree off the axis");
            }
          })
          .Case<SliceOp>([&](SliceOp o) {
            int64_t axis = normAxis(o.getAxis(), t.getRank());
            if (i != axis) {
              e = dim(o.getInput(), i);
              return;
            }
            e = "asrc_slice_len(" + dim(o.getInput(), i) + ", " + std::to_string(o.getStart()) +
                ", " + std::to_string((int64_t)o.getEnd()) + ", " + std::to_string(o.getStep()) + ")";
          })
          .Case<FusedAttentionOp>([&](FusedAttentionOp o) {
            // dot: [B, H, Lq, Dv] (+ probs [B, H, Lq, Lk]); additive: [B, Lq, Dv] (+ [B, Lq, Lk]).
            // Batch and heads are the key's: the query may broadcast a static 1.
            int64_t r = t.getRank();
            bool probs = cast<OpResult>(res).getResultNumber() == 1;
            if (i < r - 2) {
              e = dim(o.getKey(), i);
              std::string qd = dim(o.getQuery(), i);
              if (qd != "1")
                checkEqual(o, e, qd, "fused_attention: query vs key batch/head dims");
            } else if (i == r - 2) {
              e = dim(o.getQuery(), i);
            } else {
              e = probs ? dim(o.getKey(), -2) : dim(o.getValue(), -1);
            }
          })
          .Case<EmbeddingOp>([&](EmbeddingOp o) { e = dim(o.getTokens(), i); })
          .Case<LSTMOp, GRUOp>([&](Operation *o) { e = dim(o->getOperand(0), i); })
          .Case<LSTMCellOp, GRUCellOp>([&](Operation *o) {
            e = i == 0 ? dim(o->getOperand(0), 0) : dim(o->getOperand(1), i);
          })
          .Case<FrameConcatOp>([&](FrameConcatOp o) {
            e = i == 1 ? "(" + dim(o.getInput(), 1) + " / " + std::to_string(o.getFactor()) + ")"
                       : dim(o.getInput(), i);
          })
          .Case<LogMelOp>([&](LogMelOp o) {
            // [B, T, n_mels]: T = N / hop (whisper), 1 + (N - win) / hop (kaldi).
            LogMelOp::Config c = o.getConfig();
            std::string n = dim(o.getSamples(), 1), hop = std::to_string(c.hopLength),
                        win = std::to_string(c.winLength);
            e = i == 0 ? dim(o.getSamples(), 0)
                : !c.kaldi ? "(" + n + " / " + hop + ")"
                           : "(" + n + " >= " + win + " ? 1 + (" + n + " - " + win + ") / " + hop +
                                 " : (int64_t)0)";
          })
          .Default([&](Operation *) {});
      if (e.empty())
        return op->emitOpError("codegen: no run-time shape rule for dynamic dim ") << i;
      d.push_back(e);
    }
    dimsOs << "  int64_t " << name(res) << "_d[" << std::max<int64_t>(1, t.getRank()) << "] = {";
    for (size_t j = 0; j < d.size(); ++j)
      dimsOs << (j ? ", " : "") << d[j];
    dimsOs << "};\n";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

FailureOr<k::KernelDesc> Emitter::kernelFor(Operation *op) {
  k::KernelDesc d;
  bool ok = true;
  llvm::TypeSwitch<Operation *>(op)
      .Case<ReluOp, GeluOp, GeluTanhOp, TanhOp, SigmoidOp, SiluOp, ExpOp, LogOp, NegOp, SqrtOp,
            RsqrtOp>([&](Operation *o) {
        d.kind = k::KernelKind::Unary;
        d.fn = o->getName().stripDialect().str();
      })
      .Case<ScaleOp>([&](ScaleOp o) {
        d.kind = k::KernelKind::Scale;
        d.floats["factor"] = o.getFactor().convertToDouble();
      })
      .Case<AddOp, SubOp, MulOp, DivOp, MaxOp>([&](Operation *o) {
        d.kind = k::KernelKind::Binary;
        d.fn = o->getName().stripDialect().str();
      })
      .Case<MatmulOp>([&](MatmulOp o) {
        d.kind = k::KernelKind::Matmul;
        d.ints["transpose_lhs"] = o.getTransposeLhs();
        d.ints["transpose_rhs"] = o.getTransposeRhs();
      })
      .Case<ReduceOp>([&](ReduceOp o) {
        d.kind = k::KernelKind::Reduce;
        d.fn = stringifyReduceKind(o.getKind()).str();
        int64_t rank = tensorType(o.getInput()).getRank();
        std::vector<int64_t> axes;
        for (int64_t a : o.getAxes())
          axes.push_back(normAxis(a, rank));
        std::sort(axes.begin(), axes.end());
        d.lists["axes"] = axes;
        d.ints["keep_dims"] = o.getKeepDims();
      })
      .Case<SoftmaxOp>([&](SoftmaxOp o) {
        d.kind = k::KernelKind::Softmax;
        d.ints["causal"] = o.getCausal();
        d.ints["has_lengths"] = o.getLengths() != nullptr;
      })
      .Case<LogSoftmaxOp>([&](LogSoftmaxOp o) {
        d.kind = k::KernelKind::LogSoftmax;
        d.ints["axis"] = normAxis(o.getAxis(), tensorType(o.getInput()).getRank());
      })
      .Case<LayerNormOp>([&](LayerNormOp o) {
        d.kind = k::KernelKind::LayerNorm;
        d.floats["epsilon"] = o.getEpsilon().convertToDouble();
      })
      .Case<Conv1DOp>([&](Conv1DOp o) {
        d.kind = k::KernelKind::Conv1D;
        d.ints = {{"stride", o.getStride()}, {"padding", o.getPadding()},
                  {"dilation", o.getDilation()}, {"groups", o.getGroups()},
                  {"has_bias", o.getBias() != nullptr}};
      })
      .Case<Conv2DOp>([&](Conv2DOp o) {
        d.kind = k::KernelKind::Conv2D;
        d.lists["stride"] = std::vector<int64_t>(o.getStride().begin(), o.getStride().end());
        d.lists["padding"] = std::vector<int64_t>(o.getPadding().begin(), o.getPadding().end());
        d.lists["dilation"] = std::vector<int64_t>(o.getDilation().begin(), o.getDilation().end());
        d.ints = {{"groups", o.getGroups()}, {"has_bias", o.getBias() != nullptr}};
      })
      .Case<AttentionScoreOp>([&](AttentionScoreOp o) {
        if (o.getKind() == ScoreKind::dot) {
          d.kind = k::KernelKind::ScoreDot;
          d.floats["scale"] = o.getScale().convertToDouble();
        } else {
          d.kind = k::KernelKind::ScoreAdditive;
          d.ints["has_bias"] = o.getBias() != nullptr;
        }
      })
      .Case<WeightedSumOp>([&](WeightedSumOp) { d.kind = k::KernelKind::WeightedSum; })
      .Case<FusedAttentionOp>([&](FusedAttentionOp o) {
        d.kind = k::KernelKind::FusedAttention;
        d.fn = stringifyScoreKind(o.getKind()).str();
        d.floats["scale"] = o.getScale().convertToDouble();
        d.ints = {{"causal", o.getCausal()}, {"has_lengths", o.getKeyLengths() != nullptr},
                  {"has_bias", o.getBias() != nullptr}, {"return_probs", o.getReturnProbs()}};
      })
      .Case<TransposeOp>([&](TransposeOp o) {
        d.kind = k::KernelKind::Transpose;
        d.lists["perm"] = std::vector<int64_t>(o.getPerm().begin(), o.getPerm().end());
      })
      .Case<ReshapeOp>([&](ReshapeOp) { d.kind = k::KernelKind::Copy; })
      .Case<ConcatOp>([&](ConcatOp o) {
        d.kind = k::KernelKind::Concat;
        d.ints["axis"] = normAxis(o.getAxis(), tensorType(o.getResult()).getRank());
      })
      .Case<SliceOp>([&](SliceOp o) {
        d.kind = k::KernelKind::Slice;
        d.ints = {{"axis", normAxis(o.getAxis(), tensorType(o.getInput()).getRank())},
                  {"start", o.getStart()}, {"step", o.getStep()}};
      })
      .Case<UpdateSliceOp>([&](UpdateSliceOp) { d.kind = k::KernelKind::UpdateSlice; })
      .Case<EmbeddingOp>([&](EmbeddingOp) { d.kind = k::KernelKind::Embedding; })
      .Case<SinusoidalPositionOp>([&](SinusoidalPositionOp o) {
        d.kind = k::KernelKind::SinusoidalPosition;
        d.ints = {{"concat_style", o.getStyle() == PositionStyle::concat},
                  {"has_offset", o.getOffset() != nullptr}};
      })
      .Case<LearnedPositionOp>([&](LearnedPositionOp o) {
        d.kind = k::KernelKind::LearnedPosition;
        d.ints["has_offset"] = o.getOffset() != nullptr;
      })
      .Case<SubsampleLengthsOp>([&](SubsampleLengthsOp o) {
        d.kind = k::KernelKind::SubsampleLengths;
        d.ints = {{"kernel", o.getKernel()}, {"stride", o.getStride()},
                  {"padding", o.getPadding()}, {"dilation", o.getDilation()}};
      })
      .Case<LogMelOp>([&](LogMelOp o) {
        LogMelOp::Config c = o.getConfig();
        d.kind = k::KernelKind::LogMel;
        d.fn = c.kaldi ? "kaldi" : "whisper";
        d.ints = {{"sample_rate", c.sampleRate}, {"n_mels", c.nMels}, {"n_fft", c.nFft},
                  {"win_length", c.winLength}, {"hop_length", c.hopLength},
                  {"has_lengths", o.getLengths() != nullptr}};
        d.floats = {{"low_freq", c.lowFreq}, {"high_freq", c.highFreq},
                    {"preemphasis", c.preemphasis}, {"scale", c.scale}};
      })
      .Default([&](Operation *) { ok = false; });
  if (!ok)
    return failure();
  for (Value v : op->getOperands())
    d.inputs.push_back(tensorDesc(v));
  for (Value v : op->getResults())
    d.outputs.push_back(tensorDesc(v));
  return d;
}

std::string Emitter::kernelFunction(const k::KernelDesc &desc, Operation *op) {
  bool gpu = backend == Backend::Cuda;
  std::string key = desc.key();
  auto &index = gpu ? cudaKernelIndex : kernelIndex;
  auto &list = gpu ? out.cudaKernels : out.kernels;
  auto it = index.find(key);
  if (it != index.end())
    return list[it->second].function + (gpu ? "_plan" : "");
  std::string fn = (gpu ? "asrkc_" : "asrk_") + out.name + "_" + std::to_string(list.size()) +
                   "_" + op->getName().stripDialect().str();
  index[key] = list.size();
  list.push_back({desc, fn, locString(op->getLoc())});
  if (gpu) {
    protoOs += "extern \"C\" void " + fn + "_plan(const asrc_cu_args *, asrc_cu_plan *);\n";
    return fn + "_plan";
  }
  protoOs += "extern \"C\" int " + fn + "(void *";
  for (size_t i = 0; i < desc.inputs.size() + desc.outputs.size(); ++i)
    protoOs += ", halide_buffer_t *";
  protoOs += ");\n";
  return fn;
}

void Emitter::emitCall(Operation *op, const k::KernelDesc &desc, ArrayRef<BufArg> args,
                       const k::KernelDesc *alt, const std::string &altCond,
                       const std::string &scalar0) {
  std::string fn = kernelFunction(desc, op);
  if (alt)
    fn = "(" + altCond + " ? " + kernelFunction(*alt, op) + " : " + fn + ")";
  size_t n = args.size();
  // An empty output (e.g. an utterance too short for one frame after a
  // strided stem) has nothing to compute.
  std::string nonEmpty;
  for (const BufArg &a : args.take_back(desc.outputs.size()))
    nonEmpty += (nonEmpty.empty() ? "" : " && ") + std::string("asrc_elements(") + a.dims + ", " +
                std::to_string(a.rank) + ") > 0";
  bodyOs << "  if (" << (nonEmpty.empty() ? "true" : nonEmpty) << ") { // "
         << op->getName().getStringRef() << " at " << locString(op->getLoc()) << "\n";
  if (backend == Backend::Cuda) {
    bodyOs << "    asrc_cu_args a = {};\n";
    for (auto [j, a] : llvm::enumerate(args))
      bodyOs << "    asrc_rt_cuda_arg(&a, " << j << ", (const void *)(" << a.ptr << "), "
             << dtypeEnum(a.type) << ", " << a.rank << ", " << a.dims << ", " << a.strides << ");\n";
    if (!scalar0.empty())
      bodyOs << "    a.scalars[0] = " << scalar0 << ";\n";
    bodyOs << "    if (asrc_error *e = asrc_rt_cuda_launch(cc, " << fn << ", &a, "
           << quote(entry + ": " + locString(op->getLoc())) << ")) return e;\n  }\n";
    return;
  }
  bodyOs << "    halide_buffer_t b[" << n << "];\n"
         << "    halide_dimension_t d[" << n << "][ASRC_MAX_RANK];\n"
         << "    asrc_error *e = nullptr;\n";
  for (auto [j, a] : llvm::enumerate(args))
    bodyOs << "    if ((e = asrc_rt_buffer(&b[" << j << "], d[" << j << "], (void *)(" << a.ptr
           << "), " << dtypeEnum(a.type) << ", " << a.rank << ", " << a.dims << ", " << a.strides
           << "))) return e;\n";
  bodyOs << "    int r = " << fn << "(call";
  for (size_t i = 0; i < n; ++i)
    bodyOs << ", &b[" << i << "]";
  bodyOs << ");\n"
         << "    if (r != 0) return asrc_rt_kernel_status(call, " << quote(entry) << ", "
         << quote(locString(op->getLoc())) << ", r);\n"
         << "  }\n";
}

void Emitter::emitKernelCall(Operation *op, const k::KernelDesc &desc, ArrayRef<Value> ins,
                             ArrayRef<Value> outs, const k::KernelDesc *alt,
                             const std::string &altCond) {
  SmallVector<BufArg> args;
  for (Value v : ins)
    args.push_back(arg(v));
  for (Value v : outs)
    args.push_back(arg(v));
  emitCall(op, desc, args, alt, altCond);
}


LogicalResult Emitter::emitRecurrence(Operation *op) {
  if (backend == Backend::Cuda)
    return emitRecurrenceCuda(op);
  for (Value v : op->getOperands())
    if (!tensorType(v).getElementType().isF32() && !isa<LSTMOp, GRUOp>(op))
      return op->emitOpError("codegen: recurrent cells are implemented for f32 only");
  auto f = [&](Value v) { return "(const float *)(" + storage[v].ptr + ")"; };
  auto fo = [&](Value v) { return "(float *)(" + storage[v].ptr + ")"; };
  if (isa<LSTMCellOp, GRUCellOp>(op)) {
    bool lstm = isa<LSTMCellOp>(op);
    Value x = op->getOperand(0), h = op->getOperand(1);
    Value c = lstm ? op->getOperand(2) : Value();
    unsigned w = lstm ? 3 : 2;
    bodyOs << "  { // " << op->getName().getStringRef() << " at " << locString(op->getLoc()) << "\n"
           << "    asrc_rt_cell a = {};\n"
           << "    a.batch = " << dim(x, 0) << "; a.input = " << dim(x, 1) << "; a.hidden = " << dim(h, 1) << ";\n"
           << "    a.x = " << f(x) << "; a.h = " << f(h) << ";";
    if (lstm)
      bodyOs << " a.c = " << f(c) << ";";
    bodyOs << "\n    a.w_ih = " << f(op->getOperand(w)) << "; a.w_hh = " << f(op->getOperand(w + 1))
           << "; a.b_ih = " << f(op->getOperand(w + 2)) << "; a.b_hh = " << f(op->getOperand(w + 3)) << ";\n"
           << "    a.h_out = " << fo(op->getResult(0)) << ";";
    if (lstm)
      bodyOs << " a.c_out = " << fo(op->getResult(1)) << ";";
    bodyOs << "\n    if (asrc_error *e = asrc_rt_" << (lstm ? "lstm" : "gru") << "_cell(model, "
           << quote(entry) << ", &a)) return e;\n  }\n";
    return success();
  }

  // A layer: per direction, the input projection xg = x W_ih^T + b_ih as
  // Halide kernels into scratch, then the runtime's recurrence.
  bool lstm = isa<LSTMOp>(op);
  int64_t gates = lstm ? 4 : 3;
  Value x = op->getOperand(0);
  ValueRange fwd = lstm ? cast<LSTMOp>(op).getWeights() : cast<GRUOp>(op).getWeights();
  ValueRange rev = lstm ? cast<LSTMOp>(op).getReverse() : cast<GRUOp>(op).getReverse();
  Value lengths = lstm ? cast<LSTMOp>(op).getLengths() : cast<GRUOp>(op).getLengths();
  if (!tensorType(x).getElementType().isF32())
    return op->emitOpError("codegen: recurrent layers are implemented for f32 only");
  int64_t hidden = tensorType(fwd[1]).getDimSize(1);
  int64_t dirs = rev.empty() ? 1 : 2;
  std::string xg = "xg" + std::to_string(scratchCount++);
  bodyOs << "  int64_t " << xg << "_d[3] = {" << dim(x, 0) << ", " << dim(x, 1) << ", "
         << gates * hidden << "};\n"
         << "  asrc_scratch " << xg << "_mem(model, (size_t)4 * " << xg << "_d[0] * " << xg
         << "_d[1] * " << xg << "_d[2]);\n"
         << "  if (!" << xg << "_mem.p && " << xg << "_d[0] * " << xg << "_d[1]) return asrc_rt_error(ASRC_OUT_OF_MEMORY, "
         << quote(entry + ": " + locString(op->getLoc()) + ": cannot allocate the input projection") << ");\n";
  k::TensorDesc xgDesc = tensorDesc(x);
  xgDesc.dims[2] = gates * hidden;
  for (int64_t d = 0; d < dirs; ++d) {
    ValueRange w = d == 0 ? fwd : rev;
    k::KernelDesc mm;
    mm.kind = k::KernelKind::Matmul;
    mm.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 1}};
    mm.inputs = {tensorDesc(x), tensorDesc(w[0])};
    mm.outputs = {xgDesc};
    BufArg xgArg{xg + "_mem.p", xg + "_d", "nullptr", k::ElemType::F32, 3};
    emitCall(op, mm, {arg(x), arg(w[0]), xgArg});
    k::KernelDesc add;
    add.kind = k::KernelKind::Binary;
    add.fn = "add";
    add.inputs = {xgDesc, tensorDesc(w[2])};
    add.outputs = {xgDesc};
    emitCall(op, add, {xgArg, arg(w[2]), xgArg});
    bodyOs << "  { // " << op->getName().getStringRef() << (d ? " (reverse)" : "") << " at "
           << locString(op->getLoc()) << "\n"
           << "    asrc_rt_rnn a = {};\n"
           << "    a.batch = " << dim(x, 0) << "; a.time = " << dim(x, 1) << "; a.hidden = " << hidden << ";\n"
           << "    a.xg = (const float *)" << xg << "_mem.p; a.w_hh = " << f(w[1]) << "; a.b_hh = " << f(w[3]) << ";\n";
    if (lengths)
      bodyOs << "    a.lengths = " << storage[lengths].ptr << "; a.lengths_dtype = "
             << dtypeEnum(*elemType(tensorType(lengths).getElementType())) << ";\n";
    bodyOs << "    a.reverse = " << d << ";\n"
           << "    a.out = " << fo(op->getResult(0)) << " + " << d * hidden << "; a.out_row_stride = "
           << dirs * hidden << ";\n"
           << "    if (asrc_error *e = asrc_rt_" << (lstm ? "lstm" : "gru") << "(model, " << quote(entry)
           << ", &a)) return e;\n  }\n";
  }
  return success();
}

/// CUDA: the input projection as matmul + add kernels into device scratch,
/// then one RecurrentStep kernel launch per time step (and direction), the
/// state double-buffered in device memory. A cell is a layer of one step.
LogicalResult Emitter::emitRecurrenceCuda(Operation *op) {
  bool lstm = isa<LSTMOp, LSTMCellOp>(op);
  bool cell = isa<LSTMCellOp, GRUCellOp>(op);
  int64_t gates = lstm ? 4 : 3;
  for (Value v : op->getOperands())
    if (!tensorType(v).getElementType().isF32() && !tensorType(v).getElementType().isInteger(32) &&
        !tensorType(v).getElementType().isInteger(64))
      return op->emitOpError("codegen: recurrences are implemented for f32 only");
  Value x = op->getOperand(0);
  SmallVector<SmallVector<Value, 4>> dirWeights;
  Value lengths, hIn, cIn;
  if (cell) {
    hIn = op->getOperand(1);
    cIn = lstm ? op->getOperand(2) : Value();
    unsigned w = lstm ? 3 : 2;
    dirWeights.push_back({op->getOperand(w), op->getOperand(w + 1), op->getOperand(w + 2),
                          op->getOperand(w + 3)});
  } else {
    ValueRange fwd = lstm ? cast<LSTMOp>(op).getWeights() : cast<GRUOp>(op).getWeights();
    ValueRange rev = lstm ? cast<LSTMOp>(op).getReverse() : cast<GRUOp>(op).getReverse();
    lengths = lstm ? cast<LSTMOp>(op).getLengths() : cast<GRUOp>(op).getLengths();
    dirWeights.push_back(SmallVector<Value, 4>(fwd.begin(), fwd.end()));
    if (!rev.empty())
      dirWeights.push_back(SmallVector<Value, 4>(rev.begin(), rev.end()));
  }
  int64_t hidden = tensorType(dirWeights[0][1]).getDimSize(1);
  int64_t dirs = dirWeights.size();
  std::string B = dim(x, 0), T = cell ? "(int64_t)1" : dim(x, 1);
  std::string id = std::to_string(scratchCount++);
  std::string xg = "xg" + id, st = "st" + id;
  // Scratch: the projection [B, T, G*H], then four [B, H] state buffers.
  bodyOs << "  int64_t " << xg << "_d[3] = {" << B << ", " << T << ", " << gates * hidden << "};\n"
         << "  int64_t " << xg << "_d2[2] = {" << B << ", " << gates * hidden << "};\n"
         << "  int64_t " << st << "_d[2] = {" << B << ", " << hidden << "};\n"
         << "  size_t " << st << "_n = (size_t)4 * " << B << " * " << hidden << ";\n"
         << "  char *" << xg << " = nullptr;\n"
         << "  if (asrc_error *e = asrc_rt_cuda_alloc(cc, asrc_align((size_t)4 * " << xg << "_d[0] * "
         << xg << "_d[1] * " << xg << "_d[2]) + 4 * asrc_align(" << st << "_n), (void **)&" << xg
         << ")) return e;\n"
         << "  char *" << st << "[4];\n"
         << "  for (int i = 0; i < 4; ++i) " << st << "[i] = " << xg << " + asrc_align((size_t)4 * "
         << xg << "_d[0] * " << xg << "_d[1] * " << xg << "_d[2]) + i * asrc_align(" << st << "_n);\n";
  k::TensorDesc xDesc = tensorDesc(x);
  k::TensorDesc xg3{k::ElemType::F32, {xDesc.dims[0], cell ? 1 : xDesc.dims[1], gates * hidden}};
  k::TensorDesc state{k::ElemType::F32, {xDesc.dims[0], hidden}};
  Value result = op->getResult(0);
  for (int64_t d = 0; d < dirs; ++d) {
    ArrayRef<Value> w = dirWeights[d];
    // xg = x W_ih^T + b_ih (rank 2 for a cell's [B, I] input, else rank 3).
    k::KernelDesc mm;
    mm.kind = k::KernelKind::Matmul;
    mm.ints = {{"transpose_lhs", 0}, {"transpose_rhs", 1}};
    k::TensorDesc xgOut = cell ? k::TensorDesc{k::ElemType::F32, {xDesc.dims[0], gates * hidden}} : xg3;
    mm.inputs = {xDesc, tensorDesc(w[0])};
    mm.outputs = {xgOut};
    BufArg xgArg{xg, cell ? xg + "_d2" : xg + "_d", "nullptr", k::ElemType::F32, cell ? 2 : 3};
    emitCall(op, mm, {arg(x), arg(w[0]), xgArg});
    k::KernelDesc add;
    add.kind = k::KernelKind::Binary;
    add.fn = "add";
    add.inputs = {xgOut, tensorDesc(w[2])};
    add.outputs = {xgOut};
    emitCall(op, add, {xgArg, arg(w[2]), xgArg});
    // The steps: RecurrentStep (codegen/cuda, docs/cuda.md).
    k::KernelDesc step;
    step.kind = k::KernelKind::RecurrentStep;
    step.fn = lstm ? "lstm" : "gru";
    step.ints = {{"reverse", d}, {"has_lengths", lengths != nullptr}, {"out_col", d * hidden}};
    step.inputs = {xg3, tensorDesc(w[1]), tensorDesc(w[3]), state};
    if (lstm)
      step.inputs.push_back(state);
    if (lengths)
      step.inputs.push_back(tensorDesc(lengths));
    k::TensorDesc outDesc = cell ? k::TensorDesc{k::ElemType::F32, {xDesc.dims[0], 1, hidden}}
                                 : tensorDesc(result);
    step.outputs = {outDesc, state};
    if (lstm)
      step.outputs.push_back(state);
    // State buffers: h ping-pong st[0]/st[1], c ping-pong st[2]/st[3]; a
    // cell reads its h (and c) inputs and writes its results directly.
    std::string hIn_ = cell ? storage[hIn].ptr : "(s & 1 ? " + st + "[1] : " + st + "[0])";
    std::string hOut = cell ? storage[op->getResult(0)].ptr : "(s & 1 ? " + st + "[0] : " + st + "[1])";
    std::string cIn_ = cell ? (lstm ? storage[cIn].ptr : "") : "(s & 1 ? " + st + "[3] : " + st + "[2])";
    std::string cOut = cell ? (lstm ? storage[op->getResult(1)].ptr : "")
                            : "(s & 1 ? " + st + "[2] : " + st + "[3])";
    SmallVector<BufArg> args = {BufArg{xg, xg + "_d", "nullptr", k::ElemType::F32, 3}, arg(w[1]),
                                arg(w[3]), BufArg{hIn_, st + "_d", "nullptr", k::ElemType::F32, 2}};
    if (lstm)
      args.push_back(BufArg{cIn_, st + "_d", "nullptr", k::ElemType::F32, 2});
    if (lengths)
      args.push_back(arg(lengths));
    std::string outDims = name(result) + "_d";
    if (cell) {
      outDims = st + "_d3";
      bodyOs << "  int64_t " << outDims << "[3] = {" << B << ", 1, " << hidden << "};\n";
    }
    args.push_back(BufArg{storage[result].ptr, outDims, "nullptr", k::ElemType::F32, 3});
    args.push_back(BufArg{hOut, st + "_d", "nullptr", k::ElemType::F32, 2});
    if (lstm)
      args.push_back(BufArg{cOut, st + "_d", "nullptr", k::ElemType::F32, 2});
    if (!cell)
      bodyOs << "  if (asrc_error *e = asrc_rt_cuda_zero(cc, " << st << "[0], " << st
             << "_n)) return e;\n"
             << "  if (asrc_error *e = asrc_rt_cuda_zero(cc, " << st << "[2], " << st
             << "_n)) return e;\n";
    bodyOs << "  for (int64_t s = 0; s < " << T << "; ++s) {\n";
    emitCall(op, step, args, nullptr, "", "s");
    bodyOs << "  }\n";
  }
  return success();
}

std::string Emitter::hostData(Value v) {
  auto it = hostPtr.find(v);
  if (it != hostPtr.end())
    return it->second;
  std::string h = "host" + std::to_string(scratchCount++);
  bodyOs << "  asrc_scratch " << h << "(model, asrc_align(" << bytes(v) << "));\n"
         << "  if (!" << h << ".p) return asrc_rt_error(ASRC_OUT_OF_MEMORY, "
         << quote(entry + ": cannot copy a value back for its range check") << ");\n"
         << "  if (asrc_error *e = asrc_rt_cuda_download(cc, " << h << ".p, " << storage[v].ptr
         << ", " << bytes(v) << ")) return e;\n"
         << "  if (asrc_error *e = asrc_rt_cuda_sync(cc)) return e;\n";
  return h + ".p";
}

/// Integer operands that index a table are checked before the kernel runs
/// (the kernels clamp them for memory safety only).
void Emitter::emitRangeChecks(Operation *op) {
  std::string where = entry + ": " + locString(op->getLoc()) + ": ";
  auto check = [&](Value v, const std::string &lo, const std::string &hi, const std::string &what) {
    RankedTensorType t = tensorType(v);
    std::string data = backend == Backend::Cuda ? hostData(v) : storage[v].ptr;
    bodyOs << "  if (asrc_error *e = asrc_check_range(" << data << ", "
           << dtypeEnum(*elemType(t.getElementType())) << ", asrc_elements(" << name(v) << "_d, "
           << t.getRank() << "), " << lo << ", " << hi << ", " << quote(where + what) << ")) return e;\n";
  };
  if (auto e = dyn_cast<EmbeddingOp>(op)) {
    check(e.getTokens(), "0", dim(e.getTable(), 0), "token ids");
  } else if (auto p = dyn_cast<LearnedPositionOp>(op)) {
    std::string n = dim(p.getTable(), 0), t = dim(p.getInput(), 1);
    if (p.getOffset())
      check(p.getOffset(), "0", "(" + n + " - " + t + " + 1)",
            "position offsets (offset + frames may not exceed the table's positions)");
    else
      bodyOs << "  if (" << t << " > " << n << ") return asrc_rt_error(ASRC_INVALID_ARGUMENT, "
             << quote(where + "more frames than the position table has rows") << ");\n";
  } else if (auto p = dyn_cast<SinusoidalPositionOp>(op)) {
    if (p.getOffset())
      check(p.getOffset(), "0", "INT32_MAX", "position offsets");
  } else if (auto u = dyn_cast<UpdateSliceOp>(op)) {
    check(u.getPosition(), "0", "(" + dim(u.getDest(), 1) + " - " + dim(u.getUpdate(), 1) + " + 1)",
          "positions (position + rows written may not exceed the cache length)");
  }

  // Per-utterance valid lengths count the frames (keys, samples) of their
  // op's data: a value outside [0, extent] is the caller's error (the kernels
  // would treat it as no mask or an empty utterance). Lengths that come from
  // an entry point's input, directly or through subsample_lengths, say so.
  auto checkLengths = [&](Value len, Value data, int64_t axis, const std::string &what) {
    if (!len)
      return;
    std::string origin;
    Value v = len;
    bool subsampled = false;
    while (auto sub = v.getDefiningOp<SubsampleLengthsOp>()) {
      v = sub.getLengths();
      subsampled = true;
    }
    if (auto arg = dyn_cast<BlockArgument>(v))
      if (arg.getArgNumber() < inNames.size())
        origin = std::string(" (") + (subsampled ? "from " : "") + "input '" +
                 inNames[arg.getArgNumber()] + "'" + (subsampled ? ", subsampled" : "") + ")";
    check(len, "0", "(" + dim(data, axis) + " + 1)",
          what + origin);
  };
  if (auto s = dyn_cast<SoftmaxOp>(op))
    checkLengths(s.getLengths(), s.getInput(), -1, "lengths of the keys");
  else if (auto fa = dyn_cast<FusedAttentionOp>(op))
    checkLengths(fa.getKeyLengths(), fa.getKey(), -2, "key lengths");
  else if (auto lm = dyn_cast<LogMelOp>(op))
    checkLengths(lm.getLengths(), lm.getSamples(), -1, "lengths in samples");
  else if (auto l = dyn_cast<LSTMOp>(op))
    checkLengths(l.getLengths(), l.getInput(), 1, "lengths in frames");
  else if (auto g = dyn_cast<GRUOp>(op))
    checkLengths(g.getLengths(), g.getInput(), 1, "lengths in frames");
  // subsample_lengths maps a negative length to 0: an input's lengths are
  // checked before (their upper bound where the subsampled values are used).
  else if (auto sub = dyn_cast<SubsampleLengthsOp>(op))
    if (auto arg = dyn_cast<BlockArgument>(sub.getLengths()))
      if (arg.getArgNumber() < inNames.size())
        check(arg, "0", "INT64_MAX",
              "lengths (input '" + inNames[arg.getArgNumber()] + "') must not be negative");
}

void Emitter::fuseEpilogue(MatmulOp mm, k::KernelDesc &desc, SmallVector<Value> &ins,
                           SmallVector<Value> &outs) {
  if (!tensorType(mm.getResult()).getElementType().isF32())
    return;
  Value cur = mm.getResult();
  auto soleUser = [&](Value v) -> Operation * {
    if (!v.hasOneUse())
      return nullptr;
    Operation *user = *v.getUsers().begin();
    return user->getBlock() == mm->getBlock() ? user : nullptr;
  };
  // Defined before the matmul (or an argument / weight): ready when it runs.
  auto ready = [&](Value v) {
    Operation *def = v.getDefiningOp();
    return !def || isa<WeightOp, arith::ConstantOp>(def) || def->isBeforeInBlock(mm);
  };
  auto otherOperand = [&](Operation *add, Value v) {
    return add->getOperand(0) == v ? add->getOperand(1) : add->getOperand(0);
  };
  // The kernel writes the last folded op's buffer while it reads lhs and rhs:
  // the buffer planner may have given that value an input's slot (the
  // input dies at the matmul), so a fold that would alias is not made.
  auto aliasesInput = [&](Value v) {
    return storage[v].ptr == storage[mm.getLhs()].ptr || storage[v].ptr == storage[mm.getRhs()].ptr;
  };
  RankedTensorType outType = tensorType(cur);
  int64_t n = outType.getShape().back();
  Operation *user = soleUser(cur);
  if (auto add = dyn_cast_or_null<AddOp>(user)) {
    Value b = otherOperand(add, cur);
    RankedTensorType bt = tensorType(b);
    if (bt.getRank() == 1 && bt.getShape()[0] == n && !ShapedType::isDynamic(n) &&
        bt.getElementType().isF32() && tensorType(add.getResult()) == outType && ready(b) &&
        !aliasesInput(add.getResult())) {
      desc.ints["bias"] = 1;
      ins.push_back(b);
      fusedAway.insert(add);
      cur = add.getResult();
      user = soleUser(cur);
    }
  }
  if (user && isa<ReluOp, GeluOp, GeluTanhOp, SiluOp, TanhOp, SigmoidOp>(user) &&
      tensorType(user->getResult(0)) == outType && !aliasesInput(user->getResult(0))) {
    desc.fn = user->getName().stripDialect().str();
    fusedAway.insert(user);
    cur = user->getResult(0);
    user = soleUser(cur);
  }
  if (auto add = dyn_cast_or_null<AddOp>(user)) {
    Value r = otherOperand(add, cur);
    if (tensorType(r) == outType && tensorType(add.getResult()) == outType && ready(r) && r != cur &&
        !aliasesInput(add.getResult())) {
      desc.ints["residual"] = 1;
      ins.push_back(r);
      fusedAway.insert(add);
      cur = add.getResult();
    }
  }
  outs = {cur};
  desc.inputs.clear();
  for (Value v : ins)
    desc.inputs.push_back(tensorDesc(v));
  desc.outputs = {tensorDesc(cur)};
}

LogicalResult Emitter::emitOp(Operation *op) {
  if (isa<WeightOp, arith::ConstantOp>(op) || fusedAway.count(op))
    return success();
  emitRangeChecks(op);
  if (isa<LSTMOp, GRUOp, LSTMCellOp, GRUCellOp>(op))
    return emitRecurrence(op);
  if (auto fc = dyn_cast<FrameConcatOp>(op)) {
    // The output in row-major order is a strided view of the input (groups
    // of `factor` frames side by side): copy that view.
    Value in = fc.getInput(), res = fc.getResult();
    std::string view = name(res) + "_view_s";
    bodyOs << "  int64_t " << view << "[3] = {" << dim(in, 1) << " * " << dim(in, 2) << ", "
           << fc.getFactor() << " * " << dim(in, 2) << ", 1};\n";
    k::KernelDesc d;
    d.kind = k::KernelKind::Copy;
    d.inputs = {tensorDesc(res)};
    d.outputs = {tensorDesc(res)};
    BufArg src = arg(res);
    src.ptr = storage[in].ptr;
    src.strides = view;
    emitCall(op, d, {src, arg(res)});
    return success();
  }
  FailureOr<k::KernelDesc> desc = kernelFor(op);
  if (failed(desc))
    return op->emitOpError("codegen: no CPU kernel for this op (run asr-decompose first?)");
  SmallVector<Value> ins(op->getOperands()), outs(op->getResults());
  if (backend == Backend::Cuda)
    if (auto mm = dyn_cast<MatmulOp>(op))
      fuseEpilogue(mm, *desc, ins, outs);
  // A few rows at run time (decoder steps) get another schedule: a variant
  // with `limit` set, compiled next to the default and chosen per call when
  // the rows (a C expression) are at most the limit.
  const char *limitKey = nullptr;
  int64_t limit = 0;
  std::string rows;
  if (auto fa = dyn_cast<FusedAttentionOp>(op)) {
    // Dot attention: the decode schedule (one task per head, keys as lanes)
    // instead of query tiles.
    Value q = fa.getQuery();
    int64_t rank = tensorType(q).getRank();
    if (desc->fn == "dot" && !fa.getReturnProbs() && tensorType(q).isDynamicDim(rank - 2)) {
      limitKey = "max_lq";
      limit = k::kAttentionDecodeMaxLq;
      rows = dim(q, rank - 2);
    }
  } else if (auto mm = dyn_cast<MatmulOp>(op)) {
    // Rows times a weight (a rank-2 rhs, shared by the batch): the GEMV
    // schedule (no packed weight panel) instead of the GEMM.
    Value lhs = mm.getLhs();
    int64_t rank = tensorType(lhs).getRank();
    int64_t mDim = mm.getTransposeLhs() ? rank - 1 : rank - 2;
    if (tensorType(mm.getRhs()).getRank() == 2 && tensorType(lhs).isDynamicDim(mDim)) {
      limitKey = "max_m";
      limit = k::kMatmulGemvMaxM;
      rows = dim(lhs, mDim);
    }
  }
  if (limitKey) {
    k::KernelDesc few = *desc;
    few.ints[limitKey] = limit;
    emitKernelCall(op, *desc, ins, outs, &few, rows + " <= " + std::to_string(limit));
    return success();
  }
  emitKernelCall(op, *desc, ins, outs);
  return success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

LogicalResult Emitter::emitFunc(func::FuncOp func) {
  entry = func.getSymName().str();
  if (!func.getBody().hasOneBlock())
    return func.emitError("codegen: entry points have one block");
  Block &block = func.getBody().front();
  auto ret = cast<func::ReturnOp>(block.getTerminator());
  std::string fname = out.name + "_" + entry;

  // Signature, and the header's documentation of it.
  std::string params = "(asrc_model *model";
  std::string doc = "/* " + entry + ":\n";
  inNames.clear();
  outNames.clear();
  for (BlockArgument arg : block.getArguments()) {
    auto n = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "asr.name");
    std::string an = n ? n.str() : "arg" + std::to_string(arg.getArgNumber());
    if (!isIdentifier(an))
      an = "arg" + std::to_string(arg.getArgNumber());
    inNames.push_back(an);
    params += ", const asrc_tensor *" + an;
    std::string dimsDoc;
    auto dims = func.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), "asr.dims");
    RankedTensorType t = tensorType(arg);
    for (int64_t i = 0; i < t.getRank(); ++i) {
      std::string s = t.isDynamicDim(i) ? "?" : std::to_string(t.getDimSize(i));
      if (dims && i < (int64_t)dims.size())
        if (auto str = dyn_cast<StringAttr>(dims[i]))
          s = str.str();
      dimsDoc += (i ? ", " : "") + s;
    }
    doc += " *   in  " + an + ": " + dtypeEnum(*elemType(t.getElementType())) + " [" + dimsDoc + "]\n";
  }
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    auto n = func.getResultAttrOfType<StringAttr>(i, "asr.name");
    std::string on = n ? n.str() : "out" + std::to_string(i);
    if (!isIdentifier(on) || llvm::is_contained(inNames, on))
      on = "out_" + (isIdentifier(on) ? on : std::to_string(i));
    outNames.push_back(on);
    params += ", asrc_tensor *" + on;
    RankedTensorType t = tensorType(v);
    std::string dimsDoc;
    for (int64_t j = 0; j < t.getRank(); ++j)
      dimsDoc += (j ? ", " : "") + (t.isDynamicDim(j) ? std::string("?") : std::to_string(t.getDimSize(j)));
    doc += " *   out " + on + ": " + dtypeEnum(*elemType(t.getElementType())) + " [" + dimsDoc + "]\n";
  }
  params += ")";
  std::string sig = "asrc_error *" + fname + params;
  doc += " * Outputs with data == NULL are allocated (free with asrc_tensor_free);\n"
         " * otherwise their dtype and shape must match. */\n";
  out.header += doc + sig + ";\n\n";
  EntryPorts ports;
  ports.entry = entry;
  ports.function = fname;
  for (BlockArgument arg : block.getArguments()) {
    RankedTensorType t = tensorType(arg);
    auto dims = func.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), "asr.dims");
    EntryPort p{inNames[arg.getArgNumber()], dtypeEnum(*elemType(t.getElementType())), t.getRank(), {}, {}};
    for (int64_t i = 0; i < t.getRank(); ++i) {
      p.dims.push_back(t.isDynamicDim(i) ? -1 : t.getDimSize(i));
      StringAttr sym = dims && i < (int64_t)dims.size() ? dyn_cast<StringAttr>(dims[i]) : StringAttr();
      p.syms.push_back(t.isDynamicDim(i) && sym ? sym.str() : "");
    }
    ports.inputs.push_back(std::move(p));
  }
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    RankedTensorType t = tensorType(v);
    ports.outputs.push_back({outNames[i], dtypeEnum(*elemType(t.getElementType())), t.getRank(), {}, {}});
    if (auto n = func.getResultAttrOfType<StringAttr>(i, "asr.name"))
      ports.outputBySpecName[n.str()] = outNames[i];
  }
  entryPorts.push_back(std::move(ports));

  // A host-only library keeps one function per entry point; with CUDA,
  // each backend gets its own body and the entry point picks by the device
  // chosen at model creation.
  if (!options.cuda)
    return emitBody(func, "extern \"C\" " + sig);
  if (options.host) {
    backend = Backend::Host;
    if (failed(emitBody(func, "static asrc_error *" + fname + "_host" + params)))
      return failure();
  }
  backend = Backend::Cuda;
  if (failed(emitBody(func, "static asrc_error *" + fname + "_cuda" + params)))
    return failure();
  backend = Backend::Host;
  std::string args = "model";
  for (const std::string &n : inNames)
    args += ", " + n;
  for (const std::string &n : outNames)
    args += ", " + n;
  out.source += "extern \"C\" " + sig + " {\n";
  if (options.host)
    out.source += "  if (!asrc_rt_model_on_cuda(model)) return " + fname + "_host(" + args + ");\n";
  out.source += "  return " + fname + "_cuda(" + args + ");\n}\n\n";
  return success();
}

LogicalResult Emitter::emitBody(func::FuncOp func, const std::string &signature) {
  names.clear();
  storage.clear();
  hostPtr.clear();
  fusedAway.clear();
  dimsStr.clear();
  bodyStr.clear();
  Block &block = func.getBody().front();
  auto ret = cast<func::ReturnOp>(block.getTerminator());
  std::string fname = out.name + "_" + entry;
  bool gpu = backend == Backend::Cuda;

  // 1. Inputs.
  std::string src;
  llvm::raw_string_ostream os(src);
  os << signature << " {\n"
     << "  if (!model) return asrc_rt_error(ASRC_INVALID_ARGUMENT, " << quote(fname + ": model is NULL") << ");\n"
     << "  asrc_rt_symbols syms = {};\n"
     << "  asrc_error *err = nullptr;\n";
  for (BlockArgument arg : block.getArguments()) {
    RankedTensorType t = tensorType(arg);
    std::string an = inNames[arg.getArgNumber()];
    std::string v = name(arg);
    auto dims = func.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), "asr.dims");
    os << "  {\n    static const int64_t dims[] = {";
    for (int64_t i = 0; i < t.getRank(); ++i)
      os << (i ? ", " : "") << (t.isDynamicDim(i) ? -1 : t.getDimSize(i));
    os << (t.getRank() ? "" : "0") << "};\n    static const char *const syms_[] = {";
    for (int64_t i = 0; i < t.getRank(); ++i) {
      std::string s;
      if (t.isDynamicDim(i) && dims && i < (int64_t)dims.size())
        if (auto str = dyn_cast<StringAttr>(dims[i]))
          s = str.str();
      os << (i ? ", " : "") << (s.empty() ? "nullptr" : quote(s));
    }
    os << (t.getRank() ? "" : "nullptr") << "};\n"
       << "    if ((err = asrc_rt_check_input(" << an << ", " << quote(entry) << ", " << quote(an)
       << ", " << dtypeEnum(*elemType(t.getElementType())) << ", " << t.getRank()
       << ", dims, syms_, &syms))) return err;\n  }\n";
    os << "  int64_t " << v << "_d[" << std::max<int64_t>(1, t.getRank()) << "];\n"
       << "  for (int i = 0; i < " << t.getRank() << "; ++i) " << v << "_d[i] = " << an
       << "->shape[i];\n";
    // Kernels read dense rows (innermost stride 1) and the recurrences dense
    // arrays: a strided view is copied once into dense scratch.
    os << "  asrc_scratch " << v << "_dense(model, asrc_rt_tensor_is_dense(" << an
       << ") ? 0 : asrc_align((size_t)asrc_rt_tensor_elements(" << an << ") * asrc_rt_dtype_size("
       << an << "->dtype)));\n"
       << "  if (!asrc_rt_tensor_is_dense(" << an << ")) {\n"
       << "    if (!" << v << "_dense.p && asrc_rt_tensor_elements(" << an
       << ") > 0) return asrc_rt_error(ASRC_OUT_OF_MEMORY, "
       << quote(fname + ": cannot copy the strided input '" + an + "'") << ");\n"
       << "    if (" << v << "_dense.p) asrc_rt_copy_to_dense(" << an << ", " << v << "_dense.p);\n"
       << "  }\n";
    std::string host = "(" + v + "_dense.p ? " + v + "_dense.p : " + an + "->data)";
    hostPtr[arg] = host;
    storage[arg] = Storage{host};
  }

  // 2. Dims of every value, in op order.
  for (Operation &op : block.without_terminator()) {
    if (auto w = dyn_cast<WeightOp>(op)) {
      std::string key = w.getKey().str();
      auto [it, inserted] = weightIndex.emplace(key, weightIndex.size());
      if (inserted) {
        RankedTensorType t = tensorType(w.getResult());
        weightTable += "  {" + quote(key) + ", " + dtypeEnum(*elemType(t.getElementType())) +
                       ", " + std::to_string(t.getRank()) + ", {";
        for (int64_t i = 0; i < t.getRank(); ++i)
          weightTable += (i ? ", " : "") + std::to_string(t.getDimSize(i));
        weightTable += "}},\n";
      }
      storage[w.getResult()] = Storage{(gpu ? "asrc_rt_cuda_weight(model, " : "asrc_rt_weight(model, ") +
                                       std::to_string(it->second) + ")"};
      RankedTensorType wt = tensorType(w.getResult());
      dimsOs << "  int64_t " << name(w.getResult()) << "_d[" << std::max<int64_t>(1, wt.getRank())
             << "] = {";
      for (int64_t i = 0; i < wt.getRank(); ++i)
        dimsOs << (i ? ", " : "") << wt.getDimSize(i);
      dimsOs << "};\n";
      continue;
    }
    if (auto c = dyn_cast<arith::ConstantOp>(op)) {
      auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
      if (!dense)
        return c.emitOpError("codegen: only dense tensor constants are supported");
      std::string cname = "kConst_" + entry + "_" + name(c.getResult());
      RankedTensorType t = tensorType(c.getResult());
      Type elt = t.getElementType();
      std::string ctype = elt.isF32() ? "float" : elt.isInteger(32) ? "int32_t" : elt.isInteger(64) ? "int64_t" : "";
      if (ctype.empty())
        return c.emitOpError("codegen: constants are f32, i32 or i64");
      if (!emittedConstants.insert(cname).second) {
        // The other backend's body already defined it.
      } else {
        constantsOs += "alignas(64) static const " + ctype + " " + cname + "[] = {";
        int64_t n = t.getNumElements();
        for (int64_t i = 0; i < n; ++i) {
          if (elt.isF32()) {
            char buf[48];
            float f = dense.isSplat() ? dense.getSplatValue<float>() : dense.getValues<float>()[i];
            // Hexadecimal float literals are exact and always valid C++17
            // ("%.9gf" printed 1.0 as the invalid "1f").
            if (std::isnan(f))
              snprintf(buf, sizeof(buf), "__builtin_nanf(\"\")");
            else if (std::isinf(f))
              snprintf(buf, sizeof(buf), f > 0 ? "__builtin_inff()" : "-__builtin_inff()");
            else
              snprintf(buf, sizeof(buf), "%af", f);
            constantsOs += (i ? ", " : "") + std::string(buf);
          } else {
            APInt a = dense.isSplat() ? dense.getSplatValue<APInt>() : dense.getValues<APInt>()[i];
            constantsOs += (i ? ", " : "") + std::to_string(a.getSExtValue());
          }
        }
        constantsOs += "};\n";
      }
      hostPtr[c.getResult()] = cname;
      storage[c.getResult()] = Storage{cname};
      dimsOs << "  int64_t " << name(c.getResult()) << "_d[" << std::max<int64_t>(1, t.getRank())
             << "] = {";
      for (int64_t i = 0; i < t.getRank(); ++i)
        dimsOs << (i ? ", " : "") << t.getDimSize(i);
      dimsOs << "};\n";
      continue;
    }
    if (failed(emitDims(&op)))
      return failure();
  }
  os << dimsStr;

  // 3. Outputs and the arena.
  os << "  bool allocated[" << std::max<size_t>(1, ret.getNumOperands()) << "] = {};\n";
  DenseSet<Value> outputValues;
  SmallVector<std::pair<Value, std::string>> copies; // returned values that need a copy
  SmallVector<std::pair<Value, std::string>> downloads; // GPU: device value -> host output
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    std::string on = outNames[i];
    RankedTensorType t = tensorType(v);
    // A rejected output frees the ones this call already allocated: on
    // failure the caller gets every output back as it passed it.
    os << "  allocated[" << i << "] = " << on << " && !" << on << "->data;\n"
       << "  if ((err = asrc_rt_prepare_output(" << on << ", " << quote(entry) << ", " << quote(on)
       << ", " << dtypeEnum(*elemType(t.getElementType())) << ", " << t.getRank() << ", "
       << name(v) << "_d))) {\n";
    for (size_t j = 0; j < i; ++j)
      os << "    if (allocated[" << j << "]) asrc_tensor_free(" << outNames[j] << ");\n";
    os << "    return err;\n  }\n";
    Operation *def = v.getDefiningOp();
    bool computed = def && !isa<WeightOp, arith::ConstantOp>(def) && !outputValues.count(v);
    if (computed && !gpu) {
      storage[v] = Storage{on + "->data"};
      outputValues.insert(v);
    } else if (computed) {
      outputValues.insert(v); // computed in the arena, downloaded at the end
      downloads.push_back({v, on});
    } else {
      copies.push_back({v, on});
    }
  }
  int64_t numSlots = 0;
  if (auto n = func->getAttrOfType<IntegerAttr>("asr.num_slots"))
    numSlots = n.getInt();
  // On the GPU the arena also holds the inputs and constants (uploaded) and
  // the outputs' device copies (downloaded): one region each after the
  // planned slots.
  SmallVector<Value> uploads;
  if (gpu) {
    for (BlockArgument arg : block.getArguments())
      uploads.push_back(arg);
    for (Operation &op : block.without_terminator())
      if (auto c = dyn_cast<arith::ConstantOp>(op))
        uploads.push_back(c.getResult());
  }
  std::string slotsStr;
  llvm::raw_string_ostream slotsOs(slotsStr);
  for (Operation &op : block.without_terminator()) {
    auto slots = op.getAttrOfType<DenseI64ArrayAttr>("asr.slots");
    if (!slots)
      continue;
    for (auto [i, s] : llvm::enumerate(slots.asArrayRef())) {
      if (s < 0)
        continue;
      Value v = op.getResult(i);
      slotsOs << "  slot[" << s << "] = std::max(slot[" << s << "], asrc_align(" << bytes(v) << "));\n";
      if (!storage.count(v))
        storage[v] = Storage{"arena + off[" + std::to_string(s) + "]"};
    }
  }
  int64_t numRegions = numSlots;
  auto addRegion = [&](Value v) {
    slotsOs << "  slot[" << numRegions << "] = asrc_align(" << bytes(v) << ");\n";
    return "arena + off[" + std::to_string(numRegions++) + "]";
  };
  for (Value v : uploads)
    storage[v] = Storage{addRegion(v)};
  for (auto &[v, on] : downloads) // computed outputs without a planned slot
    if (!storage.count(v))
      storage[v] = Storage{addRegion(v)};
  SmallVector<std::string> copyDst;
  if (gpu)
    for (auto &[v, on] : copies)
      copyDst.push_back(addRegion(v));
  os << "  size_t slot[" << std::max<int64_t>(1, numRegions) << "] = {};\n" << slotsStr;
  for (Operation &op : block.without_terminator())
    for (Value v : op.getResults())
      if (!storage.count(v))
        return op.emitOpError("codegen: result has no storage (run asr-plan-buffers first)");
  os << "  size_t off[" << std::max<int64_t>(1, numRegions) << "] = {};\n  size_t total = 0;\n"
     << "  for (int i = 0; i < " << numRegions << "; ++i) { off[i] = total; total += slot[i]; }\n";
  if (!gpu) {
    os << "  char *arena = (char *)asrc_rt_arena_acquire(model, total);\n"
       << "  if (!arena && total) err = asrc_rt_error(ASRC_OUT_OF_MEMORY, "
       << quote(fname + ": cannot allocate the workspace") << ");\n"
       << "  asrc_rt_call callState = {};\n  asrc_rt_call *call = &callState;\n"
       << "  if (!err) err = [&]() -> asrc_error * {\n";
  } else {
    os << "  asrc_rt_cuda_call *cc = nullptr;\n"
       << "  if ((err = asrc_rt_cuda_begin(model, " << quote(entry) << ", &cc))) goto fail;\n"
       << "  err = [&]() -> asrc_error * {\n"
       << "    char *arena = nullptr;\n"
       << "    if (asrc_error *e = asrc_rt_cuda_alloc(cc, total, (void **)&arena)) return e;\n";
    for (Value v : uploads)
      os << "    if (asrc_error *e = asrc_rt_cuda_upload(cc, " << storage[v].ptr << ", "
         << hostPtr[v] << ", " << bytes(v) << ")) return e;\n";
  }

  // 4. The kernels.
  for (Operation &op : block.without_terminator())
    if (failed(emitOp(&op)))
      return failure();
  for (auto [i, vc] : llvm::enumerate(copies)) {
    auto &[v, on] = vc;
    if (gpu) {
      bodyOs << "  if (asrc_error *e = asrc_rt_cuda_copy(cc, " << copyDst[i] << ", "
             << storage[v].ptr << ", " << bytes(v) << ")) return e;\n";
      downloads.push_back({v, on});
      storage[v] = Storage{copyDst[i]};
      continue;
    }
    k::KernelDesc d;
    d.kind = k::KernelKind::Copy;
    d.inputs = {tensorDesc(v)};
    d.outputs = {tensorDesc(v)};
    BufArg dst = arg(v);
    dst.ptr = on + "->data";
    dst.strides = "nullptr";
    emitCall(ret, d, {arg(v), dst});
  }
  for (auto &[v, on] : downloads)
    bodyOs << "  if (asrc_error *e = asrc_rt_cuda_download(cc, " << on << "->data, "
           << storage[v].ptr << ", " << bytes(v) << ")) return e;\n";
  os << bodyStr << "    return nullptr;\n  }();\n";
  if (!gpu)
    os << "  asrc_rt_arena_release(model, arena);\n";
  else
    os << "fail:\n  err = asrc_rt_cuda_end(cc, err);\n";
  os << "  if (err) {\n";
  for (auto [i, on] : llvm::enumerate(outNames))
    os << "    if (allocated[" << i << "]) asrc_tensor_free(" << on << ");\n";
  os << "  }\n  return err;\n}\n\n";
  out.source += src;
  return success();
}

LogicalResult Emitter::run() {
  auto nameAttr = module->getAttrOfType<StringAttr>("asr.model");
  out.name = nameAttr ? nameAttr.str() : module.getName().value_or("model").str();
  if (!isIdentifier(out.name))
    return module.emitError("codegen: the model name must be a C identifier, got '") << out.name << "'";
  std::string guard = "ASRC_MODEL_" + out.name + "_H";
  for (char &c : guard)
    c = std::toupper(static_cast<unsigned char>(c));
  out.header = "/* " + out.name + ".h: generated by asrc. The C API of lib" + out.name +
               ".so; see runtime/asrc.h for asrc_tensor, asrc_error and asrc_options. */\n"
               "#ifndef " + guard + "\n#define " + guard + "\n\n#include \"asrc.h\"\n\n"
               "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
               "/* Loads the weights (safetensors, mmap'ed) and checks them against the model. */\n"
               "asrc_error *" + out.name + "_create(const char *weights_path, const asrc_options *options, asrc_model **model);\n"
               "void " + out.name + "_destroy(asrc_model *model);\n\n";
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal() && failed(emitFunc(func)))
      return failure();
  out.header += "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";

  std::string prelude =
      "// Generated by asrc from the asr IR of model '" + out.name + "'. Do not edit.\n"
      "#include \"asrc.h\"\n#include \"asrc_rt.h\"\n#include \"HalideRuntime.h\"\n\n"
      "#include <algorithm>\n#include <cstdint>\n#include <cstddef>\n\n"
      "static inline int64_t asrc_bdim(int64_t a, int64_t b) { return a == 1 ? b : a; }\n"
      "static inline int64_t asrc_conv_len(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d) {\n"
      "  int64_t n = in + 2 * p - d * (k - 1) - 1;\n  return n < 0 ? 0 : n / s + 1;\n}\n"
      "static inline int64_t asrc_slice_len(int64_t dim, int64_t start, int64_t end, int64_t step) {\n"
      "  int64_t e = end < 0 ? dim : std::min(end, dim), s = std::min(start, dim);\n"
      "  return e > s ? (e - s - 1) / step + 1 : 0;\n}\n"
      "static inline size_t asrc_align(size_t n) { return (n + 63) & ~(size_t)63; }\n"
      "/* Scratch memory from the model's arena, returned when it goes out of scope. */\n"
      "struct asrc_scratch {\n"
      "  asrc_model *m; void *p;\n"
      "  asrc_scratch(asrc_model *m, size_t n) : m(m), p(n ? asrc_rt_arena_acquire(m, n) : nullptr) {}\n"
      "  ~asrc_scratch() { if (p) asrc_rt_arena_release(m, p); }\n"
      "};\n"
      "static inline int64_t asrc_elements(const int64_t *d, int rank) {\n"
      "  int64_t n = 1;\n  for (int i = 0; i < rank; ++i) n *= d[i];\n  return n;\n}\n"
      "/* Integer inputs that index tables (token ids, positions) must be in [lo, hi). */\n"
      "static asrc_error *asrc_check_range(const void *p, asrc_dtype t, int64_t n, int64_t lo,\n"
      "                                    int64_t hi, const char *what) {\n"
      "  for (int64_t i = 0; i < n; ++i) {\n"
      "    int64_t v = t == ASRC_I64 ? ((const int64_t *)p)[i] : ((const int32_t *)p)[i];\n"
      "    if (v < lo || v >= hi)\n"
      "      return asrc_rt_error(ASRC_INVALID_ARGUMENT, \"%s: element %lld is %lld: expected a value in [%lld, %lld)\",\n"
      "                           what, (long long)i, (long long)v, (long long)lo, (long long)hi);\n"
      "  }\n  return nullptr;\n}\n"
"\n";
  std::string weights = "static const asrc_rt_weight_spec kWeights[] = {\n" + weightTable +
                        (weightTable.empty() ? "  {nullptr, ASRC_F32, 0, {0}},\n" : "") + "};\n\n";
  std::string table;
  if (failed(emitEntryTable(module, entryPorts, table)))
    return failure();
  std::string create =
      "extern \"C\" asrc_error *" + out.name +
      "_create(const char *weights_path, const asrc_options *options, asrc_model **model) {\n"
      "  asrc_error *err = asrc_rt_model_create(" + quote(out.name) + ", kWeights, " +
      std::to_string(weightIndex.size()) + ", weights_path, options, model);\n"
      "  if (!err)\n"
      "    asrc_rt_model_set_program(*model, kAsrcEntries, " + std::to_string(entryPorts.size()) +
      ", kAsrcDecoding);\n"
      "  if (!err)\n"
      "    asrc_rt_model_set_info(*model, kAsrcInfo);\n" +
      // The device choice (a host-only library refuses options.device = cuda).
      "  if (!err && (err = asrc_rt_model_set_cuda(*model, " +
      (options.cuda ? "asrc_cuda_image_" + out.name + ", asrc_cuda_image_size_" + out.name
                    : std::string("nullptr, 0")) +
      ", " + (options.host ? "1" : "0") +
      "))) {\n    asrc_model_destroy(*model);\n    *model = nullptr;\n  }\n" +
      "  return err;\n}\n"
      "extern \"C\" void " + out.name + "_destroy(asrc_model *model) { asrc_model_destroy(model); }\n\n";
  if (options.cuda)
    prelude += "/* The CUDA kernels, a fatbin image (sm_80, sm_90, PTX) linked in by asrc. */\n"
               "extern \"C\" const unsigned char asrc_cuda_image_" + out.name + "[];\n"
               "extern \"C\" const size_t asrc_cuda_image_size_" + out.name + ";\n\n";
  out.source = prelude + protoOs + "\n" + constantsOs + "\n" + weights + out.source + table + create;
  return success();
}

} // namespace

LogicalResult emitModel(ModuleOp module, EmittedModel &out, const EmitOptions &options) {
  Emitter emitter(module, out, options);
  return emitter.run();
}

} // namespace asr

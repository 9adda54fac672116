//===- Kernels.cpp - dispatch KernelDesc -> Halide pipeline ---------------===//
//
// The dispatcher over KernelKind (compute kinds: KernelsCompute.cpp, data
// kinds: KernelsData.cpp), knob checking, the helpers of KernelsInternal.h,
// and KernelDesc::key().
//
//===----------------------------------------------------------------------===//

#include "codegen/halide/Kernels.h"
#include "codegen/halide/KernelsInternal.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace asr::kernels {

using namespace Halide;

const char *kindName(KernelKind kind) {
  switch (kind) {
  case KernelKind::Matmul: return "Matmul";
  case KernelKind::Unary: return "Unary";
  case KernelKind::Scale: return "Scale";
  case KernelKind::Binary: return "Binary";
  case KernelKind::Reduce: return "Reduce";
  case KernelKind::Softmax: return "Softmax";
  case KernelKind::LogSoftmax: return "LogSoftmax";
  case KernelKind::LayerNorm: return "LayerNorm";
  case KernelKind::Conv1D: return "Conv1D";
  case KernelKind::Conv2D: return "Conv2D";
  case KernelKind::ScoreDot: return "ScoreDot";
  case KernelKind::ScoreAdditive: return "ScoreAdditive";
  case KernelKind::WeightedSum: return "WeightedSum";
  case KernelKind::Transpose: return "Transpose";
  case KernelKind::Copy: return "Copy";
  case KernelKind::Concat: return "Concat";
  case KernelKind::Slice: return "Slice";
  case KernelKind::UpdateSlice: return "UpdateSlice";
  case KernelKind::Embedding: return "Embedding";
  case KernelKind::SinusoidalPosition: return "SinusoidalPosition";
  case KernelKind::LearnedPosition: return "LearnedPosition";
  case KernelKind::SubsampleLengths: return "SubsampleLengths";
  case KernelKind::FusedAttention: return "FusedAttention";
  case KernelKind::LogMel: return "LogMel";
  case KernelKind::RecurrentStep: return "RecurrentStep";
  }
  return "<unknown kind>";
}

bool isComputeKind(KernelKind kind) {
  switch (kind) {
  case KernelKind::Matmul:
  case KernelKind::Conv1D:
  case KernelKind::Conv2D:
  case KernelKind::LayerNorm:
  case KernelKind::Softmax:
  case KernelKind::LogSoftmax:
  case KernelKind::Reduce:
  case KernelKind::ScoreDot:
  case KernelKind::ScoreAdditive:
  case KernelKind::WeightedSum:
    return true;
  default:
    return false;
  }
}

static bool isDataKind(KernelKind kind) {
  switch (kind) {
  case KernelKind::Unary:
  case KernelKind::Scale:
  case KernelKind::Binary:
  case KernelKind::Transpose:
  case KernelKind::Copy:
  case KernelKind::Concat:
  case KernelKind::Slice:
  case KernelKind::UpdateSlice:
  case KernelKind::Embedding:
  case KernelKind::SinusoidalPosition:
  case KernelKind::LearnedPosition:
  case KernelKind::SubsampleLengths:
    return true;
  default:
    return false;
  }
}

bool isSupported(const KernelDesc &desc) {
  return isComputeKind(desc.kind) || isDataKind(desc.kind) ||
         desc.kind == KernelKind::FusedAttention || desc.kind == KernelKind::LogMel;
}

//===----------------------------------------------------------------------===//
// Knobs and dispatch
//===----------------------------------------------------------------------===//

std::map<std::string, int64_t> defaultKnobs(const KernelDesc &desc,
                                            const Target &target) {
  std::map<std::string, int64_t> knobs;
  if (isComputeKind(desc.kind))
    knobs = computeKnobs(desc, target);
  else if (isDataKind(desc.kind))
    knobs = dataKnobs(desc, target);
  else if (desc.kind == KernelKind::FusedAttention)
    knobs = attentionKnobs(desc, target);
  else if (desc.kind == KernelKind::LogMel)
    knobs = frontEndKnobs(desc, target);
  else
    fail(desc.kind, "kind not implemented by the Halide backend");
  knobs.emplace(kNaiveKnob, 0);
  return knobs;
}

BuiltKernel buildKernel(const KernelDesc &desc, const Target &target,
                        const Schedule *overrides) {
  std::map<std::string, int64_t> knobs = defaultKnobs(desc, target);
  if (overrides) {
    for (const auto &[name, value] : overrides->knobs) {
      auto it = knobs.find(name);
      if (it == knobs.end()) {
        std::string known;
        for (const auto &kv : knobs)
          known += (known.empty() ? "" : ", ") + kv.first;
        throw std::invalid_argument(std::string(kindName(desc.kind)) +
                                    ": unknown schedule knob '" + name +
                                    "' (known: " + known + ")");
      }
      it->second = value;
    }
  }
  if (isComputeKind(desc.kind))
    return buildCompute(desc, target, knobs);
  if (desc.kind == KernelKind::FusedAttention)
    return buildAttention(desc, target, knobs);
  if (desc.kind == KernelKind::LogMel)
    return buildFrontEnd(desc, target, knobs);
  return buildData(desc, target, knobs);
}

std::vector<Argument> BuiltKernel::arguments() const {
  std::vector<Argument> args;
  args.reserve(inputs.size());
  for (const ImageParam &p : inputs)
    args.push_back(p);
  return args;
}

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

void fail(KernelKind kind, const std::string &why) {
  throw std::invalid_argument(std::string(kindName(kind)) + ": " + why);
}

int64_t knob(const std::map<std::string, int64_t> &knobs,
             const std::string &name, KernelKind kind) {
  auto it = knobs.find(name);
  if (it == knobs.end())
    fail(kind, "internal error: missing schedule knob '" + name + "'");
  return it->second;
}

Type halideType(ElemType t) {
  switch (t) {
  case ElemType::F32: return Float(32);
  case ElemType::F16: return Float(16);
  case ElemType::BF16: return BFloat(16);
  case ElemType::I32: return Int(32);
  case ElemType::I64: return Int(64);
  }
  return Float(32);
}

ImageParam makeInput(const TensorDesc &t, const std::string &name) {
  ImageParam p(halideType(t.type), t.rank(), name);
  for (int i = 0; i < t.rank(); ++i) {
    int64_t ext = t.dims[t.rank() - 1 - i];
    if (ext >= 0)
      p.dim(i).set_bounds(0, static_cast<int>(ext));
    else
      p.dim(i).set_min(0);
  }
  return p;
}

void constrainOutput(Func out, const TensorDesc &t) {
  OutputImageParam ob = out.output_buffer();
  for (int i = 0; i < t.rank(); ++i) {
    int64_t ext = t.dims[t.rank() - 1 - i];
    if (ext >= 0)
      ob.dim(i).set_bounds(0, static_cast<int>(ext));
    else
      ob.dim(i).set_min(0);
  }
}

Expr extentOf(const TensorDesc &t, const ImageParam &p, int rowMajorDim) {
  int64_t ext = t.dims[rowMajorDim];
  if (ext >= 0)
    return Expr(static_cast<int>(ext));
  return p.dim(t.rank() - 1 - rowMajorDim).extent();
}

int naturalLanes(const Target &target, Type t) {
  return std::max(1, target.natural_vector_size(t));
}

BuiltKernel finish(std::vector<Func> outputs, std::vector<ImageParam> inputs) {
  BuiltKernel k{Pipeline(outputs), std::move(inputs)};
  return k;
}

//===----------------------------------------------------------------------===//
// KernelDesc::key
//===----------------------------------------------------------------------===//

static const char *elemName(ElemType t) {
  switch (t) {
  case ElemType::F32: return "f32";
  case ElemType::F16: return "f16";
  case ElemType::BF16: return "bf16";
  case ElemType::I32: return "i32";
  case ElemType::I64: return "i64";
  }
  return "?";
}

static void printTensor(std::ostringstream &os, const TensorDesc &t,
                        std::string (*dim)(int64_t)) {
  os << elemName(t.type) << '[';
  for (size_t i = 0; i < t.dims.size(); ++i)
    os << (i ? "x" : "") << (t.dims[i] < 0 ? std::string("?") : dim(t.dims[i]));
  os << ']';
}

static std::string plainDim(int64_t d) { return std::to_string(d); }

std::string describeDesc(const KernelDesc &d, std::string (*dim)(int64_t), bool withFloats) {
  std::ostringstream os;
  os << kindName(d.kind);
  if (!d.fn.empty())
    os << ':' << d.fn;
  os << '(';
  for (size_t i = 0; i < d.inputs.size(); ++i) {
    if (i)
      os << ',';
    printTensor(os, d.inputs[i], dim);
  }
  os << ")->(";
  for (size_t i = 0; i < d.outputs.size(); ++i) {
    if (i)
      os << ',';
    printTensor(os, d.outputs[i], dim);
  }
  os << ')';
  for (const auto &[k, v] : d.ints)
    os << ' ' << k << '=' << v;
  if (withFloats)
    for (const auto &[k, v] : d.floats) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      os << ' ' << k << '=' << buf;
    }
  for (const auto &[k, v] : d.lists) {
    os << ' ' << k << "=[";
    for (size_t i = 0; i < v.size(); ++i)
      os << (i ? "," : "") << v[i];
    os << ']';
  }
  return os.str();
}

} // namespace asr::kernels

// Kind, fn, input and output types and dims ('?' = dynamic), then the
// attributes in map order; floats printed with 17 significant digits so that
// distinct values never share a key. Example:
//   Matmul(f32[?x?x384],f32[1536x384])->(f32[?x?x1536]) transpose_lhs=0 transpose_rhs=1
std::string asr::kernels::KernelDesc::key() const {
  return describeDesc(*this, plainDim, /*withFloats=*/true);
}
